package runtime

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/tenantvet/tenantvet/"

// TestImports keeps the runtime library small and independent: its packages import only the
// standard library, pgx v5 and each other, never the analyzers, sqlcheck, the module's
// internal packages or pg_query. Tests may also use runtime/internal (the database harness).
func TestImports(t *testing.T) {
	allowed := func(path string, test bool) bool {
		first, _, _ := strings.Cut(path, "/")
		switch {
		case !strings.Contains(first, "."): // standard library
			return true
		case path == "github.com/jackc/pgx/v5" || strings.HasPrefix(path, "github.com/jackc/pgx/v5/"):
			return true
		case strings.HasPrefix(path, module+"runtime/internal/"):
			return test
		case path == module+"runtime" || strings.HasPrefix(path, module+"runtime/"):
			return true
		}
		return false
	}
	files := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		files++
		test := strings.HasSuffix(path, "_test.go")
		for _, imp := range f.Imports {
			p, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				return err
			}
			if !allowed(p, test) {
				t.Errorf("%s imports %s: runtime may import only the standard library, pgx v5 and runtime packages", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 10 {
		t.Fatalf("checked only %d files: is the walk rooted in runtime/?", files)
	}
}
