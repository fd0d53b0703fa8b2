package sqlcheck

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tenantvet/tenantvet/internal/config"
)

// TestCacheKeyStatIndex: the key of settled migration files is recorded under their stat
// signature and read back; any change of a file's size or time, an added file, or a file
// modified moments ago makes the key come from the contents again.
func TestCacheKeyStatIndex(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", cache)
	dir := t.TempDir()
	old := time.Now().Add(-time.Hour)
	write := func(name, body string, mtime time.Time) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	write("001_a.sql", "CREATE TABLE a (id int);", old)
	write("002_b.sql", "CREATE TABLE b (id int);", old)
	set := config.Default()
	set.Migrations = []string{dir}
	indexes := func() int {
		files, _ := filepath.Glob(filepath.Join(cache, "tenantvet", "stat-*"))
		return len(files)
	}

	k1, err := cacheKey(set)
	if err != nil {
		t.Fatal(err)
	}
	if indexes() != 1 {
		t.Fatalf("%d stat index entries after the first key, want 1", indexes())
	}
	if k, _ := cacheKey(set); k != k1 {
		t.Fatalf("key from the index %s, want %s", k, k1)
	}

	// Same size, different contents and time: a new signature, so the contents are read.
	write("002_b.sql", "CREATE TABLE c (id int);", old.Add(time.Minute))
	k2, _ := cacheKey(set)
	if k2 == k1 || indexes() != 2 {
		t.Fatalf("after an edit: key changed %v, %d index entries", k2 != k1, indexes())
	}

	// A file modified just now: its signature is not trusted and nothing is recorded.
	write("003_c.sql", "CREATE TABLE d (id int);", time.Now())
	k3, _ := cacheKey(set)
	if k3 == k2 || indexes() != 2 {
		t.Fatalf("with a fresh file: key changed %v, %d index entries, want 2", k3 != k2, indexes())
	}

	// A stale index entry is not believed blindly: corrupt entries fall back to the contents.
	files, _ := filepath.Glob(filepath.Join(cache, "tenantvet", "stat-*"))
	for _, f := range files {
		if err := os.WriteFile(f, []byte("garbage"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("003_c.sql", "CREATE TABLE d (id int);", old)
	os.Remove(filepath.Join(dir, "003_c.sql"))
	if k, _ := cacheKey(set); k != k2 {
		t.Fatalf("with a corrupt index entry: key %s, want the content key %s", k, k2)
	}
}
