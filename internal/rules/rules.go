// Package rules is the catalogue of every tenantvet rule: its stable id, the analyzer that
// reports it, a one-line title, a severity and its documentation with a bad and a good example.
//
// Each rule is one Markdown file in docs/, named after its id, with a small YAML front matter:
//
//	---
//	id: TV1001
//	name: unscoped-query
//	analyzer: sqlscope
//	severity: error
//	title: query outside a tenant scope
//	since: v0.1.0
//	---
//	Prose, then a "## Bad" and a "## Good" section with fenced examples.
//
// The catalogue is parsed once, read-only, from the embedded files, so `tenantvet explain`, the
// SARIF rule entries and the README table never drift apart.
package rules

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/goccy/go-yaml"
)

// Severity says how serious a finding of a rule is. Its values are those of SARIF levels.
type Severity string

// Severities a rule can have.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Note    Severity = "note"
)

// Rule describes one check.
type Rule struct {
	ID       string   `yaml:"id"`       // stable id such as TV1001
	Name     string   `yaml:"name"`     // short kebab-case name such as unscoped-query
	Analyzer string   `yaml:"analyzer"` // reporting pass: sqlscope, jobpayload, logredact, headertrust, directive or sql
	Severity Severity `yaml:"severity"`
	Title    string   `yaml:"title"` // one line, lower case, no trailing period
	Since    string   `yaml:"since"`
	// Doc is the Markdown body after the front matter: the problem, what leaks to whom,
	// a bad and a good example, and how to suppress.
	Doc string `yaml:"-"`
}

// HelpURI is the documentation address of the rule, used by SARIF and the analyzers' URL.
func (r *Rule) HelpURI() string {
	return "https://github.com/tenantvet/tenantvet/blob/main/internal/rules/docs/" + r.ID + ".md"
}

//go:embed docs/*.md
var docsFS embed.FS

var catalogue = sync.OnceValues(func() ([]*Rule, error) { return parse(docsFS, "docs") })

// All returns every rule sorted by id. It panics only if the embedded catalogue is malformed,
// which the package tests rule out.
func All() []*Rule {
	rs, err := catalogue()
	if err != nil {
		panic(err)
	}
	return rs
}

// Lookup finds a rule by id (TV1001) or by name (unscoped-query), case-insensitively.
func Lookup(key string) (*Rule, bool) {
	for _, r := range All() {
		if strings.EqualFold(r.ID, key) || strings.EqualFold(r.Name, key) {
			return r, true
		}
	}
	return nil, false
}

// MustGet returns the rule with the given id. Analyzers call it with constant ids at
// initialisation; a typo panics at start-up and in every test.
func MustGet(id string) *Rule {
	r, ok := Lookup(id)
	if !ok || r.ID != id {
		panic(fmt.Sprintf("tenantvet: unknown rule id %q", id))
	}
	return r
}

// ForAnalyzer returns the rules an analyzer reports, sorted by id.
func ForAnalyzer(name string) []*Rule {
	var out []*Rule
	for _, r := range All() {
		if r.Analyzer == name {
			out = append(out, r)
		}
	}
	return out
}

// IsAnalyzer reports whether name is the name of a reporting pass that owns rules.
func IsAnalyzer(name string) bool {
	return len(ForAnalyzer(name)) > 0
}

// Matches reports whether a directive's rule key (a rule id, a rule name or an analyzer name)
// covers rule r.
func Matches(key string, r *Rule) bool {
	return strings.EqualFold(key, r.ID) || strings.EqualFold(key, r.Name) || strings.EqualFold(key, r.Analyzer)
}

// Known reports whether key names a rule, a rule name or an analyzer.
func Known(key string) bool {
	for _, r := range All() {
		if Matches(key, r) {
			return true
		}
	}
	return false
}

func parse(fsys fs.FS, dir string) ([]*Rule, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var out []*Rule
	seen := map[string]string{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".md") {
			continue
		}
		p := path.Join(dir, e.Name())
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		r, err := parseRule(data)
		if err != nil {
			return nil, fmt.Errorf("rule doc %s: %w", p, err)
		}
		if want := strings.TrimSuffix(e.Name(), ".md"); r.ID != want {
			return nil, fmt.Errorf("rule doc %s: id %q does not match the file name", p, r.ID)
		}
		for _, k := range []string{r.ID, r.Name} {
			if prev, dup := seen[strings.ToLower(k)]; dup {
				return nil, fmt.Errorf("rule doc %s: %q already used by %s", p, k, prev)
			}
			seen[strings.ToLower(k)] = p
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *Rule) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

func parseRule(data []byte) (*Rule, error) {
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	rest, ok := bytes.CutPrefix(data, []byte("---\n"))
	if !ok {
		return nil, fmt.Errorf("missing front matter")
	}
	front, body, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		return nil, fmt.Errorf("unterminated front matter")
	}
	var r Rule
	if err := yaml.UnmarshalWithOptions(front, &r, yaml.Strict()); err != nil {
		return nil, err
	}
	r.Doc = strings.TrimSpace(string(body)) + "\n"
	switch {
	case r.ID == "" || r.Name == "" || r.Analyzer == "" || r.Title == "":
		return nil, fmt.Errorf("id, name, analyzer and title are required")
	case r.Severity != Error && r.Severity != Warning && r.Severity != Note:
		return nil, fmt.Errorf("severity %q is not error, warning or note", r.Severity)
	case !strings.Contains(r.Doc, "\n## Bad") && !strings.HasPrefix(r.Doc, "## Bad"):
		return nil, fmt.Errorf("doc has no \"## Bad\" example section")
	case !strings.Contains(r.Doc, "\n## Good"):
		return nil, fmt.Errorf("doc has no \"## Good\" example section")
	}
	return &r, nil
}
