package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tenantvet/tenantvet/sqlcheck"
)

// isolatedNotes is a migration with one correctly isolated tenant table.
const isolatedNotes = `CREATE TABLE tenants (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
CREATE TABLE notes (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL REFERENCES tenants (id));
CREATE INDEX notes_tenant_idx ON notes (tenant_id, id);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY notes_isolation ON notes USING (tenant_id = current_setting('app.tenant_id', true)::uuid);
`

func writeMigrations(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, "migrations", name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestSQLSyntaxErrorExitsTwo(t *testing.T) {
	dir := writeMigrations(t, map[string]string{
		"1_init.up.sql": isolatedNotes,
		// The error follows multibyte text on its line: the column counts bytes, like Go's.
		"2_bad.up.sql": "-- ünïcödé\nSELECT 'ü€' FROM WHERE;\n",
	})
	r := runIn(t, dir, nil, binary, "sql", "migrations")
	if r.code != exitError {
		t.Fatalf("exit code %d, want %d\nstdout: %s\nstderr: %s", r.code, exitError, r.stdout, r.stderr)
	}
	want := filepath.Join("migrations", "2_bad.up.sql") + `:2:21: syntax error at or near "WHERE"`
	if !strings.Contains(r.stderr, want) {
		t.Errorf("stderr %q does not contain %q", r.stderr, want)
	}
	if strings.Contains(r.stderr, "goroutine") || strings.Contains(r.stderr, "panic") {
		t.Errorf("stderr shows a panic: %s", r.stderr)
	}
}

func TestSQLJSONAndSchemaOut(t *testing.T) {
	dir := writeMigrations(t, map[string]string{
		"1_init.up.sql": isolatedNotes,
		"2_more.up.sql": "CREATE TABLE files (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL REFERENCES tenants (id));\nCREATE INDEX ON files (tenant_id);\n",
	})
	model := filepath.Join(dir, "schema.json")
	r := runIn(t, dir, nil, binary, "sql", "-format", "json", "-schema-out", model, "migrations")
	if r.code != exitFindings {
		t.Fatalf("exit code %d, want %d\nstdout: %s\nstderr: %s", r.code, exitFindings, r.stdout, r.stderr)
	}
	var rep struct {
		Findings []struct {
			Rule     string `json:"rule"`
			Position struct {
				File string `json:"file"`
				Line int    `json:"line"`
			} `json:"position"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("JSON report does not parse: %v\n%s", err, r.stdout)
	}
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.Rule+"@"+filepath.Base(f.Position.File))
	}
	if strings.Join(got, " ") != "TV5004@2_more.up.sql" {
		t.Errorf("findings %v, want TV5004 at the CREATE TABLE in 2_more.up.sql", got)
	}
	s, err := sqlcheck.ReadModel(model)
	if err != nil {
		t.Fatalf("schema model: %v", err)
	}
	if !s.TableHasRLS("notes") || s.TableHasRLS("files") || !s.Known("public.files") {
		t.Errorf("schema model does not describe the final state: %v", s.Tables)
	}

	// With a parse error the model would be partial: it is not written.
	bad := writeMigrations(t, map[string]string{"1_init.up.sql": isolatedNotes, "2_bad.up.sql": "CREATE TABLE (;\n"})
	model2 := filepath.Join(bad, "schema.json")
	if r := runIn(t, bad, nil, binary, "sql", "-schema-out", model2, "migrations"); r.code != exitError {
		t.Errorf("exit code %d with a syntax error, want %d", r.code, exitError)
	}
	if _, err := os.Stat(model2); err == nil {
		t.Errorf("schema model written for migrations that do not parse")
	}
}

func TestSQLInferredSettings(t *testing.T) {
	orgs := `CREATE TABLE orgs (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
CREATE TABLE docs (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), org_id uuid NOT NULL REFERENCES orgs (id));
CREATE INDEX ON docs (org_id, id);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY docs_isolation ON docs USING (org_id = current_setting('app.current_org_id', true)::uuid);
CREATE TABLE boards (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), org_id uuid NOT NULL REFERENCES orgs (id));
`
	dir := writeMigrations(t, map[string]string{"1_init.up.sql": orgs})
	r := runIn(t, dir, nil, binary, "sql", "migrations")
	if r.code != exitFindings {
		t.Fatalf("exit code %d, want %d\nstdout: %s\nstderr: %s", r.code, exitFindings, r.stdout, r.stderr)
	}
	// The inference is reported, and boards is checked against org_id although tenant_columns
	// still says tenant_id.
	for _, want := range []string{":5:1: sql: policies consistently compare org_id with current_setting('app.current_org_id')", "(TV5022)", ":6:1: sql: row level security is not enabled on tenant table public.boards"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout does not contain %q:\n%s", want, r.stdout)
		}
	}
	// Configured explicitly, the note goes away and only boards remains.
	r = runIn(t, dir, nil, binary, "sql", "-tenant-columns", "org_id", "-tenant-setting", "app.current_org_id", "migrations")
	if strings.Contains(r.stdout, "TV5022") || !strings.Contains(r.stdout, "public.boards") {
		t.Errorf("with the settings configured:\n%s\n%s", r.stdout, r.stderr)
	}
}
