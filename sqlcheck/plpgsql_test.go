package sqlcheck

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tenantvet/tenantvet/internal/config"
	"github.com/tenantvet/tenantvet/internal/report"
)

// orgSettings is the issue's project: org_id compared with app.current_org.
func orgSettings() *config.Settings {
	set := config.Default()
	set.TenantColumns = []string{"org_id"}
	set.TenantSetting = "app.current_org"
	// The cases compare which tables a loop protects, so a history where the loop protects none
	// reports each table rather than the one TV5025 that says RLS is enabled nowhere.
	set.RLSPerTable = true
	return set
}

// orgTables creates tenant tables with everything but row level security.
func orgTables(names ...string) string {
	s := "CREATE TABLE tenants (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text);\n"
	for _, n := range names {
		s += "CREATE TABLE " + n + " (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), org_id uuid NOT NULL REFERENCES tenants (id));\n"
		s += "CREATE INDEX ON " + n + " (org_id, id);\n"
	}
	return s
}

// The loop of the issue: lines 8 to 14 after orgTables of three tables.
const issueLoop = `DO $$ DECLARE t text; BEGIN
  FOREACH t IN ARRAY ARRAY['projects','invoices','files'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I USING (org_id = current_setting(''app.current_org'')::uuid)', t || '_iso', t);
  END LOOP; END $$;
`

func TestPLpgSQLLoops(t *testing.T) {
	three := orgTables("projects", "invoices", "files") // 7 lines
	tests := []struct {
		name string
		sql  string
		want []string
	}{
		{"issue loop is silent", three + issueLoop, nil},
		{"without the loop every table is reported", three, []string{":2:1 TV5004", ":4:1 TV5004", ":6:1 TV5004"}},
		{"loop skips a table", three + strings.Replace(issueLoop, "'invoices',", "", 1), []string{":4:1 TV5004"}},
		{"fail-open policy from the loop", three + strings.Replace(issueLoop, "::uuid)'", "::uuid OR true)'", 1),
			[]string{":12:5 TV5007", ":12:5 TV5007", ":12:5 TV5007"}},
		{"missing_ok setting without nullif lets an unset tenant through", three + strings.Replace(issueLoop,
			"USING (org_id = current_setting(''app.current_org'')::uuid)",
			"USING (current_setting(''app.current_org'', true) IS NULL OR org_id = current_setting(''app.current_org'', true)::uuid)", 1),
			[]string{":12:5 TV5007", ":12:5 TV5007", ":12:5 TV5007"}},
		{"loop disables row level security on one table", three + issueLoop +
			"DO $$ BEGIN\n  FOR i IN 1..2 LOOP\n    IF i = 2 THEN\n      EXECUTE 'ALTER TABLE ' || quote_ident('files') || ' DISABLE ROW LEVEL SECURITY';\n    END IF;\n  END LOOP;\nEND $$;\n",
			[]string{":17:7 TV5006"}},
		{"loop creates the tables and protects all but one", "CREATE TABLE tenants (id uuid PRIMARY KEY);\n" +
			"DO $$\nDECLARE t text;\nBEGIN\n  FOREACH t IN ARRAY string_to_array('a,b,c', ',') LOOP\n" +
			"    EXECUTE format('CREATE TABLE %I (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), org_id uuid NOT NULL REFERENCES tenants (id))', 'doc_' || t);\n" +
			"    EXECUTE format('CREATE INDEX ON %I (org_id)', 'doc_' || t);\n" +
			"    CONTINUE WHEN t = 'b';\n" +
			"    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', 'doc_' || t);\n" +
			"    EXECUTE format($f$CREATE POLICY iso ON %I USING (org_id = nullif(current_setting('app.current_org', true), '')::uuid)$f$, 'doc_' || t);\n" +
			"  END LOOP;\nEND $$;\n",
			[]string{":6:5 TV5004"}},
		{"unnest loop", three + "DO $$ DECLARE t text; BEGIN\n  FOR t IN SELECT unnest(ARRAY['projects','invoices','files']) LOOP\n" +
			"    EXECUTE 'ALTER TABLE ' || t || ' ENABLE ROW LEVEL SECURITY';\n    EXECUTE concat('ALTER TABLE ', t, ' FORCE ROW LEVEL SECURITY');\n" +
			"    EXECUTE format('CREATE POLICY p_%s ON %I USING (org_id = nullif(current_setting(%L, true), %L)::uuid)', t, t, 'app.current_org', '');\n  END LOOP;\nEND $$;\n", nil},
		{"unnest in FROM with a declared array", three + "DO $$ DECLARE tabs text[] := ARRAY['projects','invoices']; r record; BEGIN\n  tabs := tabs || 'files'::text;\n" +
			"  FOR r IN SELECT x.name FROM unnest(tabs) AS x(name) LOOP\n" +
			"    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', r.name);\n    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', r.name);\n" +
			"    EXECUTE format('CREATE POLICY %I ON %I USING (org_id = current_setting(''app.current_org'')::uuid)', r.name || '_iso', r.name);\n  END LOOP;\nEND $$;\n", nil},
		{"catalog loop over information_schema.columns", three + "CREATE TABLE audit (id bigint, at timestamptz);\n" +
			"DO $$ DECLARE r record; BEGIN\n  FOR r IN SELECT table_schema, table_name FROM information_schema.columns WHERE column_name = 'org_id' AND table_schema = 'public' LOOP\n" +
			"    EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', r.table_schema, r.table_name);\n    EXECUTE format('ALTER TABLE %I.%I FORCE ROW LEVEL SECURITY', r.table_schema, r.table_name);\n" +
			"    EXECUTE format('CREATE POLICY isolation ON %I.%I USING (org_id = current_setting(''app.current_org'')::uuid)', r.table_schema, r.table_name);\n  END LOOP;\nEND $$;\n", nil},
		{"catalog loop filtered by name skips a table", three + "DO $$ DECLARE r record; BEGIN\n  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('tenants', 'files') ORDER BY 1 LOOP\n" +
			"    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', r.tablename);\n    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', r.tablename);\n" +
			"    EXECUTE format('CREATE POLICY isolation ON %I USING (org_id = current_setting(''app.current_org'')::uuid)', r.tablename);\n  END LOOP;\nEND $$;\n",
			[]string{":6:1 TV5004"}},
		{"pg_class joined with pg_namespace", three + "DO $$ DECLARE r record; BEGIN\n  FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n" +
			"    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relrowsecurity AND c.relname LIKE '%s' LOOP\n" +
			"    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', r.relname);\n    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', r.relname);\n" +
			"    EXECUTE format('CREATE POLICY isolation ON %I USING (org_id = current_setting(''app.current_org'')::uuid)', r.relname);\n  END LOOP;\nEND $$;\n",
			nil},
		{"IF NOT EXISTS guard on pg_policies creates the missing policy", three + strings.NewReplacer("t || '_iso', t);", "t || '_iso', t); END IF;").Replace(strings.Replace(issueLoop, "    EXECUTE format('CREATE POLICY", "    IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE tablename = t AND policyname = t || '_iso') THEN EXECUTE format('CREATE POLICY", 1)), nil},
		{"IF NOT EXISTS guard keeps an existing policy", three + "CREATE POLICY files_iso ON files USING (true);\n" + strings.NewReplacer("t || '_iso', t);", "t || '_iso', t); END IF;").Replace(strings.Replace(issueLoop, "    EXECUTE format('CREATE POLICY", "    IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE tablename = t AND policyname = t || '_iso') THEN EXECUTE format('CREATE POLICY", 1)),
			[]string{":8:1 TV5007"}},
		{"IF EXISTS guard on pg_policies that is false skips the statement", three + issueLoop +
			"DO $$ BEGIN\n  IF EXISTS (SELECT FROM pg_policies WHERE policyname = 'no_such_policy') THEN\n    ALTER TABLE files DISABLE ROW LEVEL SECURITY;\n  END IF;\nEND $$;\n", nil},
		{"IF EXISTS guard on pg_class that is true runs the statement", three + issueLoop +
			"DO $$ BEGIN\n  IF EXISTS (SELECT FROM pg_catalog.pg_class WHERE relname = 'files' AND relrowsecurity) THEN\n    ALTER TABLE files DISABLE ROW LEVEL SECURITY;\n  END IF;\nEND $$;\n",
			[]string{":16:5 TV5006"}},
		{"to_regclass guard", three + issueLoop +
			"DO $$ BEGIN\n  IF to_regclass('public.files') IS NOT NULL THEN\n    ALTER TABLE files NO FORCE ROW LEVEL SECURITY;\n  END IF;\n  IF to_regclass('public.gone') IS NOT NULL THEN\n    ALTER TABLE invoices NO FORCE ROW LEVEL SECURITY;\n  END IF;\nEND $$;\n",
			[]string{":16:5 TV5006"}},
		{"loop over a user table stays unanalysed and names no table", three + issueLoop +
			"DO $$ DECLARE r record; BEGIN\n  FOR r IN SELECT name FROM archived_tables LOOP\n    EXECUTE format('ALTER TABLE %I DISABLE ROW LEVEL SECURITY', r.name);\n  END LOOP;\nEND $$;\n",
			[]string{":16:5 TV5023"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runSQL(t, tt.sql, orgSettings())
			got = slices.DeleteFunc(got, func(s string) bool { return strings.HasSuffix(s, "TV5022") })
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// An EXECUTE that depends on run-time data is reported once, at the EXECUTE, with the tables
// it may touch, however many times the loop reaches it.
func TestPLpgSQLUnknownNamesTables(t *testing.T) {
	sql := orgTables("projects", "invoices") + `DO $$
DECLARE t text; owner_role text;
BEGIN
  SELECT current_role INTO owner_role;
  FOREACH t IN ARRAY ARRAY['projects', 'invoices'] LOOP
    EXECUTE format('ALTER TABLE %I OWNER TO %I', t, owner_role);
  END LOOP;
END $$;
`
	findings, errs := Check([]string{writeFile(t, t.TempDir(), "001_a.sql", sql)}, orgSettings())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, f := range findings {
		if f.Rule == "TV5023" {
			got = append(got, itoa(int32(f.Position.Line))+":"+itoa(int32(f.Position.Column))+" "+f.Message)
		}
	}
	want := []string{"11:5 EXECUTE of a statement built from run-time data in a DO block (it may touch public.invoices, public.projects) cannot be analysed: tables, policies and grants it changes are not checked; move the statements out of it or review them by hand"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestPLpgSQLFunctionBodies(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		want []string
	}{
		{"execute of a parameter", base + "CREATE FUNCTION f(t text) RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n  EXECUTE format('TRUNCATE %I', t);\nEND $$;", []string{":8:3 TV5023"}},
		{"execute the body determines", base + "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$\nDECLARE n text := 'x';\nBEGIN\n  EXECUTE format('SELECT %L', n);\nEND $$;", nil},
		{"security definer reading a tenant table through EXECUTE", base +
			"CREATE FUNCTION count_notes() RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$\nDECLARE n bigint;\nBEGIN\n  EXECUTE 'SELECT count(*) FROM ' || quote_ident('notes') INTO n;\n  RETURN n;\nEND $$;",
			[]string{":6:1 TV5015"}},
		{"single-quoted body", base + "CREATE FUNCTION f(t text) RETURNS void LANGUAGE plpgsql AS '\nBEGIN\n  RAISE NOTICE ''%'', t;\n  EXECUTE ''TRUNCATE '' || t;\nEND';", []string{":9:3 TV5023"}},
		{"set_config(..., false) inside EXECUTE", base + "CREATE FUNCTION enter(t uuid) RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n  EXECUTE 'SELECT set_config(''app.tenant_id'', $1::text, false)' USING t;\nEND $$;", []string{":8:3 TV5020"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := runSQL(t, tt.sql, config.Default()); !slices.Equal(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// Evaluation is bounded: an endless loop, a huge string and a DO block that EXECUTEs DO
// blocks end with a note instead of hanging.
func TestPLpgSQLBounded(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
	}{
		{"endless loop", "DO $$ BEGIN LOOP END LOOP; END $$;", []string{":6:1 TV5023"}},
		{"endless while", "DO $$ DECLARE i int := 0; BEGIN WHILE true LOOP i := i + 1; END LOOP; END $$;", []string{":6:1 TV5023"}},
		{"doubling string", "DO $$ DECLARE s text := 'x'; BEGIN FOR i IN 1..100 LOOP s := s || s; END LOOP; EXECUTE s; END $$;", []string{":6:80 TV5023"}},
		{"huge range", "DO $$ BEGIN FOR i IN 1..2000000000 LOOP EXECUTE format('ALTER TABLE notes%s ENABLE ROW LEVEL SECURITY', i); END LOOP; END $$;", []string{":6:1 TV5023"}},
		{"nested do blocks", "DO $a$ BEGIN EXECUTE 'DO $b$ BEGIN EXECUTE ''DO $c$ BEGIN EXECUTE ''''ALTER TABLE notes DISABLE ROW LEVEL SECURITY''''; END $c$''; END $b$'; END $a$;", []string{":6:14 TV5006"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := runSQL(t, base+tt.body, config.Default()); !slices.Equal(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestPLpgSQLTestdata replays the migrations under testdata/plpgsql, shaped like real projects'
// RLS loops: each leaky file's findings are listed in its first comment line; its clean twin
// has none.
func TestPLpgSQLTestdata(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "plpgsql", "*.sql"))
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			first, _, _ := strings.Cut(string(data), "\n")
			want := strings.Fields(strings.TrimPrefix(first, "-- want:"))
			findings, errs := Check([]string{f}, orgSettings())
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			var got []string
			for _, fd := range findings {
				if fd.Suppressed == nil && fd.Rule != "TV5022" {
					got = append(got, itoa(int32(fd.Position.Line))+":"+itoa(int32(fd.Position.Column))+":"+fd.Rule)
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("got %q\nwant %q", got, want)
			}
		})
	}
}

func TestFormatAndQuoting(t *testing.T) {
	tests := []struct {
		fmt  string
		args []plValue
		want string
	}{
		{"ALTER TABLE %I ENABLE", []plValue{textV("notes")}, "ALTER TABLE notes ENABLE"},
		{"%I.%I", []plValue{textV("public"), textV("Mixed Case")}, `public."Mixed Case"`},
		{"%I", []plValue{textV("select")}, `"select"`},
		{"%I", []plValue{textV("name")}, `name`}, // unreserved keyword
		{"%L and %s and %%", []plValue{textV("it's"), plValue{k: vInt, i: 3}}, `'it''s' and 3 and %`},
		{"%2$s %1$s %s", []plValue{textV("a"), textV("b")}, "b a b"},
		{"%L", []plValue{nullV()}, "NULL"},
		{"%s|", []plValue{nullV()}, "|"},
		{"%L", []plValue{textV(`a\b`)}, `E'a\\b'`},
	}
	for _, tt := range tests {
		if got := formatV(textV(tt.fmt), tt.args); got.k != vText || got.s != tt.want {
			t.Errorf("format(%q) = %+v, want %q", tt.fmt, got, tt.want)
		}
	}
	for _, bad := range []string{"%5s", "%", "%s %s"} {
		if got := formatV(textV(bad), []plValue{textV("x")}); got.k != vUnknown {
			t.Errorf("format(%q) = %+v, want unknown", bad, got)
		}
	}
	if got := formatV(textV("ALTER TABLE %I"), []plValue{unknown}); !got.partial() {
		t.Errorf("format with an unknown argument = %+v, want a partial text", got)
	}
}

// A PL/pgSQL helper the migrations call is run at each call, with the arguments bound; its
// findings point at the call.
func TestPLpgSQLCalledHelper(t *testing.T) {
	three := orgTables("projects", "invoices", "files") // 7 lines
	helper := `CREATE FUNCTION enable_org_rls(tbl text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('CREATE POLICY org_isolation ON %I USING (org_id = nullif(current_setting(''app.current_org'', true), '''')::uuid)', tbl);
END $$;
` // lines 8 to 13
	tests := []struct {
		name string
		sql  string
		want []string
	}{
		{"called for every table", three + helper + "SELECT enable_org_rls('projects');\nSELECT enable_org_rls('invoices'), enable_org_rls('files');\n", nil},
		{"named arguments", three + helper + "SELECT enable_org_rls(tbl => 'projects');\nSELECT enable_org_rls(tbl := 'invoices');\nSELECT enable_org_rls('files');\n", nil},
		{"called from a DO loop", three + helper + "DO $$ DECLARE t text; BEGIN\n  FOREACH t IN ARRAY ARRAY['projects','invoices','files'] LOOP\n    PERFORM enable_org_rls(t);\n  END LOOP;\nEND $$;\n", nil},
		{"called over a catalog query", three + helper + "SELECT enable_org_rls(tablename) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'tenants';\n", nil},
		{"one table not called", three + helper + "SELECT enable_org_rls('projects');\nCALL pg_catalog.pg_sleep(0);\nSELECT enable_org_rls('files');\n", []string{":4:1 TV5004"}},
		{"never called: the EXECUTEs stay notes", three + helper, []string{":2:1 TV5004", ":4:1 TV5004", ":6:1 TV5004", ":10:3 TV5023", ":11:3 TV5023", ":12:3 TV5023"}},
		{"called with run-time data", three + helper + "SELECT enable_org_rls(name) FROM table_list;\n", []string{":2:1 TV5004", ":4:1 TV5004", ":6:1 TV5004", ":10:3 TV5023", ":11:3 TV5023", ":12:3 TV5023", ":14:1 TV5023"}},
		{"a fail-open policy made by the helper is reported at the call", three + strings.Replace(helper, "''')::uuid)", "''')::uuid OR true)", 1) +
			"SELECT enable_org_rls('projects');\n", []string{":4:1 TV5004", ":6:1 TV5004", ":14:1 TV5007"}},
		{"dropped helper is not run", three + helper + "DROP FUNCTION enable_org_rls(text);\nSELECT enable_org_rls('projects');\n", []string{":2:1 TV5004", ":4:1 TV5004", ":6:1 TV5004", ":10:3 TV5023", ":11:3 TV5023", ":12:3 TV5023"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runSQL(t, tt.sql, orgSettings())
			got = slices.DeleteFunc(got, func(s string) bool { return strings.HasSuffix(s, "TV5022") })
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// BenchmarkPLpgSQLCatalogLoop replays 200 tenant tables and one DO block that protects them
// all through a catalog query (three EXECUTEs per table).
func BenchmarkPLpgSQLCatalogLoop(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("CREATE TABLE tenants (id uuid PRIMARY KEY);\n")
	for i := 0; i < 200; i++ {
		n := "t" + itoa(int32(i))
		sb.WriteString("CREATE TABLE " + n + " (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), org_id uuid NOT NULL REFERENCES tenants (id));\nCREATE INDEX ON " + n + " (org_id);\n")
	}
	sb.WriteString(`DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT table_name FROM information_schema.columns WHERE column_name = 'org_id' AND table_schema = 'public' LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', r.table_name);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', r.table_name);
    EXECUTE format('CREATE POLICY iso ON %I USING (org_id = nullif(current_setting(''app.current_org'', true), '''')::uuid)', r.table_name);
  END LOOP;
END $$;
`)
	p := filepath.Join(b.TempDir(), "001_x.sql")
	if err := os.WriteFile(p, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	set := orgSettings()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		fs, errs := Check([]string{p}, set)
		if len(errs) > 0 {
			b.Fatal(errs)
		}
		for _, f := range fs {
			if f.Rule != "TV5022" {
				b.Fatalf("unexpected finding %s %s", f.Rule, f.Message)
			}
		}
	}
}

// A finding at an EXECUTE inside a DO block is suppressed by a directive above the DO.
func TestPLpgSQLSuppressionAtDo(t *testing.T) {
	sql := base + "-- tenantvet:ignore TV5023 -- the archive list is reviewed by hand\n" +
		"DO $$ DECLARE r record; BEGIN\n  FOR r IN SELECT name FROM archived LOOP\n    EXECUTE format('ALTER TABLE %I DISABLE ROW LEVEL SECURITY', r.name);\n  END LOOP;\nEND $$;\n"
	findings, errs := Check([]string{writeFile(t, t.TempDir(), "001_a.sql", sql)}, config.Default())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(findings) != 1 || findings[0].Rule != "TV5023" || findings[0].Position.Line != 9 || findings[0].Suppressed == nil {
		t.Fatalf("want one suppressed TV5023 at line 9, got %+v", findings)
	}
}

// TestPLpgSQLLoopNamesTheTableItSkips: a tenant table that a row level security loop leaves out
// is reported at its CREATE TABLE, with the loop's EXECUTE in the message and as the related
// place; without such a loop the finding names none.
func TestPLpgSQLLoopNamesTheTableItSkips(t *testing.T) {
	three := orgTables("projects", "invoices", "files")
	check := func(sql string) []report.Finding {
		t.Helper()
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "001_test.up.sql"), []byte(sql), 0o644); err != nil {
			t.Fatal(err)
		}
		findings, errs := Check([]string{dir}, orgSettings())
		if len(errs) > 0 {
			t.Fatalf("Check: %v", errs)
		}
		return slices.DeleteFunc(findings, func(f report.Finding) bool { return f.Rule == "TV5022" })
	}
	skipping := check(three + strings.Replace(issueLoop, "'invoices',", "", 1))
	if len(skipping) != 1 || skipping[0].Rule != "TV5004" || skipping[0].Position.Line != 4 {
		t.Fatalf("got %+v, want one TV5004 at line 4", skipping)
	}
	f := skipping[0]
	if !strings.Contains(f.Message, "the PL/pgSQL EXECUTE at 001_test.up.sql:10 enabled it on other tables but not on this one") {
		t.Errorf("message does not name the loop: %s", f.Message)
	}
	if len(f.Related) != 1 || f.Related[0].Position.Line != 10 || f.Related[0].Position.Column != 5 ||
		!strings.Contains(f.Related[0].Message, "not for public.invoices") {
		t.Errorf("related = %+v, want the EXECUTE at 10:5", f.Related)
	}
	// Enabled by the loop, forced by it for two tables only: TV5005 names the FORCE EXECUTE.
	forced := check(three + strings.Replace(issueLoop, "EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);",
		"CONTINUE WHEN t = 'files'; EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);", 1))
	// (files also misses its policy, which the CONTINUE skips: TV5008, not under test here)
	forced = slices.DeleteFunc(forced, func(f report.Finding) bool { return f.Rule == "TV5008" })
	if len(forced) != 1 || forced[0].Rule != "TV5005" || len(forced[0].Related) != 1 || forced[0].Related[0].Position.Line != 11 ||
		!strings.Contains(forced[0].Message, "001_test.up.sql:11 forced it on other tables") {
		t.Errorf("got %+v, want one TV5005 naming the FORCE at line 11", forced)
	}
	// No loop: the same finding without a hint or a related place.
	plain := check(three + "ALTER TABLE projects ENABLE ROW LEVEL SECURITY;\n")
	for _, f := range plain {
		if strings.Contains(f.Message, "PL/pgSQL") || len(f.Related) > 0 {
			t.Errorf("finding without a loop names one: %+v", f)
		}
	}
	if len(plain) == 0 {
		t.Error("no findings without row level security on invoices and files")
	}
}
