package directive_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tenantvet/tenantvet/analyzers/directive"
)

func TestChecksTurnRulesOff(t *testing.T) {
	if err := directive.Analyzer.Flags.Set("checks", "all,-TV0001,-TV0002"); err != nil {
		t.Fatal(err)
	}
	defer directive.Analyzer.Flags.Set("checks", "")
	analysistest.Run(t, analysistest.TestData(), directive.Analyzer, "checksoff")
}

func TestChecksDefaultReportsEveryRule(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), directive.Analyzer, "checkson")
}

func TestChecksFlagRejectsUnknownRule(t *testing.T) {
	if err := directive.Analyzer.Flags.Set("checks", "all,-TV9999"); err == nil {
		t.Error("an unknown rule was accepted")
	}
}
