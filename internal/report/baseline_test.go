package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const storeV1 = `package store

func (s *Store) List() {
	s.pool.Query(ctx, "SELECT * FROM notes")
}

func Other() {
	s.pool.Query(ctx, "SELECT * FROM notes")
}
`

// storeV2 inserts lines above, re-indents the finding's line and adds a second, new one.
const storeV2 = `package store

import "fmt"

// List lists.
func (s *Store) List() {
		s.pool.Query(ctx,   "SELECT * FROM notes")
	s.pool.Query(ctx, "SELECT * FROM projects")
}

func Other() {
	s.pool.Query(ctx, "SELECT * FROM notes")
}
`

func finding(line int) Finding {
	return Finding{Rule: "TV1001", Analyzer: "sqlscope", Severity: "error", Message: "query outside a tenant scope",
		Position: Position{File: "store.go", Line: line, Column: 2}}
}

func TestAddFingerprintsUsesFunctionAndLine(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "store.go"), []byte(storeV1), 0o644)
	fs := []Finding{finding(4), finding(8)}
	AddFingerprints(dir, fs)
	if fs[0].Context != "Store.List" || fs[1].Context != "Other" {
		t.Errorf("contexts = %q, %q", fs[0].Context, fs[1].Context)
	}
	if fs[0].Fingerprint == "" || fs[0].Fingerprint == fs[1].Fingerprint {
		t.Errorf("the same line in two functions must have different fingerprints: %q %q", fs[0].Fingerprint, fs[1].Fingerprint)
	}
	os.WriteFile(filepath.Join(dir, "store.go"), []byte(storeV2), 0o644)
	moved := []Finding{finding(7), finding(8), finding(12)}
	AddFingerprints(dir, moved)
	if moved[0].Fingerprint != fs[0].Fingerprint || moved[2].Fingerprint != fs[1].Fingerprint {
		t.Error("inserting lines above and re-indenting changed the fingerprints")
	}
	if moved[1].Fingerprint == fs[0].Fingerprint {
		t.Error("a different line shares the old fingerprint")
	}
	missing := []Finding{{Rule: "TV1001", Message: "m", Position: Position{File: "gone.go", Line: 1}}}
	AddFingerprints(dir, missing)
	if missing[0].Fingerprint != "" || Fingerprint(missing[0]) == "" {
		t.Error("an unreadable file must fall back to the message fingerprint")
	}
}

func TestBaselineHidesAcceptedAndListsStale(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "store.go")
	os.WriteFile(src, []byte(storeV1), 0o644)
	old := []Finding{finding(4), finding(8), {Rule: "TV1001", Message: "ignored", Position: Position{File: "store.go", Line: 8}, Suppressed: &Suppression{Kind: "inSource"}}}
	AddFingerprints(dir, old)
	path := filepath.Join(dir, "baseline.json")
	if err := WriteBaseline(path, ScopeGo, old); err != nil {
		t.Fatal(err)
	}
	// A second section is kept when the other one is written.
	if err := WriteBaseline(path, ScopeSQL, nil); err != nil {
		t.Fatal(err)
	}
	b, err := ReadBaseline(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Go) != 2 || b.Go[0].File != "store.go" || b.Go[0].Context != "Other" {
		t.Fatalf("entries = %+v, want two, sorted by file and function, the suppressed finding left out", b.Go)
	}
	data, _ := os.ReadFile(path)
	if strings.Contains(string(data), `"line": 4`) || !strings.Contains(string(data), `"line": "s.pool.Query(ctx, \"SELECT * FROM notes\")"`) {
		t.Errorf("the baseline must record the normalised line, not its number:\n%s", data)
	}

	// Lines inserted above, one new finding, and the one in Other fixed.
	os.WriteFile(src, []byte(strings.Replace(storeV2, "func Other() {\n\ts.pool.Query(ctx, \"SELECT * FROM notes\")\n}", "func Other() {}", 1)), 0o644)
	now := []Finding{finding(7), finding(8)}
	AddFingerprints(dir, now)
	stale := b.Apply(ScopeGo, now)
	if now[0].Suppressed == nil || now[0].Suppressed.Kind != "external" {
		t.Error("the moved, accepted finding is not suppressed by the baseline")
	}
	if now[1].Suppressed != nil {
		t.Error("the new finding is hidden by the baseline")
	}
	if len(stale) != 1 || stale[0].Context != "Other" {
		t.Errorf("stale = %+v, want the entry of Other", stale)
	}
	if sqlStale := b.Apply(ScopeSQL, now); len(sqlStale) != 0 {
		t.Error("the sql section matched Go findings")
	}
}

func TestBaselineCountsDuplicates(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.go"), []byte("package a\n\nfunc F() {\n\tlog(x)\n\tlog(x)\n}\n"), 0o644)
	f := func(line int) Finding {
		return Finding{Rule: "TV3001", Message: "m", Position: Position{File: "a.go", Line: line}}
	}
	two := []Finding{f(4), f(5)}
	AddFingerprints(dir, two)
	path := filepath.Join(dir, "b.json")
	if err := WriteBaseline(path, ScopeGo, two); err != nil {
		t.Fatal(err)
	}
	b, _ := ReadBaseline(path)
	if len(b.Go) != 1 || b.Go[0].Count != 2 {
		t.Fatalf("entries = %+v, want one with count 2", b.Go)
	}
	os.WriteFile(filepath.Join(dir, "a.go"), []byte("package a\n\nfunc F() {\n\tlog(x)\n\tlog(x)\n\tlog(x)\n}\n"), 0o644)
	three := []Finding{f(4), f(5), f(6)}
	AddFingerprints(dir, three)
	b.Apply(ScopeGo, three)
	if three[0].Suppressed == nil || three[1].Suppressed == nil || three[2].Suppressed != nil {
		t.Error("a third identical finding must be new")
	}
}

func TestReadBaselineErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := ReadBaseline(filepath.Join(dir, "none.json")); err == nil {
		t.Error("a missing baseline must be an error")
	}
	p := filepath.Join(dir, "b.json")
	os.WriteFile(p, []byte(`{"version": 1, "go": [{"rule": "TV1001", "fingerprnt": "x"}]}`), 0o644)
	if _, err := ReadBaseline(p); err == nil || !strings.Contains(err.Error(), "fingerprnt") {
		t.Errorf("unknown field: err = %v", err)
	}
	os.WriteFile(p, []byte(`{"version": 7}`), 0o644)
	if _, err := ReadBaseline(p); err == nil {
		t.Error("a future version must be rejected")
	}
}
