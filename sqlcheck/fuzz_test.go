package sqlcheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tenantvet/tenantvet/internal/config"
)

// FuzzCheck feeds arbitrary file contents to Check: no input may panic (Check turns an internal
// panic into an error, which the fuzzer reports as a failure).
func FuzzCheck(f *testing.F) {
	f.Add(base)
	f.Add(base + "-- tenantvet:ignore TV5013 -- ok\nCREATE VIEW v AS SELECT * FROM notes;")
	f.Add("-- +goose Up\nCREATE TABLE a (tenant_id uuid);\n-- +goose Down\nDROP TABLE a;\n")
	f.Add("-- migrate:up\nSELECT 1;\n-- migrate:down\n")
	f.Add("SELECT 1;\n---- create above / drop below ----\nDROP TABLE x;")
	f.Add("COPY t (a) FROM stdin;\n1\n\\.\n\\connect x\n")
	f.Add("CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN EXECUTE 'x'; RETURN 1; END $$;")
	f.Add("CREATE TABLE p (tenant_id uuid) PARTITION BY LIST (tenant_id); CREATE TABLE c PARTITION OF p FOR VALUES IN (NULL);")
	f.Add("SELECT 'ü€' FROM WHERE;")
	f.Add("DO $$ DECLARE t text; BEGIN IF NOT EXISTS (SELECT 1) THEN CREATE ROLE a BYPASSRLS; END IF; PERFORM set_config('app.tenant_id', 'x', false); EXECUTE 'x'; END $$; DO LANGUAGE plv8 $$ x $$;")
	f.Add("CREATE ROLE g ROLE app; GRANT g TO app; REVOKE g FROM app; REASSIGN OWNED BY CURRENT_USER TO app; ALTER TABLE t SET SCHEMA s; ALTER POLICY p ON t TO g;")
	f.Add("DO $x$ BEGIN END $x$; SET app.tenant_id = 'a'; ALTER ROLE r SET row_security = off; GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC;")
	for _, dir := range []string{"testdata/layouts/dump", "testdata/layouts/goose"} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if data, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil && strings.HasSuffix(e.Name(), ".sql") {
				f.Add(string(data))
			}
		}
	}
	set := config.Default()
	set.AppRole = "app"
	f.Fuzz(func(t *testing.T, content string) {
		dir := t.TempDir()
		p := filepath.Join(dir, "001_fuzz.sql")
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		findings, errs := Check([]string{p}, set)
		for _, err := range errs {
			if strings.Contains(err.Error(), "internal error") {
				t.Fatalf("internal error for %q: %v", content, err)
			}
		}
		for _, fd := range findings {
			if fd.Position.Line < 1 || fd.Position.Column < 1 {
				t.Fatalf("bad position %+v for %q", fd.Position, content)
			}
		}
		if s, _ := Build([]string{p}, set); s != nil {
			if _, err := s.MarshalJSON(); err != nil {
				t.Fatal(err)
			}
		}
	})
}
