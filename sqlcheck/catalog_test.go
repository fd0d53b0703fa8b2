package sqlcheck

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/tenantvet/tenantvet/internal/config"
	"github.com/tenantvet/tenantvet/internal/sqlquery"
)

// TestCatalogAnswersLikeTheModel: for every table and view of the example's migrations (both
// twins), under the names a query may use, the catalog gives the model's answers, whether it was
// worked out in this process or read back from the disk cache by another one.
func TestCatalogAnswersLikeTheModel(t *testing.T) {
	isolated, noRLS := 0, 0
	for _, twin := range []string{"leaky", "fixed"} {
		t.Run(twin, func(t *testing.T) {
			i, n := compareCatalog(t, twin)
			isolated += i
			noRLS += n
		})
	}
	// Both kinds of table were compared, so both answers were exercised.
	if isolated == 0 || noRLS == 0 {
		t.Errorf("%d isolated tables and %d without RLS compared: the comparison proves little", isolated, noRLS)
	}
}

func compareCatalog(t *testing.T, twin string) (isolated, noRLS int) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", cache)
	set := config.Default()
	set.Migrations = []string{filepath.Join("..", "testdata", "example", twin, "migrations")}
	set.AppRole = "notes_app"
	model, err := LoadForAnalysis(set)
	if err != nil || model == nil {
		t.Fatalf("LoadForAnalysis: %v", err)
	}
	fresh, err := LoadCatalog(set)
	if err != nil || fresh == nil {
		t.Fatalf("LoadCatalog: %v", err)
	}
	if files, _ := filepath.Glob(filepath.Join(cache, "tenantvet", "catalog-*.json")); len(files) != 1 {
		t.Fatalf("catalog cache files = %v, want 1", files)
	}
	loadMu.Lock()
	catalogMemo = map[string]*Catalog{}
	loadMu.Unlock()
	cached, err := LoadCatalog(set)
	if err != nil || cached == nil || cached == fresh {
		t.Fatalf("LoadCatalog from the disk cache: %v", err)
	}
	var names []string
	for name := range model.Tables {
		names = append(names, name, name[len("public."):], `"`+name[len("public."):]+`"`)
	}
	for name := range model.Views {
		names = append(names, name, name[len("public."):])
	}
	names = append(names, "no_such_table", "other.notes")
	if model.HasRLS() != fresh.HasRLS() || model.HasRLS() != cached.HasRLS() {
		t.Errorf("HasRLS differs")
	}
	checked := 0
	for _, c := range []*Catalog{fresh, cached} {
		for _, n := range names {
			mc, mok := model.TenantColumn(n)
			cc, cok := c.TenantColumn(n)
			if mc != cc || mok != cok || model.IsGlobal(n) != c.IsGlobal(n) || model.Known(n) != c.Known(n) ||
				model.TableHasRLS(n) != c.TableHasRLS(n) || model.RLSEnabled(n) != c.RLSEnabled(n) ||
				!reflect.DeepEqual(model.TenantParents(n), c.TenantParents(n)) {
				t.Errorf("%s: catalog and model disagree", n)
			}
			checked++
		}
	}
	for name := range model.Tables {
		if model.TableHasRLS(name) {
			isolated++
		}
		if !model.RLSEnabled(name) {
			noRLS++
		}
	}
	if checked < 20 {
		t.Errorf("only %d names compared", checked)
	}
	return isolated, noRLS
}

// TestForgetLoadedServesTheEditedSchema: within a run the memo answers from the settings alone
// (the migrations are not read again); after ForgetLoaded the catalog follows the migrations'
// new content, though their paths did not change, and the old content's catalog is still
// served from the disk cache when the file is restored.
func TestForgetLoadedServesTheEditedSchema(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", cache)
	dir := t.TempDir()
	file := filepath.Join(dir, "0001_init.up.sql")
	global := "CREATE TABLE tenants (id uuid PRIMARY KEY);\nCREATE TABLE plans (id uuid PRIMARY KEY, name text NOT NULL);\n"
	owned := "CREATE TABLE tenants (id uuid PRIMARY KEY);\nCREATE TABLE plans (id uuid PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants(id), name text NOT NULL);\n"
	write := func(content string) {
		t.Helper()
		if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	set := config.Default()
	set.Migrations = []string{dir}
	tenantOwned := func() bool {
		t.Helper()
		c, err := LoadCatalog(set)
		if err != nil || c == nil {
			t.Fatalf("LoadCatalog: %v", err)
		}
		_, ok := c.TenantColumn("plans")
		return ok
	}
	t.Cleanup(ForgetLoaded)
	ForgetLoaded()
	write(global)
	if tenantOwned() {
		t.Fatal("plans without a tenant column is tenant-owned")
	}
	write(owned)
	if tenantOwned() {
		t.Fatal("the memo did not answer within the run: the migrations were read again")
	}
	ForgetLoaded()
	if !tenantOwned() {
		t.Fatal("after ForgetLoaded the catalog of the old migrations is still served")
	}
	write(global)
	ForgetLoaded()
	if tenantOwned() {
		t.Fatal("after restoring the migration the edited schema is still served")
	}
}

// childSchema: comments and note_links belong to a tenant through notes (a single and a
// composite key), and reactions through comments (a grandchild: its parent is a child); the rest
// are not child tables: a table with its own tenant column, one marked global, one referencing
// only a global table, the tenants table (which references the tenant-owned users), a child of
// the global samples, and a cycle of tables that reference only each other.
const childSchema = `
CREATE TABLE tenants (id uuid PRIMARY KEY, owner_id uuid);
CREATE TABLE users (id uuid PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants (id));
ALTER TABLE tenants ADD FOREIGN KEY (owner_id) REFERENCES users (id);
-- tenantvet:global -- the plan catalogue is the same for every tenant
CREATE TABLE plans (id text PRIMARY KEY);
CREATE TABLE notes (id uuid PRIMARY KEY, rev int NOT NULL, tenant_id uuid NOT NULL REFERENCES tenants (id), plan_id text REFERENCES plans (id), UNIQUE (id, rev));
CREATE TABLE comments (id uuid PRIMARY KEY, note_id uuid NOT NULL REFERENCES notes, body text);
CREATE TABLE note_links (note_id uuid NOT NULL, rev int NOT NULL, url text, FOREIGN KEY (note_id, rev) REFERENCES notes (id, rev));
CREATE TABLE reactions (id uuid PRIMARY KEY, comment_id uuid REFERENCES comments (id));
CREATE TABLE tags (id uuid PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants (id), note_id uuid REFERENCES notes (id));
-- tenantvet:global -- shared samples, not tenant data
CREATE TABLE samples (id uuid PRIMARY KEY, note_id uuid REFERENCES notes (id));
CREATE TABLE plan_features (plan_id text REFERENCES plans (id), name text);
CREATE TABLE sample_notes (id uuid PRIMARY KEY, sample_id uuid REFERENCES samples (id));
CREATE TABLE loop_a (id uuid PRIMARY KEY, b_id uuid);
CREATE TABLE loop_b (id uuid PRIMARY KEY, a_id uuid REFERENCES loop_a (id));
ALTER TABLE loop_a ADD FOREIGN KEY (b_id) REFERENCES loop_b (id);
`

// TestCatalogChildTables: the catalog records a child table's parents (the referenced tenant
// table, the key's columns and the referenced ones) and calls the child tenant-owned without
// a column, the same whether worked out here or read back from the disk cache.
func TestCatalogChildTables(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", cache)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "001_init.up.sql"), []byte(childSchema), 0o644); err != nil {
		t.Fatal(err)
	}
	set := config.Default()
	set.Migrations = []string{dir}
	fresh, err := LoadCatalog(set)
	if err != nil || fresh == nil {
		t.Fatalf("LoadCatalog: %v", err)
	}
	loadMu.Lock()
	catalogMemo = map[string]*Catalog{}
	loadMu.Unlock()
	cached, err := LoadCatalog(set)
	if err != nil || cached == nil || cached == fresh {
		t.Fatalf("LoadCatalog from the disk cache: %v", err)
	}
	model, err := LoadForAnalysis(set)
	if err != nil || model == nil {
		t.Fatalf("LoadForAnalysis: %v", err)
	}
	want := map[string][]sqlquery.Parent{
		"comments":   {{Table: "notes", Column: "tenant_id", Cols: []string{"note_id"}, RefCols: []string{"id"}}},
		"note_links": {{Table: "notes", Column: "tenant_id", Cols: []string{"note_id", "rev"}, RefCols: []string{"id", "rev"}}},
		"reactions":  {{Table: "comments", Column: "", Cols: []string{"comment_id"}, RefCols: []string{"id"}}},
	}
	for _, table := range []string{"tenants", "users", "plans", "notes", "comments", "note_links", "reactions", "tags", "samples", "plan_features", "sample_notes", "loop_a", "loop_b"} {
		for name, c := range map[string]sqlquery.Catalog{"fresh": fresh, "cached": cached, "model": model} {
			parents := c.TenantParents(table)
			if !reflect.DeepEqual(parents, want[table]) {
				t.Errorf("%s: TenantParents(%s) = %+v, want %+v", name, table, parents, want[table])
			}
			col, ok := c.TenantColumn(table)
			if want[table] != nil && (col != "" || !ok) {
				t.Errorf("%s: TenantColumn(%s) = %q, %v; want a tenant table without a column", name, table, col, ok)
			}
		}
	}
	for _, table := range []string{"tenants", "plans", "samples", "plan_features", "sample_notes", "loop_a", "loop_b"} {
		if _, ok := fresh.TenantColumn(table); ok {
			t.Errorf("TenantColumn(%s): tenant-owned, want not", table)
		}
	}
}
