package sqlcheck

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/tenantvet/tenantvet/internal/config"
)

func buildSQL(t *testing.T, sql string, set *config.Settings) *Schema {
	t.Helper()
	p := writeFile(t, t.TempDir(), "001_x.sql", sql)
	s, errs := Build([]string{p}, set)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return s
}

func TestReplaySchemas(t *testing.T) {
	s := buildSQL(t, `CREATE SCHEMA app CREATE TABLE accounts (id uuid PRIMARY KEY);
SET search_path TO app, public;
CREATE TABLE docs (id uuid, tenant_id uuid NOT NULL);
RESET search_path;
CREATE TABLE public.old_name (tenant_id uuid);
ALTER TABLE old_name RENAME TO new_name;
ALTER TABLE new_name RENAME COLUMN tenant_id TO org_id;
CREATE TABLE dropped (tenant_id uuid);
DROP TABLE IF EXISTS dropped, never_created;
CREATE TABLE "MixedCase" (tenant_id uuid);
`, config.Default())
	for _, name := range []string{"app.accounts", "app.docs", "public.new_name", "MixedCase", "public.MixedCase"} {
		if !s.Known(name) {
			t.Errorf("%s not known; tables: %v", name, keys(s.Tables))
		}
	}
	if col, ok := s.TenantColumn("app.docs"); !ok || col != "tenant_id" {
		t.Errorf("app.docs tenant column %q %v", col, ok)
	}
	if _, ok := s.TenantColumn("docs"); !ok {
		t.Errorf("unqualified docs resolves to app.docs when public has none")
	}
	if _, ok := s.TenantColumn("new_name"); ok {
		t.Errorf("renamed column org_id is not a tenant column by default")
	}
	if s.Known("dropped") || s.Known("old_name") {
		t.Errorf("dropped or renamed table still known")
	}
}

func TestReplaySetSchemaFollowsReferences(t *testing.T) {
	s := buildSQL(t, `CREATE TABLE tenants (id uuid PRIMARY KEY);
CREATE TABLE notes (id uuid PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants (id));
CREATE VIEW v AS SELECT * FROM notes;
CREATE SCHEMA archive;
ALTER TABLE notes SET SCHEMA archive;
ALTER TABLE tenants RENAME TO accounts;
`, config.Default())
	n := s.Tables["archive.notes"]
	if n == nil || s.Known("public.notes") {
		t.Fatalf("notes not moved to archive: %v", keys(s.Tables))
	}
	if len(n.FKs) != 1 || n.FKs[0].RefTable != "public.accounts" {
		t.Errorf("foreign key does not follow the renamed table: %+v", n.FKs)
	}
	if v := s.Views["public.v"]; v == nil || !slices.Equal(v.Refs, []string{"archive.notes"}) {
		t.Errorf("view does not follow the moved table: %+v", s.Views["public.v"])
	}
}

func TestReplayTenantTablesSetting(t *testing.T) {
	set := config.Default()
	set.TenantTables = []string{"files"}
	set.TenantColumns = []string{"tenant_id", "workspace_id"}
	s := buildSQL(t, "CREATE TABLE files (id uuid);\nCREATE TABLE boards (workspace_id uuid NOT NULL);\n", set)
	if col, ok := s.TenantColumn("files"); !ok || col != "" {
		t.Errorf("files: %q %v", col, ok)
	}
	if col, ok := s.TenantColumn("boards"); !ok || col != "workspace_id" {
		t.Errorf("boards: %q %v", col, ok)
	}
}

func TestReplayDownSectionsAndDumps(t *testing.T) {
	s, errs := Build([]string{filepath.Join("testdata", "layouts", "dump", "structure.sql")}, config.Default())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	n := s.Tables["public.notes"]
	if n == nil || n.PK == nil || !slices.Equal(n.PK.Cols, []string{"id"}) || len(n.FKs) != 1 || !n.RLS || !n.Force || len(n.Policies) != 1 {
		t.Errorf("notes from the dump: %+v", n)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
