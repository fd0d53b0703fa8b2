package sqlscope_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tenantvet/tenantvet/analyzers/sqlscope"
)

// TestHeldOut2: the second held-out measurement (docs/heldout.md, "Second measurement"): shapes
// collected before any change, each leak beside its fixed twin, in filter mode on the second
// held-out schema. The // want lines state what the analyzer reported when measured; a leak it
// missed carries a "MISSED (heldout2)" comment.
func TestHeldOut2(t *testing.T) {
	setFlags(t, "migrations", filepath.Join(analysistest.TestData(), "migrations", "heldout2", "filter"))
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer,
		"heldout2/gormhelper", "heldout2/pgxprojects", "heldout2/bundal/...", "heldout2/sqlxworkspace", "heldout2/sqmaybe")
}

// TestHeldOut2Scope: the second measurement's scope-mode shape, on a schema with row level
// security.
func TestHeldOut2Scope(t *testing.T) {
	setFlags(t, "migrations", filepath.Join(analysistest.TestData(), "migrations", "heldout2", "rls"))
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "heldout2/settx")
}

// TestHeldOut2Ent: the second measurement's ent shape, on the ent test schema.
func TestHeldOut2Ent(t *testing.T) {
	setFlags(t, "migrations", filepath.Join(analysistest.TestData(), "migrations", "ent"))
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "heldout2/entcallback")
}
