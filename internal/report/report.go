// Package report defines tenantvet's findings and writes them as text, JSON or SARIF 2.1.0. Both
// the Go analyzers' driver and the migration checker produce []Finding and share these writers.
package report

import (
	"cmp"
	"slices"
	"strings"
)

// SchemaVersion is the version of the JSON report schema; see doc/json-schema.md.
const SchemaVersion = 1

// Finding is one problem found in Go code or in a migration.
type Finding struct {
	Rule     string   `json:"rule"`     // rule id, e.g. TV1001
	Analyzer string   `json:"analyzer"` // sqlscope, jobpayload, logredact, headertrust, cachekey, directive or sql
	Severity string   `json:"severity"` // error, warning or note
	Message  string   `json:"message"`  // what is wrong and what to do, without the rule id
	Position Position `json:"position"`
	// Suppressed is set when a directive silenced the finding; such findings appear only in
	// JSON and SARIF output, never in text output or the exit code.
	Suppressed *Suppression `json:"suppressed,omitempty"`
	Fixes      []Fix        `json:"fixes,omitempty"`
}

// Position is a source range. Line and column are 1-based; columns count bytes, as Go's
// token.Position and PostgreSQL error cursors do after conversion. End fields may be zero.
type Position struct {
	File      string `json:"file"` // relative to the working directory when below it
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine,omitempty"`
	EndColumn int    `json:"endColumn,omitempty"`
}

// Suppression records the directive that silenced a finding.
type Suppression struct {
	Kind          string `json:"kind"` // "inSource"
	Justification string `json:"justification"`
}

// Fix is a suggested fix: a set of edits to apply together.
type Fix struct {
	Message string `json:"message"`
	Edits   []Edit `json:"edits"`
}

// Edit replaces the bytes [Offset, End) of File with New.
type Edit struct {
	File   string `json:"file"`
	Offset int    `json:"offset"`
	End    int    `json:"end"`
	New    string `json:"new"`
}

// StripRuleSuffix removes the " (TV1001)" suffix analyzers append to messages for go vet output.
func StripRuleSuffix(msg, rule string) string {
	return strings.TrimSuffix(msg, " ("+rule+")")
}

// Sort orders findings by file, line, column, rule and message, so every output is stable.
func Sort(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.Position.File, b.Position.File),
			cmp.Compare(a.Position.Line, b.Position.Line),
			cmp.Compare(a.Position.Column, b.Position.Column),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Message, b.Message),
		)
	})
}
