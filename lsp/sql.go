package lsp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
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
	paths := settings.Migrations
	// sqlcheck reads files; unsaved buffers go into a copy of the migrations, whose paths are
	// mapped back afterwards.
	var dirty []string
	for p, b := range overlay {
		if disk, err := os.ReadFile(p); err != nil || string(disk) != string(b) {
			dirty = append(dirty, p)
		}
	}
	mapBack := func(p string) string { return p }
	if len(dirty) > 0 {
		tmp, err := os.MkdirTemp("", "tenantvet-lsp-sql")
		if err != nil {
			s.message(1, "tenantvet: "+err.Error())
			return
		}
		defer os.RemoveAll(tmp)
		var copies []string
		for i, m := range paths {
			dst := filepath.Join(tmp, string(rune('a'+i%26))+strings.Repeat("_", i/26))
			if err := copyTree(m, dst, overlay); err != nil {
				s.message(1, "tenantvet: copy migrations: "+err.Error())
				return
			}
			copies = append(copies, dst)
		}
		orig := paths
		paths = copies
		mapBack = func(p string) string {
			for i, c := range copies {
				if p == c || strings.HasPrefix(p, c+string(filepath.Separator)) {
					return orig[i] + strings.TrimPrefix(p, c)
				}
			}
			return p
		}
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

func (s *server) inMigrationsLocked(p string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inMigrations(p)
}

// copyTree copies a migrations directory (or file) to dst, taking files in overlay from there.
func copyTree(from, dst string, overlay map[string][]byte) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, ok := overlay[p]
		if !ok {
			if data, err = os.ReadFile(p); err != nil {
				return err
			}
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
