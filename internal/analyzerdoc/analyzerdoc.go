// Package analyzerdoc extracts an analyzer's documentation from the comment of its doc.go, which
// the analyzer embeds, so that the package documentation, the Analyzer.Doc shown by `go vet help`
// and `tenantvet explain` come from one text.
package analyzerdoc

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// Section returns the "# Analyzer NAME" section of the package comment in the Go source docGo:
// its first line is the one-line summary. It panics when the section is missing, which every
// analyzer's tests catch at start-up.
func Section(docGo, name string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", docGo, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil || f.Doc == nil {
		panic(fmt.Sprintf("analyzerdoc: doc.go has no package comment: %v", err))
	}
	text := f.Doc.Text()
	heading := "# Analyzer " + name
	i := strings.Index(text, heading+"\n")
	if i < 0 {
		panic(fmt.Sprintf("analyzerdoc: doc.go has no %q section", heading))
	}
	body := text[i+len(heading)+1:]
	if j := strings.Index(body, "\n# "); j >= 0 {
		body = body[:j]
	}
	return strings.TrimSpace(body)
}
