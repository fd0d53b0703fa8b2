package jobpayload_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tenantvet/tenantvet/analyzers/jobpayload"
)

// TestHeldOut2: the second held-out measurement (docs/heldout.md, "Second measurement"): job
// shapes from public Go code collected before any change, each leak beside a twin that carries
// the tenant. The // want lines state what the analyzer reported when measured; a leak it
// missed carries a "MISSED (heldout2)" comment.
func TestHeldOut2(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), jobpayload.Analyzer,
		"heldout2/asynqemail", "heldout2/riverbase", "heldout2/asynqtasks", "heldout2/riverworkflow")
}
