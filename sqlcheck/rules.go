package sqlcheck

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/tenantvet/tenantvet/internal/config"
	"github.com/tenantvet/tenantvet/internal/directive"
	"github.com/tenantvet/tenantvet/internal/report"
	"github.com/tenantvet/tenantvet/internal/rules"
)

// The rules this package reports.
var (
	ruleNullable        = rules.MustGet("TV5001")
	ruleNoTenantFK      = rules.MustGet("TV5002")
	ruleNoTenantIndex   = rules.MustGet("TV5003")
	ruleRLSOff          = rules.MustGet("TV5004")
	ruleNotForced       = rules.MustGet("TV5005")
	ruleWeakened        = rules.MustGet("TV5006")
	rulePolicyLeaks     = rules.MustGet("TV5007")
	ruleUncovered       = rules.MustGet("TV5008")
	ruleNoCheck         = rules.MustGet("TV5009")
	ruleUniqueLeak      = rules.MustGet("TV5010")
	ruleFKNoTenant      = rules.MustGet("TV5011")
	ruleChildNoRLS      = rules.MustGet("TV5012")
	ruleViewDefiner     = rules.MustGet("TV5013")
	ruleMatView         = rules.MustGet("TV5014")
	ruleDefinerTenant   = rules.MustGet("TV5015")
	ruleDefinerPath     = rules.MustGet("TV5016")
	ruleBypassRole      = rules.MustGet("TV5017")
	ruleAppOwner        = rules.MustGet("TV5018")
	ruleTruncateGrant   = rules.MustGet("TV5019")
	ruleSessionSetting  = rules.MustGet("TV5020")
	ruleRowSecurityOff  = rules.MustGet("TV5021")
	ruleInferred        = rules.MustGet("TV5022")
	ruleUnanalysed      = rules.MustGet("TV5023")
	ruleMissingTenantID = rules.MustGet("TV5024")
	ruleRLSNowhere      = rules.MustGet("TV5025")

	ruleNoReason    = rules.MustGet("TV0001")
	ruleUnknownRule = rules.MustGet("TV0002")
	ruleUnused      = rules.MustGet("TV0003")
	ruleMalformed   = rules.MustGet("TV0004")
)

// checker collects findings.
type checker struct {
	s        *Schema
	set      *config.Settings
	findings []report.Finding
	sets     map[string]*directive.Set
}

// Check reads the migrations in paths (directories or files; the layout is detected), replays
// them and returns the findings, sorted, with positions relative as the paths were given,
// including suppressed ones (Finding.Suppressed set). Parse errors are returned as *ParseError
// values in errs; other errors are I/O errors.
func Check(paths []string, s *config.Settings) (findings []report.Finding, errs []error) {
	defer func() {
		if p := recover(); p != nil {
			errs = append(errs, fmt.Errorf("sqlcheck: internal error: %v\n%s", p, debug.Stack()))
		}
	}()
	if s == nil {
		s = config.Default()
	}
	sch, srcs, errs := build(paths, s)
	errs = append(errs, emptyDirs(paths, sch.Files)...)
	c := &checker{s: sch, set: s, sets: map[string]*directive.Set{}}
	for _, src := range srcs {
		set := &directive.Set{}
		for _, d := range src.dirs {
			if d.Verb == directive.VerbIgnore || d.Verb == directive.VerbFileIgnore {
				set.Add(&d.Directive)
			}
		}
		c.sets[src.path] = set
	}
	c.run()
	for _, src := range srcs {
		c.directiveFindings(src)
	}
	c.annotate()
	report.Sort(c.findings)
	return c.findings, errs
}

// emptyDirs reports directories that hold no migration: checking nothing must not look like a
// clean bill of health (a wrong path, or migrations with another extension).
func emptyDirs(paths []string, files []File) []error {
	var errs []error
	for _, p := range paths {
		if info, err := os.Stat(p); err != nil || !info.IsDir() {
			continue
		}
		found := false
		for _, f := range files {
			if within(p, f.Path) {
				found = true
				break
			}
		}
		if !found {
			errs = append(errs, fmt.Errorf("read migrations in %s: no migration files (*.sql, goose *.go) found", p))
		}
	}
	return errs
}

// within reports whether file lies under dir. Both are cleaned first, so "." and "./" hold the
// paths filepath.WalkDir gives for them ("db/001.sql", without the "./").
func within(dir, file string) bool {
	rel, err := filepath.Rel(filepath.Clean(dir), filepath.Clean(file))
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// run applies every rule to the schema.
func (c *checker) run() {
	c.tableRules()
	c.policyRules()
	c.objectRules()
}

func (c *checker) report(r *rules.Rule, p Pos, format string, args ...any) {
	f := report.Finding{
		Rule:     r.ID,
		Analyzer: r.Analyzer,
		Severity: string(r.Severity),
		Message:  fmt.Sprintf(format, args...),
		Position: report.Position{File: p.File, Line: p.Line, Column: p.Col},
	}
	if set := c.sets[p.File]; set != nil {
		d, ok := set.Suppression(r, p.Line)
		if !ok && p.SL != 0 {
			d, ok = set.Suppression(r, p.SL)
		}
		if ok {
			f.Suppressed = &report.Suppression{Kind: "inSource", Justification: d.Reason}
		}
	}
	c.findings = append(c.findings, f)
}

// related adds second places to the finding just reported (the referenced table's CREATE TABLE,
// the policy a hint names): editors show them beside the finding, SARIF as relatedLocations.
func (c *checker) related(places ...report.Related) {
	if len(c.findings) == 0 {
		return
	}
	f := &c.findings[len(c.findings)-1]
	for _, r := range places {
		if r.Position.File != "" && r.Position.Line > 0 {
			f.Related = append(f.Related, r)
		}
	}
}

// place is a related place at p.
func place(p Pos, format string, args ...any) report.Related {
	return report.Related{Message: fmt.Sprintf(format, args...), Position: report.Position{File: p.File, Line: p.Line, Column: p.Col}}
}

func (c *checker) plain(r *rules.Rule, file string, d *sqlDirective, format string, args ...any) {
	c.findings = append(c.findings, report.Finding{
		Rule: r.ID, Analyzer: r.Analyzer, Severity: string(r.Severity),
		Message:  fmt.Sprintf(format, args...),
		Position: report.Position{File: file, Line: d.Line, Column: d.Col},
	})
}

// directiveFindings reports malformed, unknown and unused directives of one file.
func (c *checker) directiveFindings(src *source) {
	for _, d := range src.dirs {
		switch d.Problem {
		case directive.NoReason:
			c.plain(ruleNoReason, src.path, d, "tenantvet:%s directive has no reason: add \" -- why this is safe\"", d.Verb)
		case directive.UnknownRule:
			c.plain(ruleUnknownRule, src.path, d, "tenantvet:%s names unknown rule %s: run `tenantvet rules` for the ids", d.Verb, joinComma(d.Unknown))
		case directive.NoRule:
			c.plain(ruleMalformed, src.path, d, "tenantvet:%s directive names no rule: write -- tenantvet:%s RULE -- reason", d.Verb, d.Verb)
		case directive.UnknownVerb:
			c.plain(ruleMalformed, src.path, d, "unknown directive tenantvet:%s: use tenantvet:ignore or tenantvet:global in SQL", d.Verb)
		default:
			if d.Verb == directive.VerbJob {
				c.plain(ruleMalformed, src.path, d, "tenantvet:job has no meaning in SQL: remove it")
			}
			if d.Verb == directive.VerbGlobal && !d.used {
				c.plain(ruleUnused, src.path, d, "tenantvet:global marks no CREATE TABLE: put it on the line before the table's CREATE TABLE")
			}
		}
	}
	for _, u := range c.sets[src.path].Unused(func(string) bool { return true }) {
		d := u.Directive
		c.findings = append(c.findings, report.Finding{
			Rule: ruleUnused.ID, Analyzer: ruleUnused.Analyzer, Severity: string(ruleUnused.Severity),
			Message:  fmt.Sprintf("tenantvet:%s directive for %s suppresses nothing: remove it", d.Verb, u.Key),
			Position: report.Position{File: src.path, Line: d.Line, Column: d.Col},
		})
	}
}

func joinComma(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}
