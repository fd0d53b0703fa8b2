package sqlscope_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tenantvet/tenantvet/analyzers/sqlscope"
)

// TestHeldOut: reduced rewrites of shapes from public multi-tenant Go services (docs/heldout.md),
// each leak beside its fixed twin, in filter mode on the held-out schema.
func TestHeldOut(t *testing.T) {
	setFlags(t, "migrations", filepath.Join(analysistest.TestData(), "migrations", "heldout"))
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer,
		"heldout/rulestore/...", "heldout/policies/...", "heldout/bunstmt", "heldout/sqdelete",
		"heldout/gormtenant", "heldout/childvault")
}
