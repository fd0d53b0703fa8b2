package jobpayload_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tenantvet/tenantvet/analyzers/jobpayload"
)

func TestRiver(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), jobpayload.Analyzer, "riverjobs")
}

func TestAsynq(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), jobpayload.Analyzer, "asynqjobs")
}
