package sqlscope_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tenantvet/tenantvet/analyzers/sqlscope"
)

func TestScopeMode(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "a", "a/db")
}
