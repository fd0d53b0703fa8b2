package sqlcheck

import (
	"cmp"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// File describes one migration file that was found.
type File struct {
	Path    string `json:"path"`
	Layout  string `json:"layout"`            // golang-migrate, goose, sql-migrate, dbmate, tern, flyway, atlas, prisma, supabase, numbered, dump, plain
	Version string `json:"version,omitempty"` // the version the file sorts by
	Skipped string `json:"skipped,omitempty"` // why the file was not applied (down migration, undo, Go migration)
}

// migration is a file to read, with its sort key.
type migration struct {
	File
	class   int      // 0 unversioned (dumps, plain), 1 versioned, 2 repeatable (Flyway R__)
	version []string // numeric parts without leading zeros
	name    string   // tie breaker
}

// collect finds the migration files under paths in the order they are applied. Files given
// explicitly are always read; directories are searched recursively.
func collect(paths []string) ([]*migration, []error) {
	var out []*migration
	var errs []error
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			errs = append(errs, fmt.Errorf("read migrations: %w", err))
			continue
		}
		if !info.IsDir() {
			out = append(out, classify(root, filepath.Base(filepath.Dir(root)), false))
			continue
		}
		var group []*migration
		hasSum := false
		walkErr := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() {
				if p != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor") {
					return filepath.SkipDir
				}
				return nil
			}
			if name == "atlas.sum" {
				hasSum = true
				return nil
			}
			parent := ""
			if dir := filepath.Dir(p); dir != root {
				parent = filepath.Base(dir)
			}
			if strings.HasSuffix(name, ".sql") {
				group = append(group, classify(p, parent, false))
			} else if strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") && leadingDigits(name) != "" {
				group = append(group, classify(p, parent, true))
			}
			return nil
		})
		if walkErr != nil {
			errs = append(errs, fmt.Errorf("read migrations in %s: %w", root, walkErr))
		}
		if hasSum {
			for _, m := range group {
				if m.Layout == "numbered" {
					m.Layout = "atlas"
				}
			}
		}
		slices.SortStableFunc(group, compareMigrations)
		out = append(out, group...)
	}
	return out, errs
}

func compareMigrations(a, b *migration) int {
	if c := cmp.Compare(a.class, b.class); c != 0 {
		return c
	}
	if c := compareVersions(a.version, b.version); c != 0 {
		return c
	}
	return cmp.Compare(a.name, b.name)
}

// compareVersions compares versions part by part, numerically.
func compareVersions(a, b []string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if c := cmp.Compare(len(a[i]), len(b[i])); c != 0 {
			return c
		}
		if c := cmp.Compare(a[i], b[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

// classify derives the layout and the version of one file from its name and its directory.
func classify(p, parent string, goFile bool) *migration {
	name := filepath.Base(p)
	m := &migration{File: File{Path: p}, name: p}
	if goFile {
		m.Layout = "goose"
		m.class = 1
		m.setVersion(leadingDigits(name))
		m.Skipped = "Go migration, not analysed"
		return m
	}
	switch {
	case strings.HasSuffix(name, ".down.sql"):
		m.Layout, m.Skipped = "golang-migrate", "down migration"
		m.class = 1
		m.setVersion(leadingDigits(name))
	case strings.HasSuffix(name, ".up.sql"):
		m.Layout, m.class = "golang-migrate", 1
		m.setVersion(leadingDigits(name))
	case flywayVersion(name, 'V') != "":
		m.Layout, m.class = "flyway", 1
		m.setVersion(flywayVersion(name, 'V'))
	case flywayVersion(name, 'U') != "":
		m.Layout, m.class, m.Skipped = "flyway", 1, "undo migration"
		m.setVersion(flywayVersion(name, 'U'))
	case strings.HasPrefix(name, "R__"):
		m.Layout, m.class = "flyway", 2
	case name == "migration.sql" && leadingDigits(parent) != "":
		m.Layout, m.class = "prisma", 1
		m.setVersion(leadingDigits(parent))
	case leadingDigits(name) != "" && filepath.Base(filepath.Dir(p)) == "migrations" && filepath.Base(filepath.Dir(filepath.Dir(p))) == "supabase":
		m.Layout, m.class = "supabase", 1 // supabase/migrations/20240101000000_name.sql
		m.setVersion(leadingDigits(name))
	case leadingDigits(name) != "":
		m.Layout, m.class = "numbered", 1
		m.setVersion(leadingDigits(name))
	case name == "structure.sql" || strings.Contains(name, "dump") || name == "schema.sql":
		m.Layout = "dump"
	default:
		m.Layout = "plain"
	}
	return m
}

func (m *migration) setVersion(v string) {
	m.Version = v
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == '.' || r == '_' }) {
		part = strings.TrimLeft(part, "0")
		m.version = append(m.version, part)
	}
}

func leadingDigits(s string) string {
	i := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// flywayVersion returns the version of a Flyway file name such as V1_2__init.sql.
func flywayVersion(name string, prefix byte) string {
	if len(name) < 2 || name[0] != prefix {
		return ""
	}
	v, _, ok := strings.Cut(name[1:], "__")
	if !ok || v == "" {
		return ""
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; !('0' <= c && c <= '9') && c != '.' && c != '_' {
			return ""
		}
	}
	return v
}

// refineLayout names the layout from the markers found in a file's comments.
func refineLayout(m *migration, src *source) {
	if len(src.markers) > 0 && (m.Layout == "numbered" || m.Layout == "plain" || m.Layout == "atlas" || m.Layout == "supabase") {
		m.Layout = src.markers[0]
		return
	}
	if m.Layout == "plain" && strings.Contains(src.text[:min(len(src.text), 4096)], "PostgreSQL database dump") {
		m.Layout = "dump"
	}
}
