package lsp

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/tenantvet/tenantvet/internal/report"
)

func TestPositionsAreUTF16(t *testing.T) {
	content := []byte("package a\n\n/* é😀 */ x := 1\n")
	ls := lineStarts(content)
	// "x" is at byte column 1+len("/* é😀 */ ") = 1+13; in UTF-16: "/* " 3 + é 1 + 😀 2 + " */ " 4 = 10.
	if got := position(content, ls, 3, 14); got != (Position{Line: 2, Character: 10}) {
		t.Errorf("position = %+v, want 2:10", got)
	}
	if got := offsetPosition(content, ls, len("package a\n\n/* é😀 */ ")); got != (Position{Line: 2, Character: 10}) {
		t.Errorf("offsetPosition = %+v, want 2:10", got)
	}
	if got := byteOffset(content, ls, Position{Line: 2, Character: 10}); got != len("package a\n\n/* é😀 */ ") {
		t.Errorf("byteOffset = %d", got)
	}
	// Out of range (a file changed since): clamped, no panic.
	_ = position(content, ls, 99, 99)
	_ = offsetPosition(content, ls, -1)
}

func TestDiagnosticCarriesRuleAndRelatedPlaces(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "b.go")
	if err := os.WriteFile(other, []byte("package a\n\nvar 😀x = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := &server{docs: map[string]*document{}}
	content := []byte("package a\n\nfunc f() {}\n")
	d := s.diagnostic(dir, filepath.Join(dir, "a.go"), report.Finding{
		Rule: "TV1001", Severity: "error", Message: "query outside a tenant scope",
		Position: report.Position{File: "a.go", Line: 3, Column: 6, EndLine: 3, EndColumn: 7},
		Related:  []report.Related{{Message: "the pool comes from here", Position: report.Position{File: "b.go", Line: 3, Column: 9}}},
	}, content)
	want := Diagnostic{
		Range: Range{Start: Position{2, 5}, End: Position{2, 6}}, Severity: 1, Code: "TV1001",
		CodeDescription: d.CodeDescription, Source: "tenantvet", Message: "query outside a tenant scope",
		RelatedInformation: []DiagnosticRelatedInformation{{
			Location: Location{URI: pathURI(other), Range: Range{Start: Position{2, 6}, End: Position{2, 7}}},
			Message:  "the pool comes from here",
		}},
	}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("diagnostic\n got %+v\nwant %+v", d, want)
	}
	if d.CodeDescription == nil || d.CodeDescription.Href == "" {
		t.Error("no codeDescription.href")
	}
}

func TestRangeWithoutEndCoversTheWord(t *testing.T) {
	content := []byte("CREATE TABLE é_ünits (id int);\n(x\n\n")
	ls := lineStarts(content)
	for _, c := range []struct {
		line, col int
		want      Position
	}{
		{1, 1, Position{0, 6}},   // CREATE
		{1, 14, Position{0, 20}}, // é_ünits: letters beyond ASCII, UTF-16 columns
		{1, 24, Position{0, 22}}, // "(" starts no word: one character
		{2, 1, Position{1, 1}},
		{3, 1, Position{2, 0}}, // an empty line: the range stays empty
		{99, 1, position(content, ls, 99, 1)},
	} {
		if got := wordEnd(content, ls, c.line, c.col); got != c.want {
			t.Errorf("wordEnd(%d:%d) = %+v, want %+v", c.line, c.col, got, c.want)
		}
	}
}

func TestURIRoundTrip(t *testing.T) {
	for _, p := range []string{"/tmp/a b/c.go", "/x/ü.sql"} {
		if got := uriPath(pathURI(p)); got != p {
			t.Errorf("%s -> %s -> %s", p, pathURI(p), got)
		}
	}
}
