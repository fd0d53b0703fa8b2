package headertrust_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tenantvet/tenantvet/analyzers/headertrust"
)

// TestHeldOut: reduced rewrites of shapes from public multi-tenant Go services (docs/heldout.md),
// each leak beside its fixed twin: a header claim stored under a logging package's context key,
// a header-or-query claim read back by a getter and handed to a service whose repository is an
// interface, and gin routes grouped under "/orgs".
func TestHeldOut(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), headertrust.Analyzer,
		"heldout/ctxlog/...", "heldout/fallback/...", "heldout/ginorgs/...")
}
