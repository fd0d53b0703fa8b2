package logredact_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tenantvet/tenantvet/analyzers/logredact"
)

func TestSlog(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), logredact.Analyzer, "slogcases")
}

func TestLogAndFmt(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), logredact.Analyzer, "logcases")
}

func TestZap(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), logredact.Analyzer, "zapcases")
}

func TestZerolog(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), logredact.Analyzer, "zerologcases")
}

func TestLogrus(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), logredact.Analyzer, "logruscases")
}
