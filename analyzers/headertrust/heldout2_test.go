package headertrust_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tenantvet/tenantvet/analyzers/headertrust"
)

// TestHeldOut2: the second held-out measurement (docs/heldout.md, "Second measurement"): shapes
// collected before any change, each leak beside its fixed twin. The // want lines state what the
// analyzer reported when measured; a leak it missed carries a "MISSED (heldout2)" comment.
func TestHeldOut2(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), headertrust.Analyzer,
		"heldout2/ginfallback/...", "heldout2/uuidheader", "heldout2/orgparam", "heldout2/getter/...")
}
