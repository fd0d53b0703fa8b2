package logredact_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tenantvet/tenantvet/analyzers/logredact"
)

// TestHeldOut2: the second held-out measurement (docs/heldout.md, "Second measurement"): shapes
// collected before any change, each leak beside its twin that logs what is safe. The // want
// lines state what the analyzer reported when measured; a leak it missed carries a
// "MISSED (heldout2)" comment.
func TestHeldOut2(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), logredact.Analyzer,
		"heldout2/dumpserver", "heldout2/dumpreq", "heldout2/slogwith")
}
