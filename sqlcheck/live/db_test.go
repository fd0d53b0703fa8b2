package live

//tenantvet:file-ignore sqlscope -- test set-up creates databases and roles and loads fixtures as the administrator, deliberately outside any tenant

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tenantvet/tenantvet/internal/config"
)

// envVar names the administrator connection string scripts/testdb.sh exports.
const envVar = "TENANTVET_TEST_DATABASE_URL"

// testDB is a fresh database of one test, dropped at cleanup with the roles the test made (every
// role carries the test's suffix). CONNECT is revoked from PUBLIC and granted to the test's roles
// only, so roles other tests create in the same cluster do not matter to this database.
type testDB struct {
	t      testing.TB
	sfx    string
	name   string
	url    string // administrator URL of the fresh database
	admin  *pgx.Conn
	super  bool // the administrator is a superuser (then BYPASSRLS roles can be created)
	dbConn *pgx.Conn
}

func newTestDB(t testing.TB) *testDB {
	t.Helper()
	base := os.Getenv(envVar)
	unavailable := func(format string, args ...any) {
		t.Helper()
		if os.Getenv("CI") == "true" {
			t.Fatalf(format, args...)
		}
		t.Skipf(format, args...)
	}
	if base == "" {
		unavailable("%s is not set: run eval \"$(bash scripts/testdb.sh)\"", envVar)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		unavailable("connect to test database: %v", Scrub(err.Error(), base))
	}
	var b [5]byte
	_, _ = rand.Read(b[:])
	d := &testDB{t: t, sfx: hex.EncodeToString(b[:]), admin: admin}
	d.name = "tv_live_" + d.sfx
	if err := admin.QueryRow(ctx, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user").Scan(&d.super); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.teardown)
	d.adminExec("CREATE DATABASE "+d.name, "REVOKE CONNECT ON DATABASE "+d.name+" FROM PUBLIC")
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", envVar, err)
	}
	u.Path = "/" + d.name
	d.url = u.String()
	d.dbConn, err = pgx.Connect(ctx, d.url)
	if err != nil {
		t.Fatalf("connect to %s: %v", d.name, Scrub(err.Error(), d.url))
	}
	return d
}

func (d *testDB) adminExec(stmts ...string) {
	d.t.Helper()
	for _, s := range stmts {
		if _, err := d.admin.Exec(context.Background(), s); err != nil {
			d.t.Fatalf("admin: %s: %v", s, err)
		}
	}
}

// exec runs statements in the test database as the administrator.
func (d *testDB) exec(stmts ...string) {
	d.t.Helper()
	for _, s := range stmts {
		if _, err := d.dbConn.Exec(context.Background(), s); err != nil {
			d.t.Fatalf("exec: %s: %v", s, err)
		}
	}
}

// role is a role name of this test.
func (d *testDB) role(name string) string { return name + "_" + d.sfx }

// createRole creates a login role of this test that may connect to the database, and makes the
// administrator a member of it (to give it tables and to SET ROLE to it).
func (d *testDB) createRole(name string) string {
	d.t.Helper()
	r := d.role(name)
	d.adminExec("CREATE ROLE "+r+" LOGIN NOBYPASSRLS PASSWORD 'tv-"+d.sfx+"'", "GRANT "+r+" TO current_user")
	return r
}

// grantConnect lets every role of this test connect (roles the migrations create included).
func (d *testDB) grantConnect() {
	d.t.Helper()
	rows, err := d.admin.Query(context.Background(), "SELECT rolname FROM pg_roles WHERE rolname LIKE '%\\_"+d.sfx+"'")
	if err != nil {
		d.t.Fatal(err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		d.t.Fatal(err)
	}
	for _, n := range names {
		d.adminExec("GRANT CONNECT ON DATABASE " + d.name + " TO " + n)
	}
}

func (d *testDB) teardown() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if d.dbConn != nil {
		d.dbConn.Close(ctx)
	}
	_, _ = d.admin.Exec(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", d.name)
	if _, err := d.admin.Exec(ctx, "DROP DATABASE IF EXISTS "+d.name); err != nil {
		d.t.Errorf("drop database %s: %v", d.name, err)
	}
	rows, err := d.admin.Query(ctx, "SELECT rolname FROM pg_roles WHERE rolname LIKE '%\\_"+d.sfx+"'")
	if err == nil {
		names, _ := pgx.CollectRows(rows, pgx.RowTo[string])
		for _, n := range names {
			if _, err := d.admin.Exec(ctx, "DROP ROLE IF EXISTS "+n); err != nil {
				d.t.Errorf("drop role %s: %v", n, err)
			}
		}
	}
	d.admin.Close(ctx)
}

// exampleRoles are the roles the example service's migrations name; each test gets its own.
var exampleRoles = regexp.MustCompile(`\b(notes_app|notes_owner|support_admin|notes_reporting)\b`)

// example prepares a twin of the example service for this test: its migrations with the role
// names made the test's own, written to a temporary directory (what `tenantvet sql` checks), and
// applied to the database. A role with BYPASSRLS needs a superuser to create it; otherwise the
// applied migrations make support_admin a member of tenantvet_bypassrls (made by
// scripts/testdb.sh), which is the same power one SET ROLE away.
func (d *testDB) example(twin string) (migrations string, set *config.Settings) {
	d.t.Helper()
	src := filepath.Join("..", "..", "testdata", "example", twin, "migrations")
	files, err := filepath.Glob(filepath.Join(src, "*.up.sql"))
	if err != nil || len(files) == 0 {
		d.t.Fatalf("no migrations in %s: %v", src, err)
	}
	slices.Sort(files)
	dir := d.t.TempDir()
	app := d.createRole("notes_app") // created by the platform before the first migration
	if twin == "leaky" {
		// ALTER TABLE api_keys OWNER TO notes_app needs the new owner to have CREATE on the schema.
		d.exec("GRANT CREATE ON SCHEMA public TO " + app)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			d.t.Fatal(err)
		}
		text := exampleRoles.ReplaceAllString(string(data), "${1}_"+d.sfx)
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), []byte(text), 0o644); err != nil {
			d.t.Fatal(err)
		}
		applied := text
		if !d.super {
			applied = strings.ReplaceAll(applied, "LOGIN BYPASSRLS;", "LOGIN IN ROLE tenantvet_bypassrls;")
		}
		if _, err := d.dbConn.Exec(context.Background(), applied); err != nil {
			d.t.Fatalf("apply %s: %v", f, err)
		}
	}
	d.grantConnect()
	set = config.Default()
	set.AppRole = d.role("notes_app")
	set.Migrations = []string{dir}
	return dir, set
}

// fixture inserts two tenants with projects and notes, as the administrator (who owns the tables)
// setting the tenant for each: tenant A has a private note, tenant B a private and a public one.
func (d *testDB) fixture() (a, b string) {
	d.t.Helper()
	ctx := context.Background()
	d.exec("INSERT INTO public.plans (id, name, max_notes, max_ai_runs) VALUES ('free', 'Free', 10, 10)",
		"INSERT INTO public.users (email, password_hash) VALUES ('a@example.com', 'x')")
	for _, p := range []*string{&a, &b} {
		if err := d.dbConn.QueryRow(ctx, "INSERT INTO public.tenants (name, plan_id) VALUES ('t', 'free') RETURNING id::text").Scan(p); err != nil {
			d.t.Fatal(err)
		}
	}
	for i, tenant := range []string{a, b} {
		tx, err := d.dbConn.Begin(ctx)
		if err != nil {
			d.t.Fatal(err)
		}
		stmts := []string{
			"SELECT set_config('app.tenant_id', $1, true)",
			"INSERT INTO public.projects (tenant_id, slug, name) VALUES ($1::uuid, 'p-' || $1, 'p')",
			"INSERT INTO public.notes (tenant_id, project_id, author_id, title, is_public) SELECT $1::uuid, p.id, u.id, 'private', false FROM public.projects p, public.users u WHERE p.tenant_id = $1::uuid",
		}
		if i == 1 {
			stmts = append(stmts, "INSERT INTO public.notes (tenant_id, project_id, author_id, title, is_public) SELECT $1::uuid, p.id, u.id, 'shared', true FROM public.projects p, public.users u WHERE p.tenant_id = $1::uuid")
		}
		for _, s := range stmts {
			if _, err := tx.Exec(ctx, s, tenant); err != nil {
				d.t.Fatalf("fixture: %s: %v", s, err)
			}
		}
		if err := tx.Commit(ctx); err != nil {
			d.t.Fatal(err)
		}
	}
	return a, b
}

func (d *testDB) check(set *config.Settings, probe bool, migrations ...string) *Result {
	d.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	opts := Options{URL: d.url, Settings: set, Migrations: migrations, Probe: probe}
	res, err := Check(ctx, opts)
	if err != nil {
		d.t.Fatalf("check: %v", err)
	}
	if len(res.Problems) > 0 {
		d.t.Fatalf("problems: %v", res.Problems)
	}
	return res
}

func lines(res *Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, fmt.Sprintf("%s %s: %s", f.Rule, f.Object, f.Message))
	}
	return out
}
