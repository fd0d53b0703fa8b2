// Package directive parses tenantvet's in-source directives and enforces suppression inside the
// analyzers, so every driver (the standalone binary, go vet, golangci-lint, nogo) honours them.
//
// Forms, in Go and in SQL:
//
//	//tenantvet:ignore RULE[,RULE...] -- reason       the finding's line or the line below
//	//tenantvet:file-ignore RULE[,RULE...] -- reason  the whole file
//	//tenantvet:job                                   marks a type as a job payload
//	-- tenantvet:ignore RULE -- reason                SQL: the statement on that line or the next
//	-- tenantvet:global -- reason                     SQL: the next CREATE TABLE is global data
//
// RULE is a rule id (TV1001), a rule name (unscoped-query) or an analyzer name (sqlscope).
package directive

import (
	"strings"

	"github.com/tenantvet/tenantvet/internal/rules"
)

// Verbs understood after the "tenantvet:" prefix.
const (
	VerbIgnore     = "ignore"
	VerbFileIgnore = "file-ignore"
	VerbJob        = "job"
	VerbGlobal     = "global"
)

// Problem is what is wrong with a directive, if anything.
type Problem int

// Problems a directive can have.
const (
	OK          Problem = iota
	NoReason            // suppression without " -- reason"
	NoRule              // suppression that names no rule
	UnknownVerb         // tenantvet:something-else
	UnknownRule         // names a rule that does not exist (see Directive.Unknown)
)

// Directive is one parsed tenantvet directive.
type Directive struct {
	Verb    string
	Rules   []string // rule keys as written
	Reason  string
	Problem Problem
	Unknown []string // rule keys that name nothing, when Problem is UnknownRule
	Line    int      // 1-based line of the comment
	Col     int      // 1-based column of the comment
}

// Suppresses reports whether the directive is a well-formed suppression.
func (d *Directive) Suppresses() bool {
	return (d.Verb == VerbIgnore || d.Verb == VerbFileIgnore) && d.Problem == OK
}

// ParseComment parses the text of one comment. For Go, text is the raw comment including "//";
// for SQL it includes "--". ok is false when the comment is not a tenantvet directive at all.
func ParseComment(text string) (d Directive, ok bool) {
	var body string
	switch {
	case strings.HasPrefix(text, "//"):
		body = text[2:]
	case strings.HasPrefix(text, "--"):
		body = text[2:]
	case strings.HasPrefix(text, "/*"):
		body = strings.TrimSuffix(text[2:], "*/")
	default:
		return d, false
	}
	spaced := strings.HasPrefix(body, " ") || strings.HasPrefix(body, "\t")
	body = strings.TrimLeft(body, " \t")
	// A nested " // " ends the directive, so a trailing remark (or a test's "// want") is not
	// read as part of the reason.
	if i := strings.Index(body, " // "); i >= 0 {
		body = body[:i]
	}
	rest, found := strings.CutPrefix(body, "tenantvet:")
	if !found {
		return d, false
	}
	rest = strings.TrimSpace(rest)
	head, reason, hasReason := strings.Cut(rest, "--")
	fields := strings.Fields(head)
	if len(fields) == 0 {
		d.Problem = UnknownVerb
		return d, true
	}
	d.Verb = fields[0]
	// Go directives are written like //go: and //lint: ones, with no space. A spaced
	// "// tenantvet:ignore" is still honoured, since that is a common slip, but a spaced comment
	// with any other word is prose that mentions tenantvet, not a directive.
	if spaced && strings.HasPrefix(text, "//") && d.Verb != VerbIgnore && d.Verb != VerbFileIgnore {
		return Directive{}, false
	}
	d.Reason = strings.TrimSpace(reason)
	for _, f := range fields[1:] {
		for _, k := range strings.Split(f, ",") {
			if k = strings.TrimSpace(k); k != "" {
				d.Rules = append(d.Rules, k)
			}
		}
	}
	switch d.Verb {
	case VerbIgnore, VerbFileIgnore:
		switch {
		case len(d.Rules) == 0:
			d.Problem = NoRule
		case !hasReason || d.Reason == "":
			d.Problem = NoReason
		default:
			for _, k := range d.Rules {
				if !rules.Known(k) && !strings.EqualFold(k, "sql") {
					d.Unknown = append(d.Unknown, k)
				}
			}
			if len(d.Unknown) > 0 {
				d.Problem = UnknownRule
			}
		}
	case VerbJob:
	case VerbGlobal:
		if !hasReason || d.Reason == "" {
			d.Problem = NoReason
		}
	default:
		d.Problem = UnknownVerb
	}
	return d, true
}

// Covers reports whether this suppression covers a finding of rule r on line.
func (d *Directive) Covers(r *rules.Rule, line int) (key string, ok bool) {
	if !d.Suppresses() {
		return "", false
	}
	if d.Verb == VerbIgnore && line != d.Line && line != d.Line+1 {
		return "", false
	}
	for _, k := range d.Rules {
		if rules.Matches(k, r) || (strings.EqualFold(k, "sql") && r.Analyzer == "sql") {
			return k, true
		}
	}
	return "", false
}

// Set holds the directives of one file and remembers which rule keys suppressed something.
type Set struct {
	Directives []*Directive
	used       map[*Directive]map[string]bool
}

// Add records a directive.
func (s *Set) Add(d *Directive) { s.Directives = append(s.Directives, d) }

// Suppression finds the directive covering a finding of rule r on line, marks it used and
// returns it.
func (s *Set) Suppression(r *rules.Rule, line int) (*Directive, bool) {
	if s == nil {
		return nil, false
	}
	for _, d := range s.Directives {
		if k, ok := d.Covers(r, line); ok {
			if s.used == nil {
				s.used = map[*Directive]map[string]bool{}
			}
			if s.used[d] == nil {
				s.used[d] = map[string]bool{}
			}
			s.used[d][strings.ToLower(k)] = true
			return d, true
		}
	}
	return nil, false
}

// Unused returns, for each well-formed suppression, the rule keys owned by the given analyzer
// that suppressed nothing. owns reports whether a key belongs to the caller.
func (s *Set) Unused(owns func(key string) bool) []Unused {
	if s == nil {
		return nil
	}
	var out []Unused
	for _, d := range s.Directives {
		if !d.Suppresses() {
			continue
		}
		for _, k := range d.Rules {
			if owns(k) && !s.used[d][strings.ToLower(k)] {
				out = append(out, Unused{Directive: d, Key: k})
			}
		}
	}
	return out
}

// Unused is one rule key of a directive that suppressed nothing.
type Unused struct {
	Directive *Directive
	Key       string
}

// Owns reports whether a directive key belongs to the named analyzer: the analyzer's own name,
// or an id or name of one of its rules.
func Owns(analyzer, key string) bool {
	if strings.EqualFold(key, analyzer) {
		return true
	}
	for _, r := range rules.ForAnalyzer(analyzer) {
		if strings.EqualFold(key, r.ID) || strings.EqualFold(key, r.Name) {
			return true
		}
	}
	return analyzer == "sql" && strings.EqualFold(key, "sql")
}
