package directive_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tenantvet/tenantvet/analyzers/directive"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), directive.Analyzer, "a")
}
