package cachekey_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tenantvet/tenantvet/analyzers/cachekey"
)

// TestHeldOut2: the second held-out measurement (docs/heldout.md, "Second measurement"): shapes
// collected before any change, each leak beside its twin keyed by the tenant. The // want lines
// state what the analyzer reported when measured; a leak it missed carries a
// "MISSED (heldout2)" comment.
func TestHeldOut2(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), cachekey.Analyzer,
		"heldout2/entitlements", "heldout2/apikeys", "heldout2/authctx/...")
}
