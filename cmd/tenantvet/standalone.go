package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/tenantvet/tenantvet/analyzers/suite"
	"github.com/tenantvet/tenantvet/internal/driver"
	"github.com/tenantvet/tenantvet/internal/report"
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
	analyzers, err := driver.Select(suite.Analyzers(), *enable, *disable)
	if err != nil {
		fmt.Fprintf(stderr, "tenantvet: %v\n", err)
		return exitError
	}
	cfg, err := driver.LoadConfig(*cfgPath, cwd)
	if err != nil {
		fmt.Fprintf(stderr, "tenantvet: %v\n", err)
		return exitError
	}
	if err := driver.Configure(suite.Analyzers(), cfg, sf.explicit()); err != nil {
		fmt.Fprintf(stderr, "tenantvet: %v\n", err)
		return exitError
	}
	settings, err := driver.Settings(cfg, sf.explicit())
	if err != nil {
		fmt.Fprintf(stderr, "tenantvet: %v\n", err)
		return exitError
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}

	res, err := driver.Run(driver.Options{
		Dir:       cwd,
		Patterns:  patterns,
		Tests:     *tests,
		Analyzers: analyzers,
		NoCache:   *noCache || *fix,
		Checker:   os.Getenv("TENANTVET_DRIVER") == "checker",
		Log:       stderr,
	})
	if err != nil {
		fmt.Fprintf(stderr, "tenantvet: %v\n", err)
		return exitError
	}
	findings, problems, fixes := res.Findings, res.Problems, res.Fixes
	findings = report.Select(findings, settings.Checks.Enabled(), settings.Severity.Of)
	report.Sort(findings)
	if findings, err = adopt.apply(cwd, report.ScopeGo, findings, len(problems) == 0, stderr); err != nil {
		fmt.Fprintf(stderr, "tenantvet: %v\n", err)
		return exitError
	}
	if *showStats && res.Stats.Cached {
		fmt.Fprintf(stderr, "tenantvet: cache: %d packages reused, %d analysed; types and facts of %d dependencies reused\n",
			res.Stats.RootsReused, res.Stats.RootsChecked, res.Stats.UnitsReused)
	}

	if *fix {
		if err := driver.ApplyFixes(fixes, *diff, stdout); err != nil {
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
			fmt.Fprintf(stderr, "%s\n", driver.ProblemString(p))
		}
	}
	return exitClean
}
