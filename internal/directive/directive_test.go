package directive

import (
	"slices"
	"testing"

	"github.com/tenantvet/tenantvet/internal/rules"
)

func TestParseComment(t *testing.T) {
	cases := []struct {
		text    string
		isDir   bool
		verb    string
		rules   []string
		reason  string
		problem Problem
	}{
		{"// ordinary comment", false, "", nil, "", OK},
		{"//tenantvet:ignore directive -- health check", true, "ignore", []string{"directive"}, "health check", OK},
		{"// tenantvet:ignore TV0003,directive -- two rules", true, "ignore", []string{"TV0003", "directive"}, "two rules", OK},
		{"//tenantvet:file-ignore TV0002 -- generated admin code", true, "file-ignore", []string{"TV0002"}, "generated admin code", OK},
		{"//tenantvet:ignore sqlscope", true, "ignore", []string{"sqlscope"}, "", NoReason},
		{"//tenantvet:ignore sqlscope --   ", true, "ignore", []string{"sqlscope"}, "", NoReason},
		{"//tenantvet:ignore -- why", true, "ignore", nil, "why", NoRule},
		{"//tenantvet:ignore sqlscop -- typo", true, "ignore", []string{"sqlscop"}, "typo", UnknownRule},
		{"//tenantvet:ignor sqlscope -- typo", true, "ignor", []string{"sqlscope"}, "typo", UnknownVerb},
		{"//tenantvet:job", true, "job", nil, "", OK},
		{"// tenantvet:something-else in prose", false, "", nil, "", OK},
		{"// tenantvet:global directives of the current file", false, "", nil, "", OK},
		{"//tenantvet:global -- not a Go directive", true, "global", nil, "not a Go directive", OK},
		{"-- tenantvet:ignore sql -- backfill", true, "ignore", []string{"sql"}, "backfill", OK},
		{"-- tenantvet:global -- country codes", true, "global", nil, "country codes", OK},
		{"-- tenantvet:global", true, "global", nil, "", NoReason},
	}
	for _, c := range cases {
		d, ok := ParseComment(c.text)
		if ok != c.isDir {
			t.Errorf("%q: directive = %v, want %v", c.text, ok, c.isDir)
			continue
		}
		if !ok {
			continue
		}
		if d.Verb != c.verb || !slices.Equal(d.Rules, c.rules) || d.Reason != c.reason || d.Problem != c.problem {
			t.Errorf("%q: got verb=%q rules=%q reason=%q problem=%d, want %q %q %q %d",
				c.text, d.Verb, d.Rules, d.Reason, d.Problem, c.verb, c.rules, c.reason, c.problem)
		}
	}
}

func TestSetSuppressionAndUnused(t *testing.T) {
	r := rules.MustGet("TV0001") // any rule will do; its analyzer is "directive"
	line, _ := ParseComment("//tenantvet:ignore " + r.ID + " -- reason")
	line.Line = 10
	file, _ := ParseComment("//tenantvet:file-ignore directive -- reason")
	file.Line = 1
	noReason, _ := ParseComment("//tenantvet:ignore " + r.ID)
	noReason.Line = 20

	s := &Set{}
	s.Add(&line)
	if _, ok := s.Suppression(r, 12); ok {
		t.Error("a line directive covered a finding two lines below it")
	}
	if d, ok := s.Suppression(r, 11); !ok || d != &line {
		t.Error("a line directive did not cover the next line")
	}
	if got := s.Unused(func(string) bool { return true }); len(got) != 0 {
		t.Errorf("used directive reported unused: %v", got)
	}

	s2 := &Set{}
	s2.Add(&noReason)
	if _, ok := s2.Suppression(r, 20); ok {
		t.Error("a directive without a reason suppressed a finding")
	}
	s2.Add(&file)
	if _, ok := s2.Suppression(r, 500); !ok {
		t.Error("a file directive did not cover the file")
	}
	s3 := &Set{}
	s3.Add(&line)
	got := s3.Unused(func(k string) bool { return Owns("directive", k) })
	if len(got) != 1 || got[0].Key != r.ID {
		t.Errorf("Unused = %v, want the unused %s key", got, r.ID)
	}
	if got := s3.Unused(func(k string) bool { return Owns("sqlscope", k) }); len(got) != 0 {
		t.Errorf("another analyzer's key reported as unused: %v", got)
	}
}
