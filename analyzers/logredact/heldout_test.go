package logredact_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tenantvet/tenantvet/analyzers/logredact"
)

// TestHeldOut: reduced rewrites of webhook receivers from public Go code (docs/heldout.md): the
// body printed, copied to stdout, cleaned of newlines and printed, or returned by a helper and
// logged by a middleware; the headers printed whole; each beside a twin that logs what is safe.
func TestHeldOut(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), logredact.Analyzer, "heldout/webhook")
}
