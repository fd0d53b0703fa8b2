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
	Analyzer string   `json:"analyzer"` // sqlscope, jobpayload, logredact, headertrust, directive or sql
	Severity string   `json:"severity"` // error, warning or note
	Message  string   `json:"message"`  // what is wrong and what to do, without the rule id
	Position Position `json:"position"`
	// Object names the database object of a finding of `tenantvet db` (for example
	// "public.projects" or "policy notes_read on public.notes"); such findings have no position.
	Object string `json:"object,omitempty"`
	// Suppressed is set when a directive silenced the finding; such findings appear only in
	// JSON and SARIF output, never in text output or the exit code.
	Suppressed *Suppression `json:"suppressed,omitempty"`
	Fixes      []Fix        `json:"fixes,omitempty"`
	// Cause is the statement that causes a finding positioned elsewhere: a migration that adds
	// the tenant column to a table created by an older one makes the table's findings its own.
	Cause *Position `json:"cause,omitempty"`
	// Context is the enclosing Go function (Func or Type.Method) or the SQL object (table,
	// view, function, role) the finding is about; with the normalised source line it makes the
	// Fingerprint, which the baseline and SARIF's partialFingerprints share.
	Context     string `json:"context,omitempty"`
	Fingerprint string `json:"fingerprint,omitempty"`

	Related []Related `json:"related,omitempty"` // second places the finding names

	line string // the normalised source line, for the baseline's readers
}

// Related is another place a finding refers to (the declaration, the earlier statement).
type Related struct {
	Message  string   `json:"message"`
	Position Position `json:"position"`
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

// Suppression records the directive (kind inSource) or baseline entry (kind external) that
// silenced a finding.
type Suppression struct {
	Kind          string `json:"kind"` // "inSource" or "external"
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

// Sort orders findings by file, object, line, column, rule and message, so every output is stable.
func Sort(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.Position.File, b.Position.File),
			cmp.Compare(a.Object, b.Object),
			cmp.Compare(a.Position.Line, b.Position.Line),
			cmp.Compare(a.Position.Column, b.Position.Column),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Message, b.Message),
		)
	})
}
