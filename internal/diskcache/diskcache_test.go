package diskcache

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestTouchAndTrim(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	file := func(name string, age time.Duration) string {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, now.Add(-age), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fresh := file("ab/fresh.json", time.Hour)
	old := file("ab/old.unit", 10*24*time.Hour)
	used := file("cd/used.unit", 10*24*time.Hour)
	tmp := file("cd/tmp-123", 2*time.Hour)
	Touch(used)
	if st, _ := os.Stat(used); now.Sub(st.ModTime()) > time.Minute {
		t.Fatalf("Touch left the time of an old entry at %v", st.ModTime())
	}
	recent := file("cd/recent.unit", 10*time.Minute)
	before, _ := os.Stat(recent)
	Touch(recent)
	if after, _ := os.Stat(recent); !after.ModTime().Equal(before.ModTime()) {
		t.Error("Touch rewrote the time of an entry used minutes ago")
	}

	TrimOlder(dir, MaxAge, now)
	for p, want := range map[string]bool{fresh: true, old: false, used: true, tmp: false, recent: true} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("%s exists = %v, want %v", filepath.Base(p), err == nil, want)
		}
	}
	// Within a day of a trim, Trim does not walk the directory again.
	again := file("ef/old.unit", 10*24*time.Hour)
	TrimOlder(dir, MaxAge, now.Add(time.Hour))
	if _, err := os.Stat(again); err != nil {
		t.Error("a second trim within a day removed an entry")
	}
	TrimOlder(dir, MaxAge, now.Add(25*time.Hour))
	if _, err := os.Stat(again); err == nil {
		t.Error("a trim a day later kept an entry unused for ten days")
	}
}
