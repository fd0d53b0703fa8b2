package analyzerdoc

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"testing"
)

// TestMatchesGoParser: for every analyzer's doc.go, the package comment read by hand is the one
// go/parser and ast.CommentGroup.Text give.
func TestMatchesGoParser(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "analyzers", "*", "doc.go"))
	if len(files) < 5 {
		t.Fatalf("found %d analyzer doc.go files", len(files))
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, src, parser.ParseComments|parser.PackageClauseOnly)
		if err != nil || af.Doc == nil {
			t.Fatalf("%s: %v", f, err)
		}
		if got, want := packageComment(string(src)), af.Doc.Text(); got != want {
			t.Errorf("%s: package comment differs\n--- got ---\n%s\n--- go/parser ---\n%s", f, got, want)
		}
		name := filepath.Base(filepath.Dir(f))
		if s := Section(string(src), name); s == "" {
			t.Errorf("%s: empty section", f)
		}
	}
}

func TestPackageCommentEdges(t *testing.T) {
	for src, want := range map[string]string{
		"// A\n//\n//\n// B\npackage p\n":         "A\n\nB\n",
		"// not this\n\n// Package p.\npackage p": "Package p.\n",
		"//go:build x\n\n// P.\npackage p\n":      "P.\n",
		"package p\n":                             "",
		"/* block */\npackage p\n":                "",
	} {
		if got := packageComment(src); got != want {
			t.Errorf("packageComment(%q) = %q, want %q", src, got, want)
		}
	}
}
