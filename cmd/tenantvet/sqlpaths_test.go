package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestSQLCurrentDirectory checks that every spelling of "this directory" analyses it: the
// migrations found under "." are named without "./", which once made the directory look empty.
func TestSQLCurrentDirectory(t *testing.T) {
	dir := writeMigrations(t, map[string]string{
		"1_init.up.sql": isolatedNotes,
		"2_more.up.sql": "CREATE TABLE files (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL REFERENCES tenants (id));\nCREATE INDEX ON files (tenant_id);\n",
	})
	migrations := filepath.Join(dir, "migrations")
	tests := []struct {
		name string
		dir  string
		args []string
	}{
		{"dot", migrations, []string{"sql", "."}},
		{"dot slash", migrations, []string{"sql", "./"}},
		{"dot from the parent", dir, []string{"sql", "-C", "migrations", "."}},
		{"-C with a dot", t.TempDir(), []string{"sql", "-C", migrations, "."}},
		{"-migrations dot", migrations, []string{"sql", "-migrations", "."}},
		{"-migrations dot slash", migrations, []string{"sql", "-migrations", "./"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := runIn(t, tc.dir, nil, binary, tc.args...)
			if r.code != exitFindings || strings.Contains(r.stderr, "no migration files") {
				t.Fatalf("exit code %d, want %d\nstdout: %s\nstderr: %s", r.code, exitFindings, r.stdout, r.stderr)
			}
			if want := "2_more.up.sql:1:1: sql: row level security is not enabled on tenant table public.files"; !strings.Contains(r.stdout, want) {
				t.Errorf("stdout does not contain %q:\n%s", want, r.stdout)
			}
		})
	}
	// A directory that really holds no migration is still an error.
	empty := t.TempDir()
	if r := runIn(t, empty, nil, binary, "sql", "."); r.code != exitError || !strings.Contains(r.stderr, "no migration files") {
		t.Errorf("empty directory: exit code %d, stderr %q", r.code, r.stderr)
	}
}
