// Package live checks a deployed PostgreSQL database for tenant isolation: it reads the system
// catalogs over pgx in one read-only transaction, builds sqlcheck's schema model from them and
// judges it with the same rules as `tenantvet sql`; it reports drift between the migrations and
// the database (TV5026), and its probe shows with real rows, as the application role and inside
// a transaction that is always rolled back, that one tenant cannot see or write another's rows
// (TV5027).
//
// Findings name database objects (report.Finding.Object) instead of file positions. Nothing here
// prints row data, and the connection string's password never appears in errors.
package live

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/tenantvet/tenantvet/internal/config"
	"github.com/tenantvet/tenantvet/internal/report"
	"github.com/tenantvet/tenantvet/internal/rules"
	"github.com/tenantvet/tenantvet/sqlcheck"
)

var (
	ruleBypassRole = rules.MustGet("TV5017")
	ruleDrift      = rules.MustGet("TV5026")
	ruleProbe      = rules.MustGet("TV5027")
)

// Options configure a check.
type Options struct {
	URL        string           // the catalog connection (any role that can read the catalogs)
	Schemas    []string         // schemas to read; empty means every schema but the system ones
	Settings   *config.Settings // tenant columns, setting, app role, global and tenant tables
	Migrations []string         // when set, the replayed migrations are compared with the database
	Probe      bool             // run the probe
	ProbeURL   string           // connect as the application role with this URL instead of SET LOCAL ROLE
	NoWrites   bool             // the probe only counts rows: no INSERT or UPDATE, even rolled back
	Timeout    time.Duration    // statement_timeout of the probe's statements (default 5s)
}

// Skip is a table the probe could not probe, with the reason.
type Skip struct {
	Table  string
	Reason string
}

// Result is what a check found.
type Result struct {
	Findings []report.Finding
	// Problems are definitions that could not be read (and so were not checked) and migrations
	// that do not parse; each makes the run incomplete.
	Problems []string
	Skipped  []Skip // tables the probe could not probe
	Probed   int    // tables the probe probed
	Version  int    // server_version_num
}

// ConnError is a failure to connect or to read the catalogs (unreachable server, wrong
// password, permission denied). Its message never contains the password.
type ConnError struct{ msg string }

func (e *ConnError) Error() string { return e.msg }

// Check runs the catalog check, the drift comparison when migrations are given, and the probe
// when asked for.
func Check(ctx context.Context, opts Options) (*Result, error) {
	set := opts.Settings
	if set == nil {
		set = config.Default()
	}
	conn, err := connect(ctx, opts.URL)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.Background())
	//tenantvet:ignore TV1001 -- the catalog check reads system catalogs, which hold no tenant's rows
	cat, err := readCatalog(ctx, conn, opts.Schemas)
	if err != nil {
		return nil, connError("read the catalog", err, opts.URL)
	}
	res := &Result{Version: cat.version, Problems: cat.problems}
	var static *sqlcheck.Schema
	if len(opts.Migrations) > 0 {
		var errs []error
		static, errs = sqlcheck.Build(opts.Migrations, set)
		for _, e := range errs {
			res.Problems = append(res.Problems, e.Error())
		}
		// Global markers live in SQL comments of the migrations: carry them over.
		for name, t := range static.Tables {
			if lt := cat.model.Schema().Tables[name]; lt != nil && t.GlobalReason != "" && lt.GlobalReason == "" {
				lt.GlobalReason = t.GlobalReason
			}
		}
	}
	cat.model.Classify(set)
	live := cat.model.Schema()
	fs, err := sqlcheck.CheckLive(live, set)
	if err != nil {
		return nil, err
	}
	res.Findings = append(res.Findings, fs...)
	res.Findings = append(res.Findings, bypassMembers(cat)...)
	if static != nil {
		res.Findings = append(res.Findings, drift(static, live, set)...)
	}
	if opts.Probe {
		//tenantvet:ignore TV1001 -- the probe tests the tenant scope itself, setting the tenant per question in a transaction it rolls back
		pr, err := probe(ctx, conn, cat, set, opts)
		if err != nil {
			return nil, err
		}
		res.Findings = append(res.Findings, pr.findings...)
		res.Skipped, res.Probed = pr.skipped, pr.probed
	}
	report.Sort(res.Findings)
	return res, nil
}

// bypassMembers reports login roles that can SET ROLE to a role with BYPASSRLS or SUPERUSER:
// RLS-wise they are that role.
func bypassMembers(cat *catalog) []report.Finding {
	var out []report.Finding
	names := make([]string, 0, len(cat.bypassVia))
	for n := range cat.bypassVia {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		out = append(out, finding(ruleBypassRole, "role "+n,
			"role %s can log in and SET ROLE %s, which bypasses row level security: revoke the membership; use audited impersonation for support access", n, cat.bypassVia[n]))
	}
	return out
}

func finding(r *rules.Rule, object, format string, args ...any) report.Finding {
	return report.Finding{Rule: r.ID, Analyzer: r.Analyzer, Severity: string(r.Severity), Message: fmt.Sprintf(format, args...), Object: object}
}

// connect opens a connection; errors never carry the password.
func connect(ctx context.Context, connString string) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(connString)
	if err != nil {
		return nil, connError("parse the database URL", err, connString)
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 10 * time.Second
	}
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	cfg.RuntimeParams["application_name"] = "tenantvet db"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, connError("connect to "+describe(cfg), err, connString)
	}
	return conn, nil
}

func describe(cfg *pgx.ConnConfig) string {
	return fmt.Sprintf("database %s on %s:%d as %s", cfg.Database, cfg.Host, cfg.Port, cfg.User)
}

// connError explains a connection or catalog error and removes any secret of the connection
// string from it.
func connError(what string, err error, connString string) error {
	msg := err.Error()
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "28P01", "28000":
			msg = "authentication failed: " + pe.Message
		case "42501":
			msg = "permission denied: " + pe.Message + ": connect as a role that may read the system catalogs"
		case "3D000":
			msg = pe.Message
		}
	}
	return &ConnError{msg: Scrub(what+": "+msg, connString)}
}

// Scrub removes the password of connString (a URL or key=value string), and the connection
// string itself, from msg.
func Scrub(msg, connString string) string {
	var secrets []string
	if u, err := url.Parse(connString); err == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok && pw != "" {
			secrets = append(secrets, pw, url.QueryEscape(pw), url.PathEscape(pw))
		}
		if pw := u.Query().Get("password"); pw != "" {
			secrets = append(secrets, pw)
		}
	}
	for _, f := range strings.Fields(connString) {
		if k, v, ok := strings.Cut(f, "="); ok && strings.EqualFold(k, "password") && v != "" {
			secrets = append(secrets, v, strings.Trim(v, "'"))
		}
	}
	if connString != "" {
		secrets = append([]string{connString}, secrets...)
	}
	for _, s := range secrets {
		if s == connString && len(secrets) == 1 {
			continue // no password: the string itself may stay (it names the server)
		}
		if s != "" {
			msg = strings.ReplaceAll(msg, s, "xxxxx")
		}
	}
	return msg
}
