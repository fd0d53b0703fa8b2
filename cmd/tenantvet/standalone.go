package main

import (
	"errors"
	"flag"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/tenantvet/tenantvet/internal/directive"
	"github.com/tenantvet/tenantvet/internal/report"
	"github.com/tenantvet/tenantvet/internal/rules"
)

type outputFlags struct {
	format string
	output string
}

func (o *outputFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&o.format, "format", "text", "output format: text, json, sarif, github (workflow commands), checkstyle or junit")
	fs.StringVar(&o.output, "o", "", "write the report to this file instead of standard output")
}

func (o *outputFlags) validate() error {
	switch o.format {
	case "text", "json", "sarif", "github", "checkstyle", "junit":
		return nil
	}
	return fmt.Errorf("-format %q is not text, json, sarif, github, checkstyle or junit", o.format)
}

func runStandalone(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tenantvet", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		out       outputFlags
		fix       = fs.Bool("fix", false, "apply suggested fixes")
		diff      = fs.Bool("diff", false, "with -fix, print the fixes as a unified diff instead of applying them")
		enable    = fs.String("enable", "", "comma-separated analyzers to run (default all)")
		disable   = fs.String("disable", "", "comma-separated analyzers not to run")
		cfgPath   = fs.String("config", "", "configuration file (default: .tenantvet.yaml found by walking up from the working directory)")
		tests     = fs.Bool("tests", true, "also analyse test files")
		dir       = fs.String("C", "", "change to this directory before doing anything")
		noCache   = fs.Bool("no-cache", false, "do not read or write the per-package result cache")
		showStats = fs.Bool("stats", false, "print cache statistics to standard error")
	)
	out.register(fs)
	var adopt adoptFlags
	adopt.register(fs)
	sf := newSettingFlags(fs)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: tenantvet [flags] [packages]\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		return exitError
	}
	if err := out.validate(); err != nil {
		fmt.Fprintf(stderr, "tenantvet: %v\n", err)
		return exitError
	}
	adopt.fingerprints = out.format == "json" || out.format == "sarif"
	if err := adopt.validate(); err != nil {
		fmt.Fprintf(stderr, "tenantvet: %v\n", err)
		return exitError
	}
	if *dir != "" {
		if err := os.Chdir(*dir); err != nil {
			fmt.Fprintf(stderr, "tenantvet: %v\n", err)
			return exitError
		}
	}
	cwd, _ := os.Getwd()
	analyzers, err := selectAnalyzers(allAnalyzers(), *enable, *disable)
	if err != nil {
		fmt.Fprintf(stderr, "tenantvet: %v\n", err)
		return exitError
	}
	cfg, err := loadConfig(*cfgPath, cwd)
	if err != nil {
		fmt.Fprintf(stderr, "tenantvet: %v\n", err)
		return exitError
	}
	if err := configure(allAnalyzers(), cfg, sf.explicit()); err != nil {
		fmt.Fprintf(stderr, "tenantvet: %v\n", err)
		return exitError
	}
	settings, err := driverSettings(cfg, sf.explicit())
	if err != nil {
		fmt.Fprintf(stderr, "tenantvet: %v\n", err)
		return exitError
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}

	var (
		findings []report.Finding
		problems []report.Problem
	)
	useCache := !*noCache && !*fix
	var cache *resultCache
	if useCache {
		cache, err = openCache(cwd, patterns, *tests, analyzers)
		if err != nil {
			if debugEnabled() {
				fmt.Fprintf(stderr, "tenantvet: cache disabled: %v\n", err)
			}
			cache = nil
		}
	}
	toLoad := patterns
	if cache != nil {
		hits, misses := cache.lookup()
		for _, h := range hits {
			findings = append(findings, h...)
		}
		toLoad = misses
	}
	var fixes []analysisFix
	var reusedUnits int64
	if len(toLoad) > 0 {
		var (
			fresh map[string][]report.Finding
			probs []report.Problem
			fx    []analysisFix
		)
		if os.Getenv("TENANTVET_DRIVER") == "checker" {
			// The go/analysis/checker driver: every package's syntax in memory at once.
			fresh, probs, fx, err = analyze(cwd, toLoad, *tests, analyzers)
		} else {
			var units unitStore
			if cache != nil {
				units = cache
			}
			fresh, probs, fx, reusedUnits, err = analyzeModular(cwd, toLoad, *tests, analyzers, units)
		}
		if err != nil {
			fmt.Fprintf(stderr, "tenantvet: %v\n", err)
			return exitError
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
	if *showStats && cache != nil {
		fmt.Fprintf(stderr, "tenantvet: cache: %d packages reused, %d analysed; types and facts of %d dependencies reused\n",
			len(cache.roots)-len(toLoad), len(toLoad), reusedUnits)
	}
	for i := range findings {
		findings[i].Position.File = relPath(cwd, findings[i].Position.File)
	}
	findings = dedupe(findings)
	findings = report.Select(findings, settings.Checks.Enabled(), settings.Severity.Of)
	report.Sort(findings)
	if findings, err = adopt.apply(cwd, report.ScopeGo, findings, len(problems) == 0, stderr); err != nil {
		fmt.Fprintf(stderr, "tenantvet: %v\n", err)
		return exitError
	}

	if *fix {
		if err := applyFixes(fixes, *diff, stdout); err != nil {
			fmt.Fprintf(stderr, "tenantvet: %v\n", err)
			return exitError
		}
	}
	if code := writeReport(out, findings, problems, stdout, stderr); code != exitClean {
		return code
	}
	return exitCode(findings, problems)
}

func exitCode(findings []report.Finding, problems []report.Problem) int {
	if len(problems) > 0 {
		return exitError
	}
	for _, f := range findings {
		if f.Suppressed == nil {
			return exitFindings
		}
	}
	return exitClean
}

func writeReport(o outputFlags, findings []report.Finding, problems []report.Problem, stdout, stderr io.Writer) int {
	w := stdout
	if o.output != "" {
		f, err := os.Create(o.output)
		if err != nil {
			fmt.Fprintf(stderr, "tenantvet: %v\n", err)
			return exitError
		}
		defer f.Close()
		w = f
	}
	tool := report.Tool{Name: "tenantvet", Version: version(), URI: "https://github.com/tenantvet/tenantvet"}
	var err error
	switch o.format {
	case "text":
		for _, p := range problems {
			if p.Position != nil {
				fmt.Fprintf(stderr, "%s: %s\n", p.Position, p.Message)
			} else {
				fmt.Fprintf(stderr, "tenantvet: %s\n", p.Message)
			}
		}
		err = report.WriteText(w, findings)
	case "json":
		err = report.WriteJSON(w, tool, findings, problems)
	case "sarif":
		err = report.WriteSARIF(w, tool, findings, problems)
	case "github":
		err = report.WriteGitHub(w, findings, problems)
	case "checkstyle":
		err = report.WriteCheckstyle(w, findings, problems)
	case "junit":
		err = report.WriteJUnit(w, findings, problems)
	}
	if err != nil {
		fmt.Fprintf(stderr, "tenantvet: write report: %v\n", err)
		return exitError
	}
	if o.format != "text" {
		for _, p := range problems {
			fmt.Fprintf(stderr, "%s\n", problemString(p))
		}
	}
	return exitClean
}

func problemString(p report.Problem) string {
	if p.Position != nil {
		return p.Position.String() + ": " + p.Message
	}
	return "tenantvet: " + p.Message
}

// analyze loads the packages and runs the analyzers through go/analysis/checker. It returns the
// findings grouped by root package path, load and analysis problems, and the suggested fixes.
func analyze(cwd string, patterns []string, tests bool, analyzers []*analysis.Analyzer) (map[string][]report.Finding, []report.Problem, []analysisFix, error) {
	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Tests: tests, Dir: cwd}
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
				pos.File = relPath(cwd, pos.File)
				pr.Position = &pos
			}
			if k := problemString(pr); !seenErr[k] {
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
	var fixes []analysisFix
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
				fixes = append(fixes, analysisFix{fset: fset, fix: sf})
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

func relPath(cwd, file string) string {
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
