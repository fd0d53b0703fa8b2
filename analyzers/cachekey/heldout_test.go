package cachekey_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tenantvet/tenantvet/analyzers/cachekey"
)

// TestHeldOut: reduced rewrites of tenant caches from public Go services (docs/heldout.md): a
// settings map filled once for the first tenant, a settings map keyed by the setting alone, an
// org-to-tenant resolver (a map to the tenant itself) and a shared fetch under a constant key,
// each beside a twin keyed by the tenant.
func TestHeldOut(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), cachekey.Analyzer, "heldout/settings", "heldout/orgresolve")
}
