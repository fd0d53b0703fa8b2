package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/tenantvet/tenantvet/internal/driver"
	"github.com/tenantvet/tenantvet/internal/report"
	"github.com/tenantvet/tenantvet/sqlcheck"
)

// runSQL is `tenantvet sql [flags] [paths]`: it replays the migrations and checks that every
// tenant-owned table is isolated. With no paths it checks the configured migrations.
func runSQL(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tenantvet sql", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var out outputFlags
	out.register(fs)
	var adopt adoptFlags
	adopt.register(fs)
	cfgPath := fs.String("config", "", "configuration file (default: .tenantvet.yaml found by walking up from the working directory)")
	dir := fs.String("C", "", "change to this directory before doing anything")
	schemaOut := fs.String("schema-out", "", "also write the final schema model to this file (for sqlscope's -schema flag, e.g. under Bazel nogo)")
	sf := newSettingFlags(fs)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: tenantvet sql [flags] [migration dirs or files]\n\nFlags:\n")
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
	cfg, err := driver.LoadConfig(*cfgPath, cwd)
	if err != nil {
		fmt.Fprintf(stderr, "tenantvet: %v\n", err)
		return exitError
	}
	settings, err := driver.Settings(cfg, sf.explicit())
	if err != nil {
		fmt.Fprintf(stderr, "tenantvet: %v\n", err)
		return exitError
	}
	paths := fs.Args()
	if len(paths) == 0 {
		paths = settings.Migrations
	}
	if len(paths) == 0 {
		fmt.Fprintln(stderr, "tenantvet sql: no migrations given: pass directories or files, or set migrations in .tenantvet.yaml")
		return exitError
	}
	findings, errs := sqlcheck.Check(paths, settings)
	var problems []report.Problem
	for _, e := range errs {
		var pe *sqlcheck.ParseError
		if errors.As(e, &pe) {
			problems = append(problems, report.Problem{Position: &report.Position{File: driver.RelPath(cwd, pe.File), Line: pe.Line, Column: pe.Col}, Message: pe.Msg})
			continue
		}
		problems = append(problems, report.Problem{Message: e.Error()})
	}
	for i := range findings {
		findings[i].Position.File = driver.RelPath(cwd, findings[i].Position.File)
		for j := range findings[i].Related {
			findings[i].Related[j].Position.File = driver.RelPath(cwd, findings[i].Related[j].Position.File)
		}
		if c := findings[i].Cause; c != nil {
			c.File = driver.RelPath(cwd, c.File)
		}
	}
	findings = report.Select(findings, settings.Checks.Enabled(), settings.Severity.Of)
	report.Sort(findings)
	if findings, err = adopt.apply(cwd, report.ScopeSQL, findings, len(problems) == 0, stderr); err != nil {
		fmt.Fprintf(stderr, "tenantvet: %v\n", err)
		return exitError
	}
	if *schemaOut != "" && len(problems) == 0 {
		schema, berrs := sqlcheck.Build(paths, settings)
		if len(berrs) == 0 {
			if err := sqlcheck.WriteModel(*schemaOut, schema); err != nil {
				problems = append(problems, report.Problem{Message: fmt.Sprintf("write schema model: %v", err)})
			}
		}
	}
	if code := writeReport(out, findings, problems, stdout, stderr); code != exitClean {
		return code
	}
	return exitCode(findings, problems)
}
