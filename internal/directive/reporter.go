package directive

import (
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/tenantvet/tenantvet/internal/config"
	"github.com/tenantvet/tenantvet/internal/rules"
)

// Result is what every tenantvet analyzer returns: the findings its directives suppressed, so a
// driver can list them (SARIF suppressions) without any analyzer printing them.
type Result struct {
	Suppressed []Suppressed
}

// ResultType is the reflect type analyzers declare as their ResultType.
var ResultType = reflect.TypeOf((*Result)(nil))

// Suppressed is a finding that a directive silenced, with the directive's reason.
type Suppressed struct {
	Diagnostic analysis.Diagnostic
	Reason     string
	File       bool // suppressed by a file-ignore directive
}

// Reporter reports an analyzer's findings through pass.Report after applying the suppression
// directives of the file, and reports the analyzer's own directives that suppressed nothing.
type Reporter struct {
	pass    *analysis.Pass
	enabled func(rule string) bool // the checks setting of the pass
	sets    map[*token.File]*Set
	seen    map[string]bool
	result  Result
}

// NewReporter returns a reporter for one pass.
func NewReporter(pass *analysis.Pass) *Reporter {
	return &Reporter{pass: pass, sets: map[*token.File]*Set{}, seen: map[string]bool{}, enabled: checksOf(pass.Analyzer)}
}

// checksOf returns which rules the analyzer's checks flag enables (every rule when it has none).
func checksOf(a *analysis.Analyzer) func(string) bool {
	if f := a.Flags.Lookup("checks"); f != nil {
		if g, ok := f.Value.(flag.Getter); ok {
			if c, ok := g.Get().(config.Checks); ok {
				return c.Enabled()
			}
		}
	}
	return func(string) bool { return true }
}

// Report reports a finding of rule at node unless a directive suppresses it. The message is
// lower case with no trailing period; the rule id is appended as " (TV1001)".
func (r *Reporter) Report(rule *rules.Rule, node analysis.Range, fixes []analysis.SuggestedFix, format string, args ...any) {
	r.ReportRange(rule, node.Pos(), node.End(), fixes, format, args...)
}

// ReportRange is Report for an explicit range.
func (r *Reporter) ReportRange(rule *rules.Rule, pos, end token.Pos, fixes []analysis.SuggestedFix, format string, args ...any) {
	r.ReportRelated(rule, pos, end, fixes, nil, format, args...)
}

// ReportRelated is ReportRange for a finding that names second places (the declaration of
// the parameter it is about, where a value was read), which editors show beside it.
func (r *Reporter) ReportRelated(rule *rules.Rule, pos, end token.Pos, fixes []analysis.SuggestedFix, related []analysis.RelatedInformation, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	key := fmt.Sprintf("%d:%s:%s", pos, rule.ID, msg)
	if r.seen[key] {
		return
	}
	r.seen[key] = true
	d := analysis.Diagnostic{
		Pos:            pos,
		End:            end,
		Category:       rule.ID,
		Message:        msg + " (" + rule.ID + ")",
		URL:            rule.HelpURI(),
		SuggestedFixes: fixes,
		Related:        related,
	}
	// The directive is consulted first, so one naming a rule that checks turned off is used,
	// not reported as suppressing nothing.
	dir, suppressed := r.setFor(pos).Suppression(rule, r.pass.Fset.Position(pos).Line)
	if !r.enabled(rule.ID) {
		return
	}
	if suppressed {
		r.result.Suppressed = append(r.result.Suppressed, Suppressed{Diagnostic: d, Reason: dir.Reason, File: dir.Verb == VerbFileIgnore})
		return
	}
	r.pass.Report(d)
}

// Finish reports this analyzer's directives that suppressed nothing and returns the pass result.
// Call it once, at the end of Run.
func (r *Reporter) Finish() (*Result, error) {
	unused := rules.MustGet("TV0003")
	if !r.enabled(unused.ID) {
		return &r.result, nil
	}
	name := r.pass.Analyzer.Name
	for _, f := range r.pass.Files {
		if isGenerated(f) {
			continue
		}
		set := r.setFor(f.Pos())
		for _, u := range set.Unused(func(k string) bool { return Owns(name, k) }) {
			pos := r.pass.Fset.File(f.Pos()).LineStart(u.Directive.Line) + token.Pos(u.Directive.Col-1)
			r.pass.Report(analysis.Diagnostic{
				Pos:      pos,
				Category: unused.ID,
				Message:  fmt.Sprintf("%s directive for %s suppresses nothing: remove it (%s)", "tenantvet:"+u.Directive.Verb, u.Key, unused.ID),
				URL:      unused.HelpURI(),
			})
		}
	}
	return &r.result, nil
}

func (r *Reporter) setFor(pos token.Pos) *Set {
	tf := r.pass.Fset.File(pos)
	if tf == nil {
		return nil
	}
	if s, ok := r.sets[tf]; ok {
		return s
	}
	var set *Set
	for _, f := range r.pass.Files {
		if r.pass.Fset.File(f.Pos()) == tf {
			set = ParseFile(r.pass.Fset, f)
			break
		}
	}
	r.sets[tf] = set
	return set
}

// ParseFile collects the tenantvet directives of a Go file.
func ParseFile(fset *token.FileSet, f *ast.File) *Set {
	set := &Set{}
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if !strings.Contains(c.Text, "tenantvet:") {
				continue
			}
			d, ok := ParseComment(c.Text)
			if !ok {
				continue
			}
			p := fset.Position(c.Slash)
			d.Line, d.Col = p.Line, p.Column
			set.Add(&d)
		}
	}
	return set
}

func isGenerated(f *ast.File) bool { return ast.IsGenerated(f) }
