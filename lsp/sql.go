package lsp

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tenantvet/tenantvet/internal/report"
	"github.com/tenantvet/tenantvet/sqlcheck"
)

// checkSQL replays the configured migrations, with the open .sql buffers in place of their
// files, and publishes each migration file's findings to that file.
func (s *server) checkSQL() {
	s.mu.Lock()
	settings := s.settings
	overlay := map[string][]byte{}
	versions := map[string]int{}
	for p, d := range s.docs {
		if strings.HasSuffix(p, ".sql") {
			overlay[p] = []byte(d.text)
			versions[p] = d.version
		}
	}
	s.mu.Unlock()
	if settings == nil || len(settings.Migrations) == 0 {
		return
	}
	paths, mapBack, err := s.migrationsView(settings.Migrations, overlay)
	if err != nil {
		s.message(1, "tenantvet: "+err.Error())
		return
	}
	findings, errs := sqlcheck.Check(paths, settings)
	byFile := map[string][]report.Finding{}
	for _, f := range findings {
		if f.Suppressed != nil {
			continue
		}
		f.Position.File = mapBack(f.Position.File)
		for j := range f.Related {
			f.Related[j].Position.File = mapBack(f.Related[j].Position.File)
		}
		byFile[f.Position.File] = append(byFile[f.Position.File], f)
	}
	for _, e := range errs {
		var pe *sqlcheck.ParseError
		if errors.As(e, &pe) {
			file := mapBack(pe.File)
			s.logf(2, "%s:%d:%d: %s", file, pe.Line, pe.Col, pe.Msg)
			// A syntax error is shown where it is, as the command line prints it.
			byFile[file] = append(byFile[file], report.Finding{Severity: "error", Message: pe.Msg,
				Position: report.Position{File: file, Line: pe.Line, Column: pe.Col}})
			continue
		}
		s.message(1, "tenantvet sql: "+e.Error())
	}
	s.publish(byFile, overlay, versions, func(p string) bool { return strings.HasSuffix(p, ".sql") && s.inMigrationsLocked(p) })
}

// schemaCopy is the copy of the migrations with the unsaved buffers in place of their files:
// sqlcheck and the analyzers' schema loads read files. It lives in a directory named by the
// hash of its content, so a run on the same buffers finds the same paths (and the result cache
// its entries), while other buffers give other paths (and no memo can serve the old schema).
// Only the worker goroutine uses it.
type schemaCopy struct {
	base  string   // the server's temporary directory, removed when it stops
	key   string   // content hash of the current copy, "" when there is none
	paths []string // the current copy of each configured migrations path
}

// migrationsView returns the migrations as the editor has them: migrations itself when no open
// buffer under them differs from its file, else a copy holding the buffers, with mapBack taking
// a path in the copy back to the file it stands for.
func (s *server) migrationsView(migrations []string, overlay map[string][]byte) (paths []string, mapBack func(string) string, err error) {
	identity := func(p string) string { return p }
	dirty := false
	for p, b := range overlay {
		if !under(p, migrations) {
			continue
		}
		if disk, err := os.ReadFile(p); err != nil || string(disk) != string(b) {
			dirty = true
			break
		}
	}
	if !dirty {
		return migrations, identity, nil
	}
	// Read the whole tree (buffers in place of files) and hash it: the copy's name.
	type file struct {
		rel  string
		data []byte
	}
	trees := make([][]file, len(migrations))
	h := sha256.New()
	for i, m := range migrations {
		err := filepath.WalkDir(m, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, ok := overlay[p]
			if !ok {
				if data, err = os.ReadFile(p); err != nil {
					return err
				}
			}
			rel, _ := filepath.Rel(m, p)
			trees[i] = append(trees[i], file{rel, data})
			fmt.Fprintf(h, "%d\x00%s\x00%d\x00", i, rel, len(data))
			h.Write(data)
			return nil
		})
		if err != nil {
			return nil, nil, fmt.Errorf("copy migrations: %w", err)
		}
	}
	key := hex.EncodeToString(h.Sum(nil))[:16]
	sc := &s.schema
	if sc.base == "" {
		if sc.base, err = os.MkdirTemp("", "tenantvet-lsp-schema"); err != nil {
			return nil, nil, fmt.Errorf("copy migrations: %w", err)
		}
	}
	if key != sc.key {
		if sc.key != "" {
			os.RemoveAll(filepath.Join(sc.base, sc.key))
			sc.key, sc.paths = "", nil
		}
		var copies []string
		for i, m := range migrations {
			// Keep the last element's name: a migrations entry may be a file, read by its suffix.
			dst := filepath.Join(sc.base, key, strconv.Itoa(i), filepath.Base(m))
			copies = append(copies, dst)
			for _, f := range trees[i] {
				target := filepath.Join(dst, f.rel)
				if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
					return nil, nil, fmt.Errorf("copy migrations: %w", err)
				}
				if err := os.WriteFile(target, f.data, 0o644); err != nil {
					return nil, nil, fmt.Errorf("copy migrations: %w", err)
				}
			}
		}
		sc.key, sc.paths = key, copies
	}
	copies := sc.paths
	mapBack = func(p string) string {
		for i, c := range copies {
			if p == c || strings.HasPrefix(p, c+string(filepath.Separator)) {
				return migrations[i] + strings.TrimPrefix(p, c)
			}
		}
		return p
	}
	return copies, mapBack, nil
}

// removeSchemaCopy removes the copies of the migrations.
func (s *server) removeSchemaCopy() {
	if s.schema.base != "" {
		os.RemoveAll(s.schema.base)
	}
	s.schema = schemaCopy{}
}

// under reports whether path is one of roots or lies below one.
func under(path string, roots []string) bool {
	for _, m := range roots {
		if path == m || strings.HasPrefix(path, m+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

func (s *server) inMigrationsLocked(p string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inMigrations(p)
}
