package sqlcheck

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tenantvet/tenantvet/internal/config"
)

var update = flag.Bool("update", false, "rewrite golden files")

// loadExample reads the example twin's .tenantvet.yaml, as `tenantvet sql` would.
func loadExample(t *testing.T, twin string) (*config.Settings, string) {
	t.Helper()
	dir := filepath.Join("..", "testdata", "example", twin)
	f, err := config.Load(filepath.Join(dir, ".tenantvet.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	set := config.Default()
	if err := f.ApplySettings(set); err != nil {
		t.Fatal(err)
	}
	return set, dir
}

// TestExampleGolden checks the leaky twin's migrations against a golden list: one finding per
// TV5 rule (TV5022, an inference note, cannot coexist with a schema using the configured
// column) and one suppressed finding.
func TestExampleGolden(t *testing.T) {
	set, dir := loadExample(t, "leaky")
	findings, errs := Check(set.Migrations, set)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var b strings.Builder
	for _, f := range findings {
		rel, _ := filepath.Rel(dir, f.Position.File)
		b.WriteString(filepath.ToSlash(rel) + ":" + itoa(int32(f.Position.Line)) + ":" + itoa(int32(f.Position.Column)) + " " + f.Rule + " " + f.Message)
		if f.Suppressed != nil {
			b.WriteString(" [suppressed: " + f.Suppressed.Justification + "]")
		}
		b.WriteString("\n")
	}
	golden := filepath.Join("testdata", "golden", "leaky.txt")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("findings differ from %s (run with -update):\n%s", golden, b.String())
	}
	seen := map[string]int{}
	suppressed := 0
	for _, f := range findings {
		if f.Suppressed != nil {
			suppressed++
			continue
		}
		seen[f.Rule]++
	}
	for i := 1; i <= 24; i++ {
		id := "TV50" + itoa(int32(i))
		if i < 10 {
			id = "TV500" + itoa(int32(i))
		}
		if want := 1; id != "TV5022" && seen[id] != want {
			t.Errorf("%s: %d findings, want exactly one seeded violation", id, seen[id])
		}
	}
	if suppressed != 1 {
		t.Errorf("%d suppressed findings, want 1", suppressed)
	}
}

func TestExampleFixedIsClean(t *testing.T) {
	set, _ := loadExample(t, "fixed")
	if set.AppRole != "notes_app" {
		t.Fatalf("app_role = %q", set.AppRole)
	}
	findings, errs := Check(set.Migrations, set)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, f := range findings {
		t.Errorf("%s:%d:%d %s %s (suppressed=%v)", f.Position.File, f.Position.Line, f.Position.Column, f.Rule, f.Message, f.Suppressed != nil)
	}
	s, _ := Build(set.Migrations, set)
	for _, tbl := range []string{"memberships", "projects", "notes", "note_attachments", "api_keys", "ai_runs", "audit_events", "audit_events_2025"} {
		if !s.TableHasRLS(tbl) {
			t.Errorf("%s: no RLS in the fixed model", tbl)
		}
	}
}
