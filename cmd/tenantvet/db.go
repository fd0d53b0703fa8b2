package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/tenantvet/tenantvet/internal/driver"
	"github.com/tenantvet/tenantvet/internal/report"
	"github.com/tenantvet/tenantvet/sqlcheck/live"
)

// runDB is `tenantvet db [flags]`: the migration checker's rules on a live database's catalog,
// drift against the migrations when they are configured or given, and with -probe a rolled-back
// probe of isolation with real rows. The work is in sqlcheck/live.
func runDB(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tenantvet db", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var out outputFlags
	out.register(fs)
	cfgPath := fs.String("config", "", "configuration file (default: .tenantvet.yaml found by walking up from the working directory)")
	dir := fs.String("C", "", "change to this directory before doing anything")
	dbURL := fs.String("database-url", "", "the database to check (default $DATABASE_URL); any role that can read the catalogs")
	schemas := fs.String("schemas", "", "comma-separated schemas to check (default every schema but the system ones)")
	probe := fs.Bool("probe", false, "also probe isolation with real rows as the application role, in a transaction that is always rolled back")
	probeURL := fs.String("probe-url", "", "connect as the application role with this URL for the probe (default: SET LOCAL ROLE app-role on the catalog connection)")
	timeout := fs.Duration("probe-timeout", 0, "statement_timeout of each probe statement (default 5s)")
	writes := fs.Bool("probe-writes", true, "let the probe try INSERT and UPDATE into another tenant (each rolled back at once; triggers run)")
	sf := newSettingFlags(fs)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: tenantvet db [flags]\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		return exitError
	}
	fail := func(format string, args ...any) int {
		fmt.Fprintf(stderr, "tenantvet db: "+format+"\n", args...)
		return exitError
	}
	if fs.NArg() > 0 {
		return fail("unexpected arguments %s: give the database with -database-url", strings.Join(fs.Args(), " "))
	}
	if err := out.validate(); err != nil {
		return fail("%v", err)
	}
	if *dir != "" {
		if err := os.Chdir(*dir); err != nil {
			return fail("%v", err)
		}
	}
	cwd, _ := os.Getwd()
	cfg, err := driver.LoadConfig(*cfgPath, cwd)
	if err != nil {
		return fail("%v", err)
	}
	settings, err := driver.Settings(cfg, sf.explicit())
	if err != nil {
		return fail("%v", err)
	}
	url := *dbURL
	if url == "" {
		url = os.Getenv("DATABASE_URL")
	}
	if url == "" {
		return fail("no database given: pass -database-url or set DATABASE_URL")
	}
	opts := live.Options{URL: url, Settings: settings, Migrations: settings.Migrations, Probe: *probe, ProbeURL: *probeURL, Timeout: *timeout, NoWrites: !*writes}
	for _, s := range strings.Split(*schemas, ",") {
		if s = strings.TrimSpace(s); s != "" {
			opts.Schemas = append(opts.Schemas, s)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := live.Check(ctx, opts)
	if err != nil {
		return fail("%s", live.Scrub(live.Scrub(err.Error(), url), *probeURL))
	}
	for _, s := range res.Skipped {
		fmt.Fprintf(stderr, "tenantvet db: probe skipped %s: %s\n", s.Table, s.Reason)
	}
	var problems []report.Problem
	for _, p := range res.Problems {
		problems = append(problems, report.Problem{Message: p})
	}
	if code := writeReport(out, res.Findings, problems, stdout, stderr); code != exitClean {
		return code
	}
	return exitCode(res.Findings, problems)
}
