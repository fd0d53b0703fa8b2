package config

import (
	"flag"
	"strings"
	"testing"

	"github.com/tenantvet/tenantvet/internal/rules"
)

func TestChecksSelectRules(t *testing.T) {
	cases := []struct {
		name   string
		checks Checks
		on     []string
		off    []string
	}{
		{"empty means default", nil, []string{"TV1001", "TV5010", "TV0003"}, nil},
		{"all minus ids", Checks{"all", "-TV5010", "-TV3005"}, []string{"TV1001", "TV5009"}, []string{"TV5010", "TV3005"}},
		{"leading removal starts from default", Checks{"-TV5010"}, []string{"TV5009", "TV1001"}, []string{"TV5010"}},
		{"analyzer name", Checks{"logredact"}, []string{"TV3001", "TV3005"}, []string{"TV1001", "TV5001"}},
		{"rule name", Checks{"unscoped-query"}, []string{"TV1001"}, []string{"TV1002"}},
		{"remove analyzer then add one rule back", Checks{"all", "-sql", "TV5005"}, []string{"TV5005", "TV1001"}, []string{"TV5004"}},
		{"case-insensitive", Checks{"ALL", "-tv5010"}, []string{"TV5009"}, []string{"TV5010"}},
		{"minus all", Checks{"-all", "TV1001"}, []string{"TV1001"}, []string{"TV1002", "TV5001"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := c.checks.Validate(); err != nil {
				t.Fatal(err)
			}
			enabled := c.checks.Enabled()
			for _, id := range c.on {
				if !enabled(id) {
					t.Errorf("%s is off, want on", id)
				}
			}
			for _, id := range c.off {
				if enabled(id) {
					t.Errorf("%s is on, want off", id)
				}
			}
		})
	}
}

func TestChecksDefaultOffRule(t *testing.T) {
	// No rule is off by default today; the catalogue flag must still be honoured.
	for _, r := range rules.All() {
		if r.DefaultOff && (Checks{}).Enabled()(r.ID) {
			t.Errorf("%s is off by default but enabled by empty checks", r.ID)
		}
	}
}

func TestChecksUnknownIDInFileHasItsPosition(t *testing.T) {
	src := "tenant_columns: [tenant_id]\nchecks:\n  - all\n  - -TV5010\n  - -TV9999\n"
	_, err := Parse("x.yaml", []byte(src))
	if err == nil {
		t.Fatal("no error for an unknown id")
	}
	if want := `x.yaml:5:5: checks: unknown rule or analyzer "TV9999" in checks`; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error = %q, want prefix %q", err, want)
	}
	f, err := Parse("x.yaml", []byte("checks: [all, -TV5010, -logredact]\nseverity: {TV3005: note, TV1001: warning}\n"))
	if err != nil {
		t.Fatal(err)
	}
	s := Default()
	if err := f.ApplySettings(s); err != nil {
		t.Fatal(err)
	}
	if en := s.Checks.Enabled(); en("TV5010") || en("TV3001") || !en("TV5009") {
		t.Errorf("checks %q not applied", s.Checks)
	}
	if got := s.Severity.Of("TV3005", "warning"); got != "note" {
		t.Errorf("severity of TV3005 = %s, want note", got)
	}
	if got := s.Severity.Of("TV1002", "error"); got != "error" {
		t.Errorf("severity of TV1002 = %s, want the default error", got)
	}
}

func TestSeverityErrorsHaveTheirPosition(t *testing.T) {
	cases := []struct{ src, want string }{
		{"severity:\n  TV3005: warning\n  TV9999: note\n", `x.yaml:3:3: severity: unknown rule or analyzer "TV9999"`},
		{"severity:\n  TV3005: loud\n", `x.yaml:2:11: severity: severity of TV3005 must be error, warning or note`},
		{"severity: [TV3005]\n", `x.yaml:1:11: severity: want a mapping`},
	}
	for _, c := range cases {
		_, err := Parse("x.yaml", []byte(c.src))
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("Parse(%q) = %v, want prefix %q", c.src, err, c.want)
		}
	}
}

func TestChecksFlagRejectsUnknownID(t *testing.T) {
	s := Default()
	fs := flag.NewFlagSet("a", flag.ContinueOnError)
	fs.SetOutput(new(strings.Builder))
	s.Bind(fs, "checks", "severity")
	if err := fs.Parse([]string{"-checks=all,-TV9999"}); err == nil || !strings.Contains(err.Error(), `"TV9999"`) {
		t.Errorf("-checks=all,-TV9999: err = %v", err)
	}
	if err := fs.Parse([]string{"-severity=TV3005=bogus"}); err == nil {
		t.Error("-severity=TV3005=bogus accepted")
	}
	if err := fs.Parse([]string{"-checks=all,-TV5010", "-severity=logredact=note"}); err != nil {
		t.Fatal(err)
	}
	if s.Checks.Enabled()("TV5010") || s.Severity.Of("TV3001", "error") != "note" {
		t.Errorf("flags not applied: %q %q", s.Checks, s.Severity)
	}
}
