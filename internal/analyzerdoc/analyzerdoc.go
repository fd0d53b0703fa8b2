// Package analyzerdoc extracts an analyzer's documentation from the comment of its doc.go, which
// the analyzer embeds, so that the package documentation, the Analyzer.Doc shown by `go vet help`
// and `tenantvet explain` come from one text.
package analyzerdoc

import (
	"fmt"
	"strings"
)

// Section returns the "# Analyzer NAME" section of the package comment in the Go source docGo:
// its first line is the one-line summary. It panics when the section is missing, which every
// analyzer's tests catch at start-up.
//
// It runs when each analyzer package is initialised, in every go vet process, so it reads the
// comment itself rather than with go/parser: the leading // lines before the package clause,
// with the comment markers and the first space removed, as ast.CommentGroup.Text gives them (a
// test checks that the two agree on every analyzer's doc.go).
func Section(docGo, name string) string {
	text := packageComment(docGo)
	if text == "" {
		panic("analyzerdoc: doc.go has no package comment")
	}
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

// packageComment returns the text of the // comment block directly above the package clause.
func packageComment(src string) string {
	var block []string
	for line := range strings.Lines(src) {
		line = strings.TrimRight(line, " \t\r\n")
		switch {
		case strings.HasPrefix(line, "//go:") || strings.HasPrefix(line, "//line "):
			// directives are not part of the comment's text
		case strings.HasPrefix(line, "//"):
			block = append(block, strings.TrimPrefix(line[2:], " "))
		case strings.HasPrefix(line, "package "):
			return joinComment(block)
		case line == "":
			block = nil // a blank line ends a comment block: it is not the package's
		default:
			return ""
		}
	}
	return ""
}

// joinComment joins comment lines as ast.CommentGroup.Text does: runs of blank lines become
// one, leading and trailing blank lines go, and the text ends with a newline.
func joinComment(lines []string) string {
	var out []string
	for _, l := range lines {
		if l == "" && (len(out) == 0 || out[len(out)-1] == "") {
			continue
		}
		out = append(out, l)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	if len(out) == 0 {
		return ""
	}
	return strings.Join(out, "\n") + "\n"
}
