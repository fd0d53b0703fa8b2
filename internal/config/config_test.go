package config

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseGood(t *testing.T) {
	src := `# tenantvet settings
tenant_columns: [org_id, tenant_id]
tenant_setting: app.current_org
global_tables:
  - countries
  - plans
migrations: db/migrations
allow_generated_pk: false
`
	f, err := Parse("/repo/.tenantvet.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	s := Default()
	if err := f.ApplySettings(s); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.TenantColumns, []string{"org_id", "tenant_id"}) || s.TenantSetting != "app.current_org" ||
		!slices.Equal(s.GlobalTables, []string{"countries", "plans"}) || s.AllowGeneratedPK {
		t.Errorf("settings = %+v", s)
	}
	if want := filepath.Join("/repo", "db/migrations"); !slices.Equal(s.Migrations, []string{want}) {
		t.Errorf("migrations = %q, want %q (relative to the file)", s.Migrations, want)
	}
	if len(f.Hash) != 64 {
		t.Errorf("hash %q", f.Hash)
	}
}

func TestParseErrorsNameFileLineAndKey(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"unknown key", "tenant_columns: [a]\ntenant_colums: [b]\n", "x.yaml:2:1: tenant_colums: unknown key"},
		{"wrong type list", "global_tables: {a: b}\n", "x.yaml:1:16: global_tables: want a list of strings, got a mapping"},
		{"wrong type string", "tenant_setting: [a, b]\n", "x.yaml:1:17: tenant_setting: want a string, got a list"},
		{"wrong type bool", "allow_generated_pk: maybe\n", "x.yaml:1:21: allow_generated_pk: want true or false, got a string"},
		{"malformed", "tenant_columns: [a\nmode: scope\n", "x.yaml:"},
		{"duplicate", "mode: scope\nmode: filter\n", `x.yaml:2:1: malformed YAML: mapping key "mode" already defined`},
		{"bad mode", "mode: sometimes\n", `x.yaml: mode "sometimes" is not auto, scope or filter`},
		{"not a mapping", "- a\n- b\n", "x.yaml:1:1: the configuration must be a mapping"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("x.yaml", []byte(c.src))
			if err == nil {
				t.Fatal("no error")
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %T is not *config.Error", err)
			}
			if !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("error = %q, want prefix %q", err, c.want)
			}
		})
	}
}

func TestEmptyFileConfiguresNothing(t *testing.T) {
	for _, src := range []string{"", "# only a comment\n", "---\n"} {
		f, err := Parse("x.yaml", []byte(src))
		if err != nil || len(f.Values) != 0 {
			t.Errorf("Parse(%q) = %v, %v", src, f, err)
		}
	}
}

func TestBindAndApplyOverride(t *testing.T) {
	s := Default()
	fs := flag.NewFlagSet("a", flag.ContinueOnError)
	s.Bind(fs, "tenant-columns", "mode")
	if fs.Lookup("tenant-setting") != nil {
		t.Error("Bind registered a flag it was not asked for")
	}
	f, err := Parse("x.yaml", []byte("tenant_columns: [org_id]\nmode: filter\ntenant_setting: app.org\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Apply(fs); err != nil {
		t.Fatal(err)
	}
	if err := fs.Parse([]string{"-mode=scope"}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.TenantColumns, []string{"org_id"}) || s.Mode != "scope" || s.TenantSetting != "app.tenant_id" {
		t.Errorf("settings = %+v (the command line must win over the file; unbound keys are left alone)", s)
	}
}

func TestFindWalksUp(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b", "c")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if p, err := Find(deep); err != nil || (p != "" && strings.HasPrefix(p, root)) {
		t.Fatalf("Find with no file = %q, %v", p, err)
	}
	cfg := filepath.Join(root, "a", ".tenantvet.yaml")
	if err := os.WriteFile(cfg, []byte("mode: scope\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if p, err := Find(deep); err != nil || p != cfg {
		t.Fatalf("Find = %q, %v, want %q", p, err, cfg)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("tenant_columns: [a]\n"))
	f.Add([]byte("mode: [\n"))
	f.Add([]byte("- a\n"))
	f.Add([]byte("migrations: !!binary aGk=\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = Parse("fuzz.yaml", data) // must never panic
	})
}

func TestFromMapValidatesLikeTheFile(t *testing.T) {
	f, err := FromMap("/w/.golangci.yml", map[string]any{"tenant_columns": []any{"org_id"}, "migrations": []any{"db/migrations"}})
	if err != nil {
		t.Fatal(err)
	}
	if f.Values["tenant-columns"] != "org_id" || f.Values["migrations"] != "/w/db/migrations" {
		t.Errorf("values %v", f.Values)
	}
	if _, err := FromMap("/w/.golangci.yml", map[string]any{"tenant_column": "org_id"}); err == nil || !strings.Contains(err.Error(), "tenant_column: unknown key") {
		t.Errorf("unknown key: %v", err)
	}
	if _, err := FromMap("/w/.golangci.yml", map[string]any{"tenant_columns": map[string]any{"a": 1}}); err == nil || !strings.Contains(err.Error(), "tenant_columns") {
		t.Errorf("wrong type: %v", err)
	}
	if f, err := FromMap("/w/x", nil); err != nil || len(f.Values) != 0 {
		t.Errorf("nil map: %v %v", f, err)
	}
}
