package sqlcheck

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tenantvet/tenantvet/internal/config"
)

// base is a correct schema: tenants plus one isolated tenant table. Case SQL appended to it
// starts on line 6.
const base = `CREATE TABLE tenants (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text);
CREATE TABLE notes (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL REFERENCES tenants (id), project_id uuid, body text);
CREATE INDEX notes_tenant_idx ON notes (tenant_id, id);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY iso ON notes USING (tenant_id = current_setting('app.tenant_id', true)::uuid);
`

// tenantTable is a second correct tenant table, five lines.
func tenantTable(name string) string {
	return `CREATE TABLE ` + name + ` (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL REFERENCES tenants (id));
CREATE INDEX ` + name + `_tenant_idx ON ` + name + ` (tenant_id, id);
ALTER TABLE ` + name + ` ENABLE ROW LEVEL SECURITY;
ALTER TABLE ` + name + ` FORCE ROW LEVEL SECURITY;
CREATE POLICY ` + name + `_iso ON ` + name + ` USING (tenant_id = current_setting('app.tenant_id', true)::uuid);
`
}

// runSQL checks one migration file and returns "line:col rule" for unsuppressed findings.
func runSQL(t *testing.T, sql string, set *config.Settings) []string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "001_test.up.sql"), []byte(sql), 0o644); err != nil {
		t.Fatal(err)
	}
	findings, errs := Check([]string{dir}, set)
	if len(errs) > 0 {
		t.Fatalf("Check: %v", errs)
	}
	return findingLines(findings, func(string) string { return "" })
}

func TestBaseIsClean(t *testing.T) {
	if got := runSQL(t, base+tenantTable("projects"), config.Default()); len(got) > 0 {
		t.Errorf("base schema has findings: %v", got)
	}
}

type ruleCase struct {
	name string
	sql  string
	set  func(*config.Settings)
	want []string // ":line:col RULE" for the rule under test only
}

func TestRules(t *testing.T) {
	tests := map[string][]ruleCase{
		"TV5001": {
			{name: "nullable column", sql: base + "CREATE TABLE a (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),\n tenant_id uuid REFERENCES tenants (id));", want: []string{":7:2"}},
			{name: "drop not null", sql: base + "ALTER TABLE notes ALTER COLUMN tenant_id DROP NOT NULL;", want: []string{":6:1"}},
			{name: "set not null later", sql: base + "CREATE TABLE a (tenant_id uuid REFERENCES tenants (id));\nALTER TABLE a ALTER COLUMN tenant_id SET NOT NULL;"},
			{name: "primary key", sql: base + "CREATE TABLE a (tenant_id uuid REFERENCES tenants (id), id uuid, PRIMARY KEY (tenant_id, id));"},
			{name: "other tenant column", sql: base + "CREATE TABLE a (org_id uuid);", set: func(s *config.Settings) { s.TenantColumns = []string{"tenant_id", "org_id"} }, want: []string{":6:17"}},
		},
		"TV5002": {
			{name: "no foreign key", sql: base + "CREATE TABLE a (tenant_id uuid NOT NULL);", want: []string{":6:1"}},
			{name: "added later", sql: base + "CREATE TABLE a (tenant_id uuid NOT NULL);\nALTER TABLE a ADD FOREIGN KEY (tenant_id) REFERENCES tenants (id);"},
			{name: "dropped later", sql: base + "ALTER TABLE notes DROP CONSTRAINT notes_tenant_id_fkey;", want: []string{":2:1"}},
			{name: "composite", sql: base + tenantTable("projects") + "CREATE TABLE a (tenant_id uuid NOT NULL, p uuid, FOREIGN KEY (tenant_id, p) REFERENCES projects (tenant_id, id));"},
			{name: "references another table", sql: base + tenantTable("projects") + "-- tenantvet:global -- people\nCREATE TABLE people (id uuid PRIMARY KEY);\nCREATE TABLE a (tenant_id uuid NOT NULL REFERENCES people (id));", want: []string{":13:41"}},
			{name: "configured tenants table", sql: base + "-- tenantvet:global -- people\nCREATE TABLE people (id uuid PRIMARY KEY);\nCREATE TABLE a (tenant_id uuid NOT NULL REFERENCES people (id));", set: func(s *config.Settings) { s.TenantsTable = "Tenants" }, want: []string{":8:41"}},
			{name: "tied inference accepts any", sql: base + "-- tenantvet:global -- people\nCREATE TABLE people (id uuid PRIMARY KEY);\nCREATE TABLE a (tenant_id uuid NOT NULL REFERENCES people (id));"},
			{name: "table defined elsewhere", sql: base + tenantTable("projects") + "CREATE TABLE a (tenant_id uuid NOT NULL REFERENCES billing.accounts (id));"},
			{name: "composite to a non-tenant column", sql: base + tenantTable("projects") + "CREATE TABLE a (tenant_id uuid NOT NULL, p uuid, FOREIGN KEY (tenant_id, p) REFERENCES projects (id, id));", want: []string{":11:1"}},
		},
		"TV5003": {
			{name: "index dropped", sql: base + "DROP INDEX notes_tenant_idx;", want: []string{":2:1"}},
			{name: "partial index", sql: base + "DROP INDEX notes_tenant_idx;\nCREATE INDEX ON notes (tenant_id) WHERE body IS NOT NULL;"},
			{name: "partial index on another column", sql: base + "DROP INDEX notes_tenant_idx;\nCREATE INDEX ON notes (project_id, tenant_id) WHERE body IS NOT NULL;", want: []string{":2:1"}},
			{name: "expression index", sql: base + "DROP INDEX notes_tenant_idx;\nCREATE INDEX ON notes ((tenant_id::text));", want: []string{":2:1"}},
			{name: "second key", sql: base + "DROP INDEX notes_tenant_idx;\nCREATE INDEX ON notes (id, tenant_id);", want: []string{":2:1"}},
			{name: "primary key first", sql: base + "CREATE TABLE a (tenant_id uuid NOT NULL REFERENCES tenants (id), id uuid, PRIMARY KEY (tenant_id, id));"},
			{name: "unique constraint first", sql: base + "DROP INDEX notes_tenant_idx;\nALTER TABLE notes ADD CONSTRAINT u UNIQUE (tenant_id, body);"},
		},
		"TV5004": {
			{name: "not enabled", sql: base + "CREATE TABLE a (tenant_id uuid NOT NULL REFERENCES tenants (id));", want: []string{":6:1"}},
			{name: "enabled", sql: base + tenantTable("a")},
			{name: "global table", sql: base + "-- tenantvet:global -- shared catalogue\nCREATE TABLE a (tenant_id uuid);"},
			{name: "configured global", sql: base + "CREATE TABLE a (tenant_id uuid);", set: func(s *config.Settings) { s.GlobalTables = []string{"a"} }},
			{name: "configured tenant table", sql: base + "CREATE TABLE a (id int);", set: func(s *config.Settings) { s.TenantTables = []string{"public.a"} }, want: []string{":6:1"}},
		},
		"TV5005": {
			{name: "not forced", sql: base + "CREATE TABLE a (tenant_id uuid NOT NULL REFERENCES tenants (id));\nALTER TABLE a ENABLE ROW LEVEL SECURITY;", want: []string{":6:1"}},
			{name: "forced", sql: base},
		},
		"TV5006": {
			{name: "disable", sql: base + "ALTER TABLE notes DISABLE ROW LEVEL SECURITY;", want: []string{":6:1"}},
			{name: "disable then enable", sql: base + "ALTER TABLE notes DISABLE ROW LEVEL SECURITY;\nALTER TABLE notes ENABLE ROW LEVEL SECURITY;"},
			{name: "no force", sql: base + "ALTER TABLE notes NO FORCE ROW LEVEL SECURITY;", want: []string{":6:1"}},
			{name: "drop policy", sql: base + "DROP POLICY iso ON notes;", want: []string{":6:1"}},
			{name: "drop and recreate", sql: base + "DROP POLICY iso ON notes;\nCREATE POLICY iso ON notes USING (tenant_id = current_setting('app.tenant_id', true)::uuid);"},
			{name: "alter policy", sql: base + "ALTER POLICY iso ON notes USING (true);", want: []string{":6:1"}},
			{name: "alter policy still isolating", sql: base + "ALTER POLICY iso ON notes USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);"},
			{name: "disable inside a do block", sql: base + "DO $$ BEGIN\n  IF true THEN ALTER TABLE notes DISABLE ROW LEVEL SECURITY; END IF;\nEND $$;", want: []string{":7:16"}},
			{name: "helper function replaced", sql: base + tenantTable("projects") + "CREATE FUNCTION current_tenant_id() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;\nDROP POLICY iso ON notes;\nCREATE POLICY iso ON notes USING (tenant_id = current_tenant_id());\nCREATE OR REPLACE FUNCTION current_tenant_id() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;", want: []string{":14:1"}},
			{name: "helper function replaced by an equivalent", sql: base + "CREATE FUNCTION current_tenant_id() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT current_setting('app.tenant_id')::uuid $$;\nDROP POLICY iso ON notes;\nCREATE POLICY iso ON notes USING (tenant_id = current_tenant_id());\nCREATE OR REPLACE FUNCTION current_tenant_id() RETURNS uuid LANGUAGE sql STABLE RETURN nullif(current_setting('app.tenant_id', true), '')::uuid;"},
			{name: "helper function dropped", sql: base + "CREATE FUNCTION current_tenant_id() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;\nDROP POLICY iso ON notes;\nCREATE POLICY iso ON notes USING (tenant_id = current_tenant_id());\nDROP FUNCTION current_tenant_id();", want: []string{":8:1"}},
			{name: "drop restrictive", sql: base + "CREATE POLICY r ON notes AS RESTRICTIVE USING (tenant_id = current_setting('app.tenant_id', true)::uuid);\nCREATE POLICY open ON notes USING (true);\nDROP POLICY r ON notes;", want: []string{":8:1"}},
			{name: "alter policy to other role", sql: base + "ALTER POLICY iso ON notes TO reporting;", set: func(s *config.Settings) { s.AppRole = "notes_app" }, want: []string{":6:1"}},
			{name: "alter policy to app role", sql: base + "ALTER POLICY iso ON notes TO notes_app;", set: func(s *config.Settings) { s.AppRole = "notes_app" }},
			{name: "alter policy to a group of the app role", sql: base + "CREATE ROLE app_users;\nGRANT app_users TO notes_app;\nALTER POLICY iso ON notes TO app_users;", set: func(s *config.Settings) { s.AppRole = "notes_app" }},
			{name: "drop tenant column", sql: base + "ALTER TABLE notes DROP COLUMN tenant_id CASCADE;", want: []string{":6:1"}},
			{name: "rename tenant column", sql: base + tenantTable("projects") + "ALTER TABLE notes RENAME COLUMN tenant_id TO owner_id;", want: []string{":11:1"}},
			{name: "drop and re-add tenant column", sql: base + "ALTER TABLE notes DROP COLUMN tenant_id CASCADE;\nALTER TABLE notes ADD COLUMN tenant_id uuid NOT NULL REFERENCES tenants (id);\nCREATE INDEX ON notes (tenant_id);\nCREATE POLICY iso ON notes USING (tenant_id = current_setting('app.tenant_id', true)::uuid);"},
			{name: "drop other column", sql: base + "ALTER TABLE notes DROP COLUMN body;"},
			{name: "drop tenant column of a global table", sql: base + "-- tenantvet:global -- shared catalogue\nCREATE TABLE plans (id text PRIMARY KEY, tenant_id uuid);\nALTER TABLE plans DROP COLUMN tenant_id;"},
		},
		"TV5007": {
			{name: "true", sql: base + "CREATE POLICY p ON notes FOR SELECT USING (true);", want: []string{":6:1"}},
			{name: "1=1", sql: base + "CREATE POLICY p ON notes FOR SELECT USING (1 = 1);", want: []string{":6:1"}},
			{name: "or escape", sql: base + "CREATE POLICY p ON notes FOR SELECT USING (tenant_id = current_setting('app.tenant_id', true)::uuid OR body = 'public');", want: []string{":6:1"}},
			{name: "is null", sql: base + "CREATE POLICY p ON notes FOR SELECT USING (tenant_id IS NULL);", want: []string{":6:1"}},
			{name: "coalesce", sql: base + "CREATE POLICY p ON notes FOR SELECT USING (tenant_id = coalesce(current_setting('app.tenant_id', true), '00000000-0000-0000-0000-000000000000')::uuid);", want: []string{":6:1"}},
			{name: "wrong column", sql: base + "CREATE POLICY p ON notes FOR SELECT USING (project_id = current_setting('app.tenant_id', true)::uuid);", want: []string{":6:1"}},
			{name: "wrong setting", sql: base + "CREATE POLICY p ON notes FOR SELECT USING (tenant_id = current_setting('app.user_id', true)::uuid);", want: []string{":6:1"}},
			{name: "and with more", sql: base + "CREATE POLICY p ON notes FOR SELECT USING (tenant_id = current_setting('app.tenant_id', true)::uuid AND (body IS NULL OR body <> ''));"},
			{name: "nullif and sub-select", sql: base + "CREATE POLICY p ON notes FOR SELECT USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));"},
			{name: "reversed and cast", sql: base + "CREATE POLICY p ON notes FOR SELECT USING (current_setting('app.tenant_id') = tenant_id::text);"},
			{name: "setting names ignore case", sql: base + "CREATE POLICY p ON notes FOR SELECT USING (tenant_id = current_setting('App.Tenant_ID', true)::uuid);"},
			{name: "restrictive makes true safe", sql: base + "CREATE POLICY r ON notes AS RESTRICTIVE USING (tenant_id = current_setting('app.tenant_id', true)::uuid);\nCREATE POLICY p ON notes FOR SELECT USING (true);"},
			{name: "other role ignored", sql: base + "CREATE POLICY p ON notes FOR SELECT TO reporting USING (true);", set: func(s *config.Settings) { s.AppRole = "notes_app" }},
			{name: "other role counts without app role", sql: base + "CREATE POLICY p ON notes FOR SELECT TO reporting USING (true);", want: []string{":6:1"}},
			{name: "configured setting", sql: base + tenantTable("a") + "CREATE POLICY p ON notes FOR SELECT USING (tenant_id = current_setting('app.tenant', true)::uuid);", set: func(s *config.Settings) { s.TenantSetting = "app.tenant" }, want: []string{":5:1", ":10:1"}},
			{name: "helper function", sql: base + "CREATE FUNCTION current_tenant_id() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;\nCREATE POLICY p ON notes FOR SELECT USING (tenant_id = current_tenant_id());"},
			{name: "helper function with sql body", sql: base + "CREATE FUNCTION current_tenant_id() RETURNS uuid LANGUAGE sql STABLE RETURN nullif(current_setting('app.tenant_id', true), '')::uuid;\nCREATE POLICY p ON notes FOR SELECT USING (tenant_id = current_tenant_id());"},
			{name: "other helper function", sql: base + "CREATE FUNCTION current_user_id() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;\nCREATE POLICY p ON notes FOR SELECT USING (tenant_id = current_user_id());", want: []string{":7:1"}},
			{name: "unknown function", sql: base + "CREATE POLICY p ON notes FOR SELECT USING (tenant_id = whoever());", want: []string{":6:1"}},
			{name: "check side", sql: base + "CREATE POLICY p ON notes FOR UPDATE USING (tenant_id = current_setting('app.tenant_id', true)::uuid) WITH CHECK (true);", want: []string{":6:1"}},
		},
		"TV5008": {
			{name: "select only", sql: base + "CREATE TABLE a (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL REFERENCES tenants (id));\nCREATE INDEX ON a (tenant_id);\nALTER TABLE a ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\nCREATE POLICY r ON a FOR SELECT USING (tenant_id = current_setting('app.tenant_id', true)::uuid);", want: []string{":6:1"}},
			{name: "dropped", sql: base + "DROP POLICY iso ON notes;\nCREATE POLICY r ON notes FOR SELECT USING (tenant_id = current_setting('app.tenant_id', true)::uuid);"},
			{name: "other role", sql: base + "CREATE TABLE a (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL REFERENCES tenants (id));\nCREATE INDEX ON a (tenant_id);\nALTER TABLE a ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\nCREATE POLICY p ON a TO reporting USING (tenant_id = current_setting('app.tenant_id', true)::uuid);", set: func(s *config.Settings) { s.AppRole = "notes_app" }, want: []string{":6:1"}},
			{name: "app role", sql: base + "CREATE TABLE a (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL REFERENCES tenants (id));\nCREATE INDEX ON a (tenant_id);\nALTER TABLE a ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\nCREATE POLICY p ON a TO notes_app USING (tenant_id = current_setting('app.tenant_id', true)::uuid);", set: func(s *config.Settings) { s.AppRole = "notes_app" }},
			{name: "group of the app role", sql: base + "CREATE TABLE a (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL REFERENCES tenants (id));\nCREATE INDEX ON a (tenant_id);\nALTER TABLE a ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\nCREATE POLICY p ON a TO app_users USING (tenant_id = current_setting('app.tenant_id', true)::uuid);\nCREATE ROLE app_users;\nCREATE ROLE web IN ROLE app_users;\nGRANT web TO notes_app;", set: func(s *config.Settings) { s.AppRole = "notes_app" }},
			{name: "group membership revoked", sql: base + "CREATE TABLE a (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL REFERENCES tenants (id));\nCREATE INDEX ON a (tenant_id);\nALTER TABLE a ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\nCREATE POLICY p ON a TO app_users USING (tenant_id = current_setting('app.tenant_id', true)::uuid);\nCREATE ROLE app_users ROLE notes_app;\nREVOKE app_users FROM notes_app;", set: func(s *config.Settings) { s.AppRole = "notes_app" }, want: []string{":6:1"}},
			{name: "insert policy without check grants nothing", sql: base + "CREATE TABLE a (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL REFERENCES tenants (id));\nCREATE INDEX ON a (tenant_id);\nALTER TABLE a ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\nCREATE POLICY r ON a FOR SELECT USING (tenant_id = current_setting('app.tenant_id', true)::uuid);\nCREATE POLICY i ON a FOR INSERT;", want: []string{":6:1"}},
			{name: "per command", sql: base + "DROP POLICY iso ON notes;\nCREATE POLICY s ON notes FOR SELECT USING (tenant_id = current_setting('app.tenant_id', true)::uuid);\nCREATE POLICY i ON notes FOR INSERT WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);\nCREATE POLICY u ON notes FOR UPDATE USING (tenant_id = current_setting('app.tenant_id', true)::uuid);\nCREATE POLICY d ON notes FOR DELETE USING (tenant_id = current_setting('app.tenant_id', true)::uuid);"},
		},
		"TV5009": {
			{name: "insert without check", sql: base + "CREATE POLICY i ON notes FOR INSERT TO public;", want: []string{":6:1"}},
			{name: "insert with check", sql: base + "CREATE POLICY i ON notes FOR INSERT WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);"},
			{name: "all falls back to using", sql: base},
			{name: "all with only check", sql: base + "CREATE POLICY w ON notes FOR ALL WITH CHECK (tenant_id = current_setting('app.tenant_id', true)::uuid);"},
		},
		"TV5010": {
			{name: "unique index", sql: base + "CREATE UNIQUE INDEX notes_body_key ON notes (body);", want: []string{":6:1"}},
			{name: "unique column", sql: base + "ALTER TABLE notes ADD COLUMN slug text UNIQUE;", want: []string{":6:40"}},
			{name: "unique column in a do block", sql: base + "DO $$ BEGIN\n  ALTER TABLE notes ADD COLUMN slug text UNIQUE;\nEND $$;", want: []string{":7:3"}},
			{name: "with tenant", sql: base + "CREATE UNIQUE INDEX notes_body_key ON notes (tenant_id, body);"},
			{name: "natural primary key", sql: base + "CREATE TABLE a (code text PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants (id));", want: []string{":6:27"}},
			{name: "generated pk disallowed", sql: base, set: func(s *config.Settings) { s.AllowGeneratedPK = false }, want: []string{":2:29"}},
			{name: "identity pk", sql: base + "CREATE TABLE a (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants (id));"},
			{name: "uuid pk without default", sql: base + "CREATE TABLE a (id uuid PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants (id));"},
			{name: "serial pk", sql: base + "CREATE TABLE a (id bigserial PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants (id));"},
			{name: "unique uuid", sql: base + "ALTER TABLE notes ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE;"},
			{name: "unique identity", sql: base + "ALTER TABLE notes ADD COLUMN seq bigint GENERATED BY DEFAULT AS IDENTITY UNIQUE;"},
			{name: "unique uuid without default", sql: base + "CREATE UNIQUE INDEX notes_project_key ON notes (project_id);"},
			{name: "unique uuid disallowed", sql: base + "CREATE UNIQUE INDEX notes_project_key ON notes (project_id);", set: func(s *config.Settings) { s.AllowGeneratedPK = false }, want: []string{":2:29", ":6:1"}},
			{name: "uuid with another column", sql: base + "CREATE UNIQUE INDEX notes_project_body_key ON notes (project_id, body);", want: []string{":6:1"}},
			{name: "integer pk without identity", sql: base + "CREATE TABLE a (id integer PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants (id));", want: []string{":6:28"}},
		},
		"TV5011": {
			{name: "fk without tenant", sql: base + tenantTable("projects") + "ALTER TABLE notes ADD CONSTRAINT notes_project_fk FOREIGN KEY (project_id) REFERENCES projects (id);", want: []string{":11:23"}},
			{name: "composite fk", sql: base + tenantTable("projects") + "ALTER TABLE projects ADD UNIQUE (tenant_id, id);\nALTER TABLE notes ADD FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id);"},
			{name: "fk to tenants", sql: base},
		},
		"TV5012": {
			{name: "partition", sql: base + "CREATE TABLE ev (tenant_id uuid NOT NULL REFERENCES tenants (id), at date NOT NULL) PARTITION BY RANGE (at);\nCREATE INDEX ON ev (tenant_id);\nALTER TABLE ev ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\nCREATE POLICY ev_iso ON ev USING (tenant_id = current_setting('app.tenant_id', true)::uuid);\nCREATE TABLE ev_2025 PARTITION OF ev FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');", want: []string{":10:1"}},
			{name: "attach", sql: base + "CREATE TABLE ev_old (tenant_id uuid NOT NULL, at date NOT NULL);\nALTER TABLE notes ATTACH PARTITION ev_old FOR VALUES IN ('x');", want: []string{":7:1"}},
			{name: "inherits", sql: base + "CREATE TABLE notes_archive () INHERITS (notes);", want: []string{":6:1"}},
			{name: "partition with rls", sql: base + "CREATE TABLE notes_archive () INHERITS (notes);\nALTER TABLE notes_archive ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\nCREATE POLICY a_iso ON notes_archive USING (tenant_id = current_setting('app.tenant_id', true)::uuid);"},
		},
		"TV5013": {
			{name: "definer view", sql: base + "CREATE VIEW v AS SELECT * FROM notes;", want: []string{":6:1"}},
			{name: "view of view", sql: base + "CREATE VIEW v WITH (security_invoker = true) AS SELECT * FROM notes;\nCREATE VIEW w AS SELECT * FROM v;", want: []string{":7:1"}},
			{name: "invoker view", sql: base + "CREATE VIEW v WITH (security_invoker = true) AS SELECT * FROM notes;"},
			{name: "invoker set later", sql: base + "CREATE VIEW v AS SELECT * FROM notes;\nALTER VIEW v SET (security_invoker = on);"},
			{name: "reset later", sql: base + "CREATE VIEW v WITH (security_invoker = true) AS SELECT * FROM notes;\nALTER VIEW v RESET (security_invoker);", want: []string{":7:1"}},
			{name: "global data", sql: base + "CREATE VIEW v AS SELECT * FROM tenants;"},
			// CREATE OR REPLACE VIEW replaces the options, even with none (PostgreSQL's view.c).
			{name: "replaced with invoker", sql: base + "CREATE VIEW v AS SELECT * FROM notes;\nCREATE OR REPLACE VIEW v WITH (security_invoker = true) AS SELECT * FROM notes;"},
			{name: "replaced without options", sql: base + "CREATE VIEW v WITH (security_invoker = true) AS SELECT * FROM notes;\nCREATE OR REPLACE VIEW v AS SELECT * FROM notes;", want: []string{":7:1"}},
			{name: "cte name is not a table", sql: base + "CREATE VIEW v AS WITH notes AS (SELECT 1 AS x) SELECT * FROM notes;"},
		},
		"TV5014": {
			{name: "materialized", sql: base + "CREATE MATERIALIZED VIEW m AS SELECT tenant_id, count(*) FROM notes GROUP BY tenant_id;", want: []string{":6:1"}},
			{name: "global", sql: base + "CREATE MATERIALIZED VIEW m AS SELECT count(*) FROM tenants;"},
		},
		"TV5015": {
			{name: "sql definer", sql: base + "CREATE FUNCTION f() RETURNS bigint LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$ SELECT count(*) FROM notes $$;", want: []string{":6:1"}},
			{name: "plpgsql definer", sql: base + "CREATE FUNCTION f() RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$\nDECLARE n bigint;\nBEGIN\n  SELECT count(*) INTO n FROM notes;\n  RETURN n;\nEND $$;", want: []string{":6:1"}},
			{name: "sql body", sql: base + "CREATE FUNCTION f() RETURNS bigint LANGUAGE sql SECURITY DEFINER SET search_path = public BEGIN ATOMIC SELECT count(*) FROM notes; END;", want: []string{":6:1"}},
			{name: "invoker", sql: base + "CREATE FUNCTION f() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM notes $$;"},
			{name: "definer on global data", sql: base + "CREATE FUNCTION f() RETURNS bigint LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$ SELECT count(*) FROM tenants $$;"},
		},
		"TV5016": {
			{name: "no search path", sql: base + "CREATE FUNCTION f() RETURNS bigint LANGUAGE sql SECURITY DEFINER AS $$ SELECT 1 $$;", want: []string{":6:1"}},
			{name: "pinned", sql: base + "CREATE FUNCTION f() RETURNS bigint LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $$ SELECT 1 $$;"},
			{name: "reset later", sql: base + "CREATE FUNCTION f() RETURNS bigint LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $$ SELECT 1 $$;\nALTER FUNCTION f() RESET search_path;", want: []string{":7:1"}},
			{name: "pinned later", sql: base + "CREATE FUNCTION f() RETURNS bigint LANGUAGE sql SECURITY DEFINER AS $$ SELECT 1 $$;\nALTER FUNCTION f() SET search_path = pg_catalog;"},
			{name: "invoker", sql: base + "CREATE FUNCTION f() RETURNS bigint LANGUAGE sql AS $$ SELECT 1 $$;"},
		},
		"TV5017": {
			{name: "bypassrls", sql: base + "CREATE ROLE support LOGIN BYPASSRLS;", want: []string{":6:1"}},
			{name: "superuser", sql: base + "CREATE ROLE support;\nALTER ROLE support SUPERUSER;", want: []string{":7:1"}},
			{name: "in a do block", sql: base + "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'support') THEN CREATE ROLE support LOGIN BYPASSRLS; END IF; END $$;", want: []string{":6:81"}},
			{name: "taken back", sql: base + "CREATE ROLE support BYPASSRLS;\nALTER ROLE support NOBYPASSRLS;"},
			{name: "ordinary", sql: base + "CREATE ROLE notes_app LOGIN NOBYPASSRLS NOSUPERUSER;"},
		},
		"TV5018": {
			{name: "app owns", sql: base + "ALTER TABLE notes OWNER TO notes_app;", set: func(s *config.Settings) { s.AppRole = "notes_app" }, want: []string{":6:1"}},
			{name: "owner role", sql: base + "ALTER TABLE notes OWNER TO notes_owner;", set: func(s *config.Settings) { s.AppRole = "notes_app" }},
			{name: "no app role", sql: base + "ALTER TABLE notes OWNER TO notes_app;"},
			{name: "owned by a group of the app role", sql: base + "GRANT notes_owner TO notes_app;\nALTER TABLE notes OWNER TO notes_owner;", set: func(s *config.Settings) { s.AppRole = "notes_app" }, want: []string{":7:1"}},
			{name: "reassign owned by the migration role", sql: base + "REASSIGN OWNED BY CURRENT_USER TO notes_app;", set: func(s *config.Settings) { s.AppRole = "notes_app" }, want: []string{":6:1"}},
			{name: "created after set role", sql: "SET ROLE notes_app;\n" + base, set: func(s *config.Settings) { s.AppRole = "notes_app" }, want: []string{":3:1"}},
			{name: "created after reset role", sql: "SET ROLE notes_app;\nRESET ROLE;\n" + base, set: func(s *config.Settings) { s.AppRole = "notes_app" }},
			{name: "created after set role to the owner role", sql: "SET ROLE notes_owner;\n" + base, set: func(s *config.Settings) { s.AppRole = "notes_app" }},
			{name: "reassign owned by another role", sql: base + "REASSIGN OWNED BY someone_else TO notes_app;", set: func(s *config.Settings) { s.AppRole = "notes_app" }},
		},
		"TV5019": {
			{name: "grant all", sql: base + "GRANT ALL ON notes TO notes_app;", set: func(s *config.Settings) { s.AppRole = "notes_app" }, want: []string{":6:1"}},
			{name: "grant truncate any role", sql: base + "GRANT TRUNCATE ON TABLE notes TO someone;", want: []string{":6:1"}},
			{name: "all tables in schema", sql: base + "GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA public TO notes_app;", set: func(s *config.Settings) { s.AppRole = "notes_app" }, want: []string{":6:1"}},
			{name: "default privileges", sql: "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO notes_app;\n" + base, set: func(s *config.Settings) { s.AppRole = "notes_app" }, want: []string{":1:1"}},
			{name: "revoked", sql: base + "GRANT ALL ON notes TO notes_app;\nREVOKE TRUNCATE ON notes FROM notes_app;", set: func(s *config.Settings) { s.AppRole = "notes_app" }},
			{name: "dml only", sql: base + "GRANT SELECT, INSERT, UPDATE, DELETE ON notes TO notes_app;", set: func(s *config.Settings) { s.AppRole = "notes_app" }},
			{name: "other role", sql: base + "GRANT ALL ON notes TO notes_owner;", set: func(s *config.Settings) { s.AppRole = "notes_app" }},
			{name: "group of the app role", sql: base + "GRANT app_users TO notes_app;\nGRANT TRUNCATE ON notes TO app_users;", set: func(s *config.Settings) { s.AppRole = "notes_app" }, want: []string{":7:1"}},
			{name: "schema grant before table", sql: "GRANT ALL ON ALL TABLES IN SCHEMA public TO notes_app;\n" + base, set: func(s *config.Settings) { s.AppRole = "notes_app" }},
		},
		"TV5020": {
			{name: "set_config false", sql: base + "SELECT set_config('app.tenant_id', 'x', false);", want: []string{":6:8"}},
			{name: "set", sql: base + "SET app.tenant_id = 'x';", want: []string{":6:1"}},
			{name: "role default", sql: base + "ALTER ROLE notes_app SET app.tenant_id = 'x';", want: []string{":6:1"}},
			{name: "in function", sql: base + "CREATE FUNCTION enter(t text) RETURNS void LANGUAGE plpgsql AS $$ BEGIN PERFORM set_config('app.tenant_id', t, false); END $$;", want: []string{":6:1"}},
			{name: "perform in a do block", sql: base + "DO $$ BEGIN PERFORM set_config('app.tenant_id', 'x', false); END $$;", want: []string{":6:1"}},
			{name: "set in plpgsql", sql: base + "CREATE FUNCTION enter(t text) RETURNS void LANGUAGE plpgsql AS $$ BEGIN SET app.tenant_id = 'x'; END $$;", want: []string{":6:1"}},
			{name: "set local in plpgsql", sql: base + "CREATE FUNCTION enter(t text) RETURNS void LANGUAGE plpgsql AS $$ BEGIN SET LOCAL app.tenant_id = 'x'; END $$;"},
			{name: "local", sql: base + "SELECT set_config('app.tenant_id', 'x', true);\nSET LOCAL app.tenant_id = 'x';"},
			{name: "other setting", sql: base + "SELECT set_config('search_path', '', false);"},
			{name: "database default of no tenant", sql: base + "ALTER DATABASE notes SET app.tenant_id = '';\nALTER ROLE notes_app SET app.tenant_id TO '';"},
			{name: "session cleared", sql: base + "SET app.tenant_id = '';\nSELECT set_config('app.tenant_id', '', false);\nCREATE FUNCTION leave() RETURNS void LANGUAGE plpgsql AS $$ BEGIN PERFORM set_config('app.tenant_id', '', false); END $$;"},
			{name: "database default of a tenant", sql: base + "ALTER DATABASE notes SET app.tenant_id = '6f1c0f2e-0000-0000-0000-000000000001';", want: []string{":6:1"}},
		},
		"TV5021": {
			{name: "set off", sql: base + "SET row_security = off;", want: []string{":6:1"}},
			{name: "role default", sql: base + "ALTER ROLE reporting SET row_security TO off;", want: []string{":6:1"}},
			{name: "on", sql: base + "SET row_security = on;"},
		},
		"TV5022": {
			{name: "inferred", sql: "CREATE TABLE orgs (id uuid PRIMARY KEY);\nCREATE TABLE docs (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), org_id uuid NOT NULL REFERENCES orgs (id));\nCREATE INDEX ON docs (org_id);\nALTER TABLE docs ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\nCREATE POLICY iso ON docs USING (org_id = current_setting('app.current_org_id', true)::uuid);", want: []string{":5:1"}},
			{name: "configured", sql: base},
			{name: "tenants policy on id", sql: "CREATE TABLE orgs (id uuid PRIMARY KEY);\nALTER TABLE orgs ENABLE ROW LEVEL SECURITY;\nCREATE POLICY own ON orgs USING (id = current_setting('app.current_org_id', true)::uuid);\nCREATE TABLE docs (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), org_id uuid NOT NULL REFERENCES orgs (id));\nCREATE INDEX ON docs (org_id);\nALTER TABLE docs ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\nCREATE POLICY iso ON docs USING (org_id = current_setting('app.current_org_id', true)::uuid);\nCREATE TABLE boards (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), org_id uuid NOT NULL REFERENCES orgs (id));\nCREATE POLICY iso ON boards USING (org_id = current_setting('app.current_org_id', true)::uuid);", want: []string{":9:1"}},
			{name: "mixed", sql: base + "CREATE POLICY x ON notes AS RESTRICTIVE USING (project_id = current_setting('app.project_id', true)::uuid);"},
		},
		"TV5023": {
			{name: "do block", sql: base + "DO $$ DECLARE r record; BEGIN FOR r IN SELECT name FROM archived LOOP EXECUTE 'ALTER TABLE ' || r.name || ' DISABLE ROW LEVEL SECURITY'; END LOOP; END $$;", want: []string{":6:71"}},
			{name: "do block EXECUTE of a constant is replayed", sql: base + "DO $$ BEGIN EXECUTE 'ALTER TABLE notes ENABLE ROW LEVEL SECURITY'; END $$;"},
			{name: "dynamic execute", sql: base + "CREATE FUNCTION f(t text) RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE format('TRUNCATE %I', t); END $$;", want: []string{":6:69"}},
			{name: "do block in another language", sql: base + "DO LANGUAGE plpython3u $$ plpy.execute('ALTER TABLE notes DISABLE ROW LEVEL SECURITY') $$;", want: []string{":6:1"}},
			{name: "static do block is replayed", sql: base + "DO $$\nBEGIN\n  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'notes_app') THEN\n    CREATE ROLE notes_app LOGIN;\n  END IF;\nEND\n$$;"},
			{name: "definer in another language", sql: base + "CREATE FUNCTION f() RETURNS bigint LANGUAGE plpython3u SECURITY DEFINER SET search_path = public AS $$ return plpy.execute('SELECT count(*) FROM notes')[0]['count'] $$;", want: []string{":6:1"}},
			{name: "invoker in another language", sql: base + "CREATE FUNCTION f() RETURNS bigint LANGUAGE plpython3u AS $$ return 1 $$;"},
			{name: "sql body that does not parse", sql: base + "CREATE FUNCTION f() RETURNS bigint LANGUAGE sql AS $$ SELEC count(*) FROM notes $$;", want: []string{":6:1"}},
			{name: "static plpgsql", sql: base + "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.body := trim(NEW.body); RETURN NEW; END $$;"},
		},
		"TV5024": {
			{name: "references tenant data", sql: base + "CREATE TABLE note_tags (note_id uuid REFERENCES notes (id), tag text);", want: []string{":6:1"}},
			{name: "marked global", sql: base + "-- tenantvet:global -- tags are shared\nCREATE TABLE note_tags (note_id uuid REFERENCES notes (id), tag text);"},
			{name: "has tenant column", sql: base + "CREATE TABLE note_tags (tenant_id uuid NOT NULL REFERENCES tenants (id), note_id uuid, tag text);"},
			{name: "unrelated", sql: base + "CREATE TABLE schema_info (version int);"},
			{name: "grandchild", sql: base + "CREATE TABLE note_tags (id uuid PRIMARY KEY, note_id uuid REFERENCES notes (id), tag text);\nCREATE TABLE tag_votes (tag_id uuid REFERENCES note_tags (id), up boolean);", want: []string{":6:1", ":7:1"}},
			{name: "child of a global child", sql: base + "-- tenantvet:global -- tags are shared\nCREATE TABLE note_tags (id uuid PRIMARY KEY, note_id uuid REFERENCES notes (id), tag text);\nCREATE TABLE tag_votes (tag_id uuid REFERENCES note_tags (id), up boolean);"},
		},
	}
	for rule, cases := range tests {
		for _, tc := range cases {
			t.Run(rule+"/"+tc.name, func(t *testing.T) {
				set := config.Default()
				if tc.set != nil {
					tc.set(set)
				}
				var got []string
				for _, l := range runSQL(t, tc.sql, set) {
					if strings.HasSuffix(l, " "+rule) {
						got = append(got, strings.TrimSuffix(l, " "+rule))
					}
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("%s findings at %v, want %v\nall: %v", rule, got, tc.want, runSQL(t, tc.sql, set))
				}
			})
		}
	}
}
