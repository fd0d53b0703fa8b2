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
// The files are the source; catalogue.go is generated from them (UPDATE_RULES=1 go test
// ./internal/rules), and a test fails when it is stale. So `tenantvet explain`, the SARIF rule
// entries and the README table never drift apart, and a process pays nothing at start-up to
// read the catalogue (go vet starts one process per package).
package rules

import (
	"fmt"
	"strings"
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
	Analyzer string   `yaml:"analyzer"` // reporting pass: sqlscope, jobpayload, logredact, headertrust, cachekey, directive or sql
	Severity Severity `yaml:"severity"`
	Title    string   `yaml:"title"` // one line, lower case, no trailing period
	Since    string   `yaml:"since"`
	// DefaultOff keeps the rule off unless `checks` names it (or "all"): for checks that cannot
	// be precise everywhere.
	DefaultOff bool `yaml:"default_off"`
	// Doc is the Markdown body after the front matter: the problem, what leaks to whom,
	// a bad and a good example, and how to suppress.
	Doc string `yaml:"-"`
}

// HelpURI is the documentation address of the rule, used by SARIF and the analyzers' URL.
func (r *Rule) HelpURI() string {
	return "https://github.com/tenantvet/tenantvet/blob/main/internal/rules/docs/" + r.ID + ".md"
}

// All returns every rule sorted by id.
func All() []*Rule { return catalogue }

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
