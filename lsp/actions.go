package lsp

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/tenantvet/tenantvet/internal/report"
)

// codeActions offers, for every finding whose range meets the requested one, each of its
// suggested fixes as a quickfix and the //tenantvet:ignore directive as a second action.
func (s *server) codeActions(p *CodeActionParams) []CodeAction {
	path := uriPath(p.TextDocument.URI)
	s.mu.Lock()
	st := s.files[path]
	root := s.root
	s.mu.Unlock()
	actions := []CodeAction{}
	if st == nil {
		return actions
	}
	for i, f := range st.findings {
		d := st.diags[i]
		if before(d.Range.End, p.Range.Start) || before(p.Range.End, d.Range.Start) {
			continue
		}
		for _, fix := range f.Fixes {
			edit := s.workspaceEdit(root, path, st.content, fix)
			if edit == nil {
				continue
			}
			actions = append(actions, CodeAction{
				Title:       fmt.Sprintf("%s (%s)", fix.Message, f.Rule),
				Kind:        "quickfix",
				Diagnostics: []Diagnostic{d},
				IsPreferred: true,
				Edit:        edit,
			})
		}
		actions = append(actions, ignoreAction(path, st.content, f, d))
	}
	return actions
}

func before(a, b Position) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Character < b.Character
}

// workspaceEdit converts a fix's byte-offset edits to LSP text edits. Edits in other files are
// converted against their content on disk (or in their open buffer).
func (s *server) workspaceEdit(root, path string, content []byte, fix report.Fix) *WorkspaceEdit {
	we := &WorkspaceEdit{Changes: map[string][]TextEdit{}}
	for _, e := range fix.Edits {
		file := e.File
		if !filepath.IsAbs(file) {
			file = filepath.Join(root, filepath.FromSlash(file))
		}
		src := content
		if file != path {
			s.mu.Lock()
			d := s.docs[file]
			s.mu.Unlock()
			if d != nil {
				src = []byte(d.text)
			} else {
				var err error
				if src, err = os.ReadFile(file); err != nil {
					return nil
				}
			}
		}
		if e.Offset < 0 || e.End < e.Offset || e.End > len(src) {
			return nil
		}
		ls := lineStarts(src)
		uri := pathURI(file)
		we.Changes[uri] = append(we.Changes[uri], TextEdit{
			Range:   Range{Start: offsetPosition(src, ls, e.Offset), End: offsetPosition(src, ls, e.End)},
			NewText: e.New,
		})
	}
	return we
}

// ignoreAction inserts a suppression directive on the line above the finding, indented as the
// finding's line, with a reason to fill in.
func ignoreAction(path string, content []byte, f report.Finding, d Diagnostic) CodeAction {
	line := d.Range.Start.Line
	ls := lineStarts(content)
	text := []byte{}
	if line < len(ls) {
		end := len(content)
		if line+1 < len(ls) {
			end = ls[line+1]
		}
		text = content[ls[line]:end]
	}
	indent := string(text[:len(text)-len(bytes.TrimLeft(text, " \t"))])
	directive := "//tenantvet:ignore "
	if strings.HasSuffix(path, ".sql") {
		directive = "-- tenantvet:ignore "
	}
	return CodeAction{
		Title:       fmt.Sprintf("Suppress %s here with a //tenantvet:ignore directive", f.Rule),
		Kind:        "quickfix",
		Diagnostics: []Diagnostic{d},
		Edit: &WorkspaceEdit{Changes: map[string][]TextEdit{pathURI(path): {{
			Range:   Range{Start: Position{Line: line}, End: Position{Line: line}},
			NewText: indent + directive + f.Rule + " -- TODO: say why this is safe\n",
		}}}},
	}
}
