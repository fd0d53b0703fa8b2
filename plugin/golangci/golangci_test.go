package golangci

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
)

func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin("tenantvet")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(nil)
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, a := range as {
		names[a.Name] = true
	}
	for _, n := range []string{"sqlscope", "jobpayload", "logredact", "headertrust", "directive"} {
		if !names[n] {
			t.Errorf("analyzer %s missing from the plugin", n)
		}
	}
	if p.GetLoadMode() != register.LoadModeTypesInfo {
		t.Errorf("load mode %q", p.GetLoadMode())
	}
}

// settings reads the flag value the plugin gave an analyzer.
func flagValue(t *testing.T, p register.LinterPlugin, analyzer, name string) string {
	t.Helper()
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if a.Name == analyzer {
			return a.Flags.Lookup(name).Value.String()
		}
	}
	t.Fatalf("no analyzer %s", analyzer)
	return ""
}

func TestSettingsAreTenantvetYAMLKeys(t *testing.T) {
	// As golangci-lint hands them over: decoded YAML.
	p, err := New(map[string]any{"tenant_columns": []any{"org_id", "tenant_id"}, "mode": "filter"})
	if err != nil {
		t.Fatal(err)
	}
	if got := flagValue(t, p, "sqlscope", "tenant-columns"); got != "org_id,tenant_id" {
		t.Errorf("tenant-columns = %q", got)
	}
	if got := flagValue(t, p, "sqlscope", "mode"); got != "filter" {
		t.Errorf("mode = %q", got)
	}
}

func TestSettingsErrorsAreTheFilesErrors(t *testing.T) {
	for _, tc := range []struct {
		name     string
		settings map[string]any
		want     string
	}{
		{"unknown key", map[string]any{"tenant_column": "org_id"}, "linters.settings.custom.tenantvet.settings: tenant_column: unknown key (did you mean tenant_columns?)"},
		{"wrong type", map[string]any{"tenant_columns": map[string]any{"x": 1}}, "tenant_columns"},
		{"bad value", map[string]any{"mode": "sometimes"}, "mode"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.settings)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestNoSettingsReadsTheConfigurationFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".tenantvet.yaml"), []byte("tenant_columns: [workspace_id]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	p, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := flagValue(t, p, "sqlscope", "tenant-columns"); got != "workspace_id" {
		t.Errorf("tenant-columns = %q, want the file's workspace_id", got)
	}
	if err := os.WriteFile(filepath.Join(dir, ".tenantvet.yaml"), []byte("tenant_colums: [x]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := New(map[string]any{}); err == nil || !strings.Contains(err.Error(), ".tenantvet.yaml:1:1: tenant_colums: unknown key") {
		t.Errorf("a bad file: %v", err)
	}
}
