// Package stdlib tells whether an analysis pass is looking at a package of the Go standard
// library.
//
// Passes that export facts run on every dependency, the standard library included, and some of
// them (headertrust) would build SSA for all of it only to learn that strings.TrimSpace returns
// what it is given, which a table of known functions already says. The analyzers see no
// "standard" flag from their drivers, so this package recognises the standard library by where
// its files are: under GOROOT/src. Where that cannot be told (a build system that copies the
// sources elsewhere), the answer is false and the package is analysed like any other: slower,
// never less precise.
package stdlib

import (
	"go/build"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// roots are the GOROOT source directories: the one this binary was built with and the one the
// go command that runs it names in the environment (go vet sets GOROOT for its tools).
var roots = func() []string {
	var out []string
	for _, r := range []string{build.Default.GOROOT, os.Getenv("GOROOT")} {
		if r == "" {
			continue
		}
		if abs, err := filepath.Abs(r); err == nil {
			r = abs
		}
		if real, err := filepath.EvalSymlinks(r); err == nil {
			r = real
		}
		out = append(out, filepath.Join(r, "src")+string(filepath.Separator))
	}
	return out
}()

// Package reports whether the pass's package is a standard one: its path has no dot in its
// first element and its files lie under GOROOT/src (cgo packages also have files generated in
// the build cache, so one file there is enough).
func Package(pass *analysis.Pass) bool {
	path := pass.Pkg.Path()
	if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
		return false
	}
	for _, f := range pass.Files {
		if underRoot(pass.Fset.File(f.Pos()).Name()) {
			return true
		}
	}
	return false
}

func underRoot(name string) bool {
	dir := filepath.Dir(name)
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	dir += string(filepath.Separator)
	for _, r := range roots {
		if strings.HasPrefix(dir, r) {
			return true
		}
	}
	return false
}

// File reports whether a source file, by its name, is one of the standard library's (under
// GOROOT/src), for passes that ask about an object of another package.
func File(name string) bool { return underRoot(name) }
