package sqlcheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tenantvet/tenantvet/internal/config"
)

// FuzzPLpgSQL feeds arbitrary PL/pgSQL bodies to the evaluator, as a DO block and as a function
// body, after a schema it can query: no input may panic or hang, and every finding has a
// position inside the file.
func FuzzPLpgSQL(f *testing.F) {
	f.Add("DECLARE t text; BEGIN FOREACH t IN ARRAY ARRAY['notes','files'] LOOP EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t); END LOOP; END")
	f.Add("DECLARE r record; BEGIN FOR r IN SELECT table_name FROM information_schema.columns WHERE column_name = 'tenant_id' LOOP EXECUTE 'ALTER TABLE ' || quote_ident(r.table_name) || ' FORCE ROW LEVEL SECURITY'; END LOOP; END")
	f.Add("BEGIN IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE tablename = 'notes') THEN EXECUTE format('CREATE POLICY p ON %I USING (tenant_id = %L::uuid OR true)', 'notes', 'x'); END IF; END")
	f.Add("DECLARE i int := 0; BEGIN WHILE i < 10 LOOP i := i + 1; EXIT WHEN i > 5; CONTINUE WHEN i = 2; END LOOP; END")
	f.Add("BEGIN FOR i IN REVERSE 10..1 BY 3 LOOP EXECUTE format('%s %I %L %%', i, i::text, NULL); END LOOP; END")
	f.Add("DECLARE a text[] := string_to_array('a,b', ','); s text := ''; BEGIN FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_policy p ON p.polrelid = c.oid WHERE p.polname IS NULL LOOP s := s || r.relname; END LOOP; EXECUTE s; END")
	f.Add("BEGIN EXECUTE 'DO $x$ BEGIN EXECUTE ''DO $y$ BEGIN NULL; END $y$''; END $x$'; END")
	f.Add("<<outer>> DECLARE n int; BEGIN SELECT count(*) INTO n FROM pg_tables WHERE rowsecurity; CASE n WHEN 0 THEN RAISE EXCEPTION 'none'; ELSE NULL; END CASE; LOOP EXIT outer; END LOOP; END")
	f.Add("BEGIN IF to_regclass('public.notes') IS NOT NULL AND 'a' LIKE '%' THEN EXECUTE concat_ws(' ', 'ALTER TABLE', 'notes', 'DISABLE ROW LEVEL SECURITY'); END IF; END")
	set := config.Default()
	set.AppRole = "app"
	f.Fuzz(func(t *testing.T, body string) {
		tag := "$tenantvet_fuzz$"
		if strings.Contains(body, tag) || strings.ContainsRune(body, 0) {
			return
		}
		dir := t.TempDir()
		for i, wrap := range []string{
			"DO " + tag + body + tag + ";\n",
			"CREATE FUNCTION fz(t text) RETURNS void LANGUAGE plpgsql AS " + tag + body + tag + ";\n",
		} {
			content := base + wrap
			p := filepath.Join(dir, "00"+itoa(int32(i+1))+"_fuzz.sql")
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			lines := strings.Count(content, "\n") + 1
			findings, errs := Check([]string{p}, set)
			for _, err := range errs {
				if strings.Contains(err.Error(), "internal error") {
					t.Fatalf("internal error for %q: %v", body, err)
				}
			}
			for _, fd := range findings {
				if fd.Position.Line < 1 || fd.Position.Column < 1 || fd.Position.Line > lines {
					t.Fatalf("bad position %+v for %q", fd.Position, body)
				}
			}
		}
	})
}
