package sqlscope_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tenantvet/tenantvet/analyzers/sqlscope"
)

func TestScopeMode(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "a", "a/db")
}

// TestFactsAcrossPackages: store's functions query through their parameters (facts); app calls
// them with the pool (reported at the call) and with a scoped transaction (silent).
func TestFactsAcrossPackages(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "store", "app")
}
