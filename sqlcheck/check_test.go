package sqlcheck

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tenantvet/tenantvet/internal/config"
)

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSuppression(t *testing.T) {
	sql := base +
		"-- tenantvet:ignore TV5013 -- read-only admin report, owner is a reporting role\n" + // 6
		"CREATE VIEW v AS SELECT * FROM notes;\n" + // 7
		"CREATE VIEW w AS SELECT * FROM notes; -- tenantvet:ignore view-without-security-invoker -- same\n" + // 8
		"-- tenantvet:ignore TV5014 -- nothing here\n" + // 9
		"-- tenantvet:ignore TV5013\n" + // 10
		"CREATE VIEW x AS SELECT * FROM notes;\n" + // 11
		"-- tenantvet:ignore TV9999 -- typo\n" + // 12
		"-- tenantvet:global -- not before a table\n" + // 13
		"SELECT 1;\n" + // 14
		"CREATE TABLE a (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), -- tenantvet:ignore TV5001 -- statement line\n" + // 15
		" tenant_id uuid REFERENCES tenants (id));\n" // 16
	dir := t.TempDir()
	writeFile(t, dir, "1_x.up.sql", sql)
	findings, errs := Check([]string{dir}, config.Default())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, f := range findings {
		s := f.Rule + "@" + itoa(int32(f.Position.Line))
		if f.Suppressed != nil {
			s += " suppressed: " + f.Suppressed.Justification
		}
		got = append(got, s)
	}
	want := []string{
		"TV5013@7 suppressed: read-only admin report, owner is a reporting role",
		"TV5013@8 suppressed: same",
		"TV0003@9",
		"TV0001@10",
		"TV5013@11",
		"TV0002@12",
		"TV0003@13",
		"TV5003@15", "TV5004@15",
		"TV5001@16 suppressed: statement line",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseError(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "1_a.up.sql", base)
	// The error is after multibyte characters on the same line: the column counts bytes.
	p := writeFile(t, dir, "2_b.up.sql", "-- 日本語のコメント\nCREATE TABLE \"ñoñó\" (id int);\nSELECT 'ü€' FROM WHERE;\n")
	findings, errs := Check([]string{dir}, config.Default())
	if len(errs) != 1 {
		t.Fatalf("errs = %v", errs)
	}
	var pe *ParseError
	if !errors.As(errs[0], &pe) {
		t.Fatalf("%T is not a *ParseError", errs[0])
	}
	// SELECT 'ü€' FROM WHERE: "SELECT " 7 bytes, 'ü€' 7 bytes, " FROM " 6 bytes: WHERE at byte 21.
	if want := p + `:3:21: syntax error at or near "WHERE"`; pe.Error() != want {
		t.Errorf("error = %q, want %q", pe.Error(), want)
	}
	if len(findings) != 0 {
		t.Errorf("findings from the good file: %v", findings)
	}
}

func TestEmptyDirectoryIsAnError(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "README.md", "no SQL here\n")
	_, errs := Check([]string{dir}, config.Default())
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "no migration files") {
		t.Errorf("errs = %v, want one 'no migration files' error", errs)
	}
	writeFile(t, dir, "1_a.up.sql", base)
	if _, errs := Check([]string{dir}, config.Default()); len(errs) != 0 {
		t.Errorf("errs = %v with a migration present", errs)
	}
}

func TestUTF8Positions(t *testing.T) {
	sql := "-- Ünïcödé 🚀 comment\n" +
		"CREATE TABLE tenants (id uuid PRIMARY KEY);\n" +
		"/* ☃ */ CREATE TABLE \"zähler\" (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), \"naïve\" text, tenant_id uuid REFERENCES tenants (id));\n"
	got := runSQL(t, sql, config.Default())
	// "/* ☃ */ " is 10 bytes, so CREATE is at byte column 11; tenant_id follows
	// `"naïve" text, ` in the column list.
	line := "/* ☃ */ CREATE TABLE \"zähler\" (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), \"naïve\" text, "
	col := itoa(int32(len(line) + 1))
	want := []string{":3:11 TV5003", ":3:11 TV5025", ":3:" + col + " TV5001"} // no table has RLS: one TV5025
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if s, _ := Build([]string{writeFile(t, t.TempDir(), "x.sql", sql)}, config.Default()); !s.Known("zähler") {
		t.Errorf("table zähler not in the model")
	}
}

func TestModelRoundTrip(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "1_a.up.sql", base+"CREATE VIEW v AS SELECT * FROM notes;\n-- tenantvet:global -- catalogue\nCREATE TABLE plans (id text PRIMARY KEY);\n")
	set := config.Default()
	set.AppRole = "notes_app"
	s, errs := Build([]string{dir}, set)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	p := filepath.Join(t.TempDir(), "model.json")
	if err := WriteModel(p, s); err != nil {
		t.Fatal(err)
	}
	s2, err := ReadModel(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []*Schema{s, s2} {
		if col, ok := q.TenantColumn("notes"); !ok || col != "tenant_id" {
			t.Errorf("TenantColumn(notes) = %q, %v", col, ok)
		}
		if _, ok := q.TenantColumn("tenants"); ok {
			t.Errorf("tenants is not tenant-owned")
		}
		if !q.IsGlobal("plans") || q.IsGlobal("notes") || !q.Known("public.plans") || q.Known("nope") {
			t.Errorf("classification wrong")
		}
		if !q.HasRLS() || !q.TableHasRLS("notes") || q.TableHasRLS("plans") {
			t.Errorf("RLS queries wrong")
		}
	}
	a, _ := s.MarshalJSON()
	b, _ := s2.MarshalJSON()
	if string(a) != string(b) {
		t.Errorf("serialisation is not stable:\n%s\n%s", a, b)
	}
	if err := os.WriteFile(p, []byte(`{"version": 99}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadModel(p); err == nil {
		t.Errorf("ReadModel accepted an unknown version")
	}
}

func TestLoadForAnalysis(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", cache)
	dir := t.TempDir()
	writeFile(t, dir, "1_a.up.sql", base)
	set := config.Default()
	if s, err := LoadForAnalysis(set); s != nil || err != nil {
		t.Errorf("no migrations: got %v, %v", s, err)
	}
	set.Migrations = []string{dir}
	s, err := LoadForAnalysis(set)
	if err != nil || s == nil || !s.TableHasRLS("notes") {
		t.Fatalf("LoadForAnalysis = %v, %v", s, err)
	}
	files, _ := filepath.Glob(filepath.Join(cache, "tenantvet", "schema-*.json"))
	if len(files) != 1 {
		t.Fatalf("cache files = %v", files)
	}
	if s2, _ := LoadForAnalysis(set); s2 != s {
		t.Errorf("not memoised")
	}
	// A changed migration gives a new cache entry in the next process (simulated by clearing
	// the in-process memo).
	writeFile(t, dir, "2_b.up.sql", "ALTER TABLE notes DISABLE ROW LEVEL SECURITY;\n")
	resetMemo := func() {
		loadMu.Lock()
		loadMemo = map[string]*Schema{}
		loadMu.Unlock()
	}
	resetMemo()
	s3, err := LoadForAnalysis(set)
	if err != nil || s3.TableHasRLS("notes") {
		t.Errorf("stale model after a new migration: %v", err)
	}
	resetMemo()
	if s4, err := LoadForAnalysis(set); err != nil || s4.TableHasRLS("notes") || !s4.Known("notes") {
		t.Errorf("model read from the cache differs: %v", err)
	}
	if files, _ := filepath.Glob(filepath.Join(cache, "tenantvet", "schema-*.json")); len(files) != 2 {
		t.Errorf("cache files = %v, want 2", files)
	}
	// The cache file alone answers another process (simulated by a model file).
	model := filepath.Join(t.TempDir(), "m.json")
	if err := WriteModel(model, s); err != nil {
		t.Fatal(err)
	}
	m, err := LoadForAnalysis(&config.Settings{Schema: model})
	if err != nil || !m.TableHasRLS("notes") {
		t.Errorf("model file: %v", err)
	}
}
