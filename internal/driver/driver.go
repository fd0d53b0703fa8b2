// Package driver runs tenantvet's analyzers over Go packages: the modular driver (one package
// at a time, in dependency order, with a disk cache of findings, types and facts), the
// go/analysis/checker driver, the go vet unit driver and the application of suggested fixes.
// cmd/tenantvet parses flags and dispatches to it; the language server and the tests use it too.
package driver

import (
	"fmt"
	"go/token"
	"io"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/tenantvet/tenantvet/internal/directive"
	"github.com/tenantvet/tenantvet/internal/report"
	"github.com/tenantvet/tenantvet/internal/rules"
)

// Exit codes of the drivers.
const (
	ExitClean    = 0
	ExitFindings = 1
	ExitError    = 2
)

// Options say what Run analyses and how.
type Options struct {
	Dir       string // working directory: patterns and reported paths are relative to it
	Patterns  []string
	Tests     bool
	Analyzers []*analysis.Analyzer // configured (Configure) and selected (Select)
	NoCache   bool                 // neither read nor write the disk cache
	Checker   bool                 // use go/analysis/checker instead of the modular driver
	Log       io.Writer            // debug messages (cache disabled and why); may be nil
	// Overlay holds unsaved buffers by absolute file name; the analysis sees them instead of
	// the files on disk (go/packages overlays, and the cache keys hash them).
	Overlay map[string][]byte
	// Partial keeps the findings of the packages that could be analysed when others do not
	// type-check (an editor wants them); the command line reports only the errors then.
	Partial bool
}

// Result is what Run found.
type Result struct {
	Findings []report.Finding // paths relative to Options.Dir, deduplicated and sorted
	Problems []report.Problem // load, type and analysis errors
	Fixes    []Fix            // the first suggested fix of each freshly computed finding
	Stats    Stats
}

// Stats counts what the cache saved.
type Stats struct {
	Cached       bool  // the cache was in use
	RootsReused  int   // root packages answered from the cache
	RootsChecked int   // root packages analysed
	UnitsReused  int64 // dependencies whose types and facts were read back
}

// Run analyses the packages matching o.Patterns: the roots whose inputs did not change are
// answered from the cache, the others are analysed (with their dependencies' types and facts
// read back from the cache where possible) and their findings stored.
func Run(o Options) (*Result, error) {
	var (
		findings []report.Finding
		problems []report.Problem
		err      error
	)
	var cache *resultCache
	if !o.NoCache {
		cache, err = openCache(o.Dir, o.Patterns, o.Tests, o.Analyzers, o.Overlay)
		if err != nil {
			if DebugEnabled() && o.Log != nil {
				fmt.Fprintf(o.Log, "tenantvet: cache disabled: %v\n", err)
			}
			cache = nil
		}
	}
	toLoad := o.Patterns
	if cache != nil {
		hits, misses := cache.lookup()
		for _, h := range hits {
			findings = append(findings, h...)
		}
		toLoad = misses
	}
	var fixes []Fix
	var reusedUnits int64
	if len(toLoad) > 0 {
		var (
			fresh map[string][]report.Finding
			probs []report.Problem
			fx    []Fix
		)
		if o.Checker {
			// The go/analysis/checker driver: every package's syntax in memory at once.
			fresh, probs, fx, err = analyze(o.Dir, toLoad, o.Tests, o.Analyzers, o.Overlay)
		} else {
			var units unitStore
			if cache != nil {
				units = cache
			}
			fresh, probs, fx, reusedUnits, err = analyzeModular(o.Dir, toLoad, o.Tests, o.Analyzers, units, o.Overlay, o.Partial)
		}
		if err != nil {
			return nil, err
		}
		problems = append(problems, probs...)
		fixes = fx
		if cache != nil && len(probs) == 0 {
			cache.store(fresh)
		}
		if cache != nil {
			cache.trim()
		}
		for _, fl := range fresh {
			findings = append(findings, fl...)
		}
	}
	res := &Result{Fixes: fixes}
	if cache != nil {
		res.Stats = Stats{Cached: true, RootsReused: len(cache.roots) - len(toLoad), RootsChecked: len(toLoad), UnitsReused: reusedUnits}
	}
	for i := range findings {
		findings[i].Position.File = RelPath(o.Dir, findings[i].Position.File)
		for j := range findings[i].Related {
			findings[i].Related[j].Position.File = RelPath(o.Dir, findings[i].Related[j].Position.File)
		}
	}
	findings = dedupe(findings)
	report.Sort(findings)
	res.Findings, res.Problems = findings, problems
	return res, nil
}

// ProblemString renders a problem as the text output prints it.
func ProblemString(p report.Problem) string {
	if p.Position != nil {
		return p.Position.String() + ": " + p.Message
	}
	return "tenantvet: " + p.Message
}

// analyze loads the packages and runs the analyzers through go/analysis/checker. It returns the
// findings grouped by root package path, load and analysis problems, and the suggested fixes.
func analyze(cwd string, patterns []string, tests bool, analyzers []*analysis.Analyzer, overlay map[string][]byte) (map[string][]report.Finding, []report.Problem, []Fix, error) {
	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Tests: tests, Dir: cwd, Overlay: overlay}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("load packages: %w", err)
	}
	var problems []report.Problem
	seenErr := map[string]bool{}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			pr := report.Problem{Message: e.Msg}
			if e.Pos != "" && e.Pos != "-" {
				pos := parsePos(e.Pos)
				pos.File = RelPath(cwd, pos.File)
				pr.Position = &pos
			}
			if k := ProblemString(pr); !seenErr[k] {
				seenErr[k] = true
				problems = append(problems, pr)
			}
		}
	})
	if len(problems) > 0 {
		return nil, problems, nil, nil
	}
	if len(pkgs) == 0 {
		return nil, []report.Problem{{Message: fmt.Sprintf("no packages match %s", strings.Join(patterns, " "))}}, nil, nil
	}
	graph, err := checker.Analyze(analyzers, pkgs, nil)
	if err != nil {
		return nil, nil, nil, err
	}
	ours := map[*analysis.Analyzer]bool{}
	for _, a := range analyzers {
		ours[a] = true
	}
	results := map[string][]report.Finding{}
	var fixes []Fix
	seenActErr := map[string]bool{}
	for act := range graph.All() {
		if !ours[act.Analyzer] {
			continue
		}
		// An analyzer that fails on a dependency fails every package above it with "failed
		// prerequisites"; report the root cause once instead.
		if act.Err != nil && !strings.HasPrefix(act.Err.Error(), "failed prerequisites") {
			msg := fmt.Sprintf("%s: %v", act.Analyzer.Name, act.Err)
			if !act.IsRoot || !seenActErr[msg] {
				if !seenActErr[msg] {
					problems = append(problems, report.Problem{Message: msg})
				}
				seenActErr[msg] = true
			}
		}
		if !act.IsRoot || act.Err != nil {
			continue
		}
		root := rootPath(act.Package)
		if _, ok := results[root]; !ok {
			results[root] = nil
		}
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			results[root] = append(results[root], toFinding(fset, act.Analyzer.Name, d, nil))
			for _, sf := range d.SuggestedFixes {
				fixes = append(fixes, Fix{fset: fset, fix: sf})
				break // apply the first fix of a diagnostic only
			}
		}
		if res, ok := act.Result.(*directive.Result); ok && res != nil {
			for _, s := range res.Suppressed {
				results[root] = append(results[root], toFinding(fset, act.Analyzer.Name, s.Diagnostic, &report.Suppression{Kind: "inSource", Justification: s.Reason}))
			}
		}
	}
	return results, problems, fixes, nil
}

// rootPath maps a package, including the test variants go/packages creates ("p [p.test]",
// "p_test [p.test]"), to the import path the cache and the report group it under.
func rootPath(p *packages.Package) string {
	if i := strings.Index(p.ID, " ["); i >= 0 && strings.HasSuffix(p.ID, ".test]") {
		return strings.TrimSuffix(p.ID[i+2:], ".test]")
	}
	return strings.TrimSuffix(p.PkgPath, ".test")
}

func toFinding(fset *token.FileSet, analyzer string, d analysis.Diagnostic, sup *report.Suppression) report.Finding {
	rule := d.Category
	sev := "warning"
	if r, ok := rules.Lookup(rule); ok && r.ID == rule {
		sev = string(r.Severity)
		if r.Analyzer != "directive" {
			analyzer = r.Analyzer
		} else {
			analyzer = "directive"
		}
	}
	start := fset.Position(d.Pos)
	pos := report.Position{File: start.Filename, Line: start.Line, Column: start.Column}
	if d.End.IsValid() && d.End > d.Pos {
		end := fset.Position(d.End)
		pos.EndLine, pos.EndColumn = end.Line, end.Column
	}
	f := report.Finding{
		Rule:       rule,
		Analyzer:   analyzer,
		Severity:   sev,
		Message:    report.StripRuleSuffix(d.Message, rule),
		Position:   pos,
		Suppressed: sup,
	}
	for _, r := range d.Related {
		p := fset.Position(r.Pos)
		rel := report.Related{Message: r.Message, Position: report.Position{File: p.Filename, Line: p.Line, Column: p.Column}}
		if r.End.IsValid() && r.End > r.Pos {
			e := fset.Position(r.End)
			rel.Position.EndLine, rel.Position.EndColumn = e.Line, e.Column
		}
		f.Related = append(f.Related, rel)
	}
	for _, sf := range d.SuggestedFixes {
		rf := report.Fix{Message: sf.Message}
		for _, e := range sf.TextEdits {
			p, end := fset.Position(e.Pos), fset.Position(e.End)
			if !e.End.IsValid() {
				end = p
			}
			rf.Edits = append(rf.Edits, report.Edit{File: p.Filename, Offset: p.Offset, End: end.Offset, New: string(e.NewText)})
		}
		f.Fixes = append(f.Fixes, rf)
	}
	return f
}

func dedupe(fs []report.Finding) []report.Finding {
	seen := map[string]bool{}
	out := fs[:0]
	for _, f := range fs {
		k := fmt.Sprintf("%s|%s|%s|%v", f.Position, f.Rule, f.Message, f.Suppressed != nil)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, f)
	}
	return out
}

// RelPath makes file relative to cwd when it lies below it, with forward slashes.
func RelPath(cwd, file string) string {
	if file == "" || !filepath.IsAbs(file) {
		return file
	}
	if rel, err := filepath.Rel(cwd, file); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return file
}

// parsePos parses "file:line:col" (or "file:line") as go/packages reports error positions.
func parsePos(s string) report.Position {
	parts := strings.Split(s, ":")
	var p report.Position
	nums := []int{}
	for len(parts) > 1 {
		var n int
		if _, err := fmt.Sscanf(parts[len(parts)-1], "%d", &n); err != nil {
			break
		}
		nums = append([]int{n}, nums...)
		parts = parts[:len(parts)-1]
	}
	p.File = strings.Join(parts, ":")
	if len(nums) > 0 {
		p.Line = nums[0]
	}
	if len(nums) > 1 {
		p.Column = nums[1]
	}
	return p
}
