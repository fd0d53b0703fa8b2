// Package diskcache holds the housekeeping shared by tenantvet's on-disk caches (the schema
// catalogs of sqlcheck and the per-package results, types and facts of the standalone driver):
// entries in use are marked by their modification time, and entries unused for a while are
// removed, as the go command does with its build cache. Without this, every edit of a widely
// imported package would leave megabytes behind for good.
package diskcache

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

const (
	// MaxAge is how long an entry may go unused before Trim removes it.
	MaxAge = 5 * 24 * time.Hour
	// touchEvery limits the writes Touch makes: an entry's time is refreshed at most hourly.
	touchEvery = time.Hour
	// trimEvery is how often Trim walks a cache directory.
	trimEvery = 24 * time.Hour
	marker    = "trim.txt"
)

// Touch records that the entry at path was used, by moving its modification time to now when
// it is more than an hour old. Errors are ignored: the cache is an optimisation.
func Touch(path string) {
	st, err := os.Stat(path)
	if err != nil {
		return
	}
	if now := time.Now(); now.Sub(st.ModTime()) > touchEvery {
		_ = os.Chtimes(path, now, now)
	}
}

// Trim removes the files in dir and its subdirectories (entries, and temporary files of
// interrupted writes) not used for MaxAge. It walks the directory at most once a day, noted by
// a marker file, so calling it on every run costs a stat.
func Trim(dir string) {
	TrimOlder(dir, MaxAge, time.Now())
}

// TrimOlder is Trim with the age and the current time given, for tests.
func TrimOlder(dir string, maxAge time.Duration, now time.Time) {
	mark := filepath.Join(dir, marker)
	if st, err := os.Stat(mark); err == nil && now.Sub(st.ModTime()) < trimEvery && !st.ModTime().After(now) {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return
	}
	if err := os.WriteFile(mark, []byte(now.UTC().Format(time.RFC3339)+"\n"), 0o644); err != nil {
		return
	}
	_ = os.Chtimes(mark, now, now)
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == mark {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		age := now.Sub(info.ModTime())
		// A temporary file an interrupted write left behind is garbage after an hour.
		if age > maxAge || strings.HasPrefix(d.Name(), ".tmp-") && age > time.Hour || strings.HasPrefix(d.Name(), "tmp-") && age > time.Hour {
			_ = os.Remove(p)
		}
		return nil
	})
}
