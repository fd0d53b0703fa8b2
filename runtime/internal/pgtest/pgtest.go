// Package pgtest sets up an isolated PostgreSQL environment for the runtime tests: a fresh
// schema owner role, an application role without BYPASSRLS that does not own the tables, and
// tenant-owned tables with row level security enabled and forced.
//
// It reads TENANTVET_TEST_DATABASE_URL (see scripts/testdb.sh). When the variable is unset or
// the server is unreachable, New fails the test if CI=true and skips it otherwise.
package pgtest

//tenantvet:file-ignore sqlscope -- test set-up runs DDL as the schema owner and administrator, deliberately outside any tenant

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

// EnvVar names the variable holding the administrator connection string.
const EnvVar = "TENANTVET_TEST_DATABASE_URL"

// Policy is the row level security expression every tenant-owned test table uses.
const Policy = "tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid"

// Env is one test's database environment.
type Env struct {
	// Schema is the schema holding the test tables; app connections have it on search_path.
	Schema string
	// OwnerRole owns the schema and tables; AppRole is what the code under test connects as.
	OwnerRole, AppRole string

	adminURL string
	admin    *pgx.Conn
	appCfg   *pgx.ConnConfig
}

// New creates the environment and registers its teardown with t.Cleanup. It creates the
// tables tenants (id, slug) and projects (id, tenant_id, name) with RLS enabled and forced.
func New(t testing.TB) *Env {
	t.Helper()
	url := os.Getenv(EnvVar)
	unavailable := func(format string, args ...any) {
		t.Helper()
		if os.Getenv("CI") == "true" {
			t.Fatalf(format, args...)
		}
		t.Skipf(format, args...)
	}
	if url == "" {
		unavailable("%s is not set: run eval \"$(bash scripts/testdb.sh)\"", EnvVar)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, url)
	if err != nil {
		unavailable("connect to test database: %v", err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	sfx := hex.EncodeToString(b[:])
	newPassword := func() string {
		var pw [16]byte
		_, _ = rand.Read(pw[:])
		return hex.EncodeToString(pw[:])
	}
	password, ownerPassword := newPassword(), newPassword()
	e := &Env{
		Schema:    "tv_" + sfx,
		OwnerRole: "tv_owner_" + sfx,
		AppRole:   "tv_app_" + sfx,
		adminURL:  url,
		admin:     admin,
	}
	t.Cleanup(func() { e.teardown(t) })

	e.adminExec(t,
		fmt.Sprintf("CREATE ROLE %s LOGIN NOBYPASSRLS PASSWORD '%s'", e.OwnerRole, ownerPassword),
		fmt.Sprintf("CREATE ROLE %s LOGIN NOBYPASSRLS PASSWORD '%s'", e.AppRole, password),
		fmt.Sprintf("GRANT %s TO current_user", e.OwnerRole),
		fmt.Sprintf("CREATE SCHEMA %s AUTHORIZATION %s", e.Schema, e.OwnerRole),
		fmt.Sprintf("GRANT USAGE ON SCHEMA %s TO %s", e.Schema, e.AppRole),
	)
	e.OwnerExec(t, `
		CREATE TABLE tenants (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			slug text NOT NULL UNIQUE)`,
		`CREATE TABLE projects (
			id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
			tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
			name text NOT NULL)`,
		`CREATE INDEX projects_tenant_id_id_idx ON projects (tenant_id, id)`,
	)
	e.EnableRLS(t, "projects")
	e.Grant(t, "SELECT", "tenants")

	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		t.Fatalf("parse %s: %v", EnvVar, err)
	}
	cfg.User = e.AppRole
	cfg.Password = password
	cfg.RuntimeParams["search_path"] = e.Schema
	e.appCfg = cfg
	return e
}

func (e *Env) adminExec(t testing.TB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := e.admin.Exec(context.Background(), s); err != nil {
			t.Fatalf("admin: %s: %v", s, err)
		}
	}
}

// OwnerExec runs statements as the schema owner with the test schema on the search path.
func (e *Env) OwnerExec(t testing.TB, stmts ...string) {
	t.Helper()
	ctx := context.Background()
	tx, err := e.admin.Begin(ctx)
	if err != nil {
		t.Fatalf("owner: begin: %v", err)
	}
	defer tx.Rollback(ctx)
	pre := fmt.Sprintf("SET LOCAL ROLE %s; SET LOCAL search_path = %s", e.OwnerRole, e.Schema)
	if _, err := tx.Exec(ctx, pre); err != nil {
		t.Fatalf("owner: %v", err)
	}
	for _, s := range stmts {
		if _, err := tx.Exec(ctx, s); err != nil {
			t.Fatalf("owner: %s: %v", s, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatalf("owner: commit: %v", err)
	}
}

// EnableRLS enables and forces row level security on a tenant-owned table, adds the tenant
// isolation policy and grants the application role full DML on it.
func (e *Env) EnableRLS(t testing.TB, table string) {
	t.Helper()
	e.OwnerExec(t,
		fmt.Sprintf("ALTER TABLE %s ENABLE ROW LEVEL SECURITY", table),
		fmt.Sprintf("ALTER TABLE %s FORCE ROW LEVEL SECURITY", table),
		fmt.Sprintf("CREATE POLICY %s_isolation ON %s FOR ALL USING (%s) WITH CHECK (%s)", table, table, Policy, Policy),
	)
	e.Grant(t, "SELECT, INSERT, UPDATE, DELETE", table)
}

// Grant grants privileges on a table of the test schema to the application role.
func (e *Env) Grant(t testing.TB, privileges, table string) {
	t.Helper()
	e.OwnerExec(t, fmt.Sprintf("GRANT %s ON %s TO %s", privileges, table, e.AppRole))
}

// AppConfig returns a copy of the connection configuration of the application role.
func (e *Env) AppConfig() *pgx.ConnConfig {
	return e.appCfg.Copy()
}

// Conn opens a connection as the application role, closed at cleanup.
func (e *Env) Conn(t testing.TB) *pgx.Conn {
	t.Helper()
	c, err := pgx.ConnectConfig(context.Background(), e.AppConfig())
	if err != nil {
		t.Fatalf("connect as %s: %v", e.AppRole, err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

// NewTenant inserts a tenant and returns its id. Tenants are global rows, so the owner writes
// them; the tenant's projects are written by the application role inside a tenant scope.
func (e *Env) NewTenant(t testing.TB, slug string) tenant.ID {
	t.Helper()
	ctx := context.Background()
	var s string
	err := e.admin.QueryRow(ctx, fmt.Sprintf("INSERT INTO %s.tenants (slug) VALUES ($1) RETURNING id::text", e.Schema), slug).Scan(&s)
	if err != nil {
		t.Fatalf("insert tenant %s: %v", slug, err)
	}
	return tenant.MustParse(s)
}

func (e *Env) teardown(t testing.TB) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// Terminate leftover application sessions so the role can be dropped. The application role
	// owns nothing; its grants go with the schema.
	_, _ = e.admin.Exec(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", e.AppRole)
	for _, s := range []string{
		fmt.Sprintf("DROP SCHEMA IF EXISTS %s CASCADE", e.Schema),
		fmt.Sprintf("DROP ROLE IF EXISTS %s", e.AppRole),
		fmt.Sprintf("DROP ROLE IF EXISTS %s", e.OwnerRole),
	} {
		if _, err := e.admin.Exec(ctx, s); err != nil {
			t.Errorf("teardown: %s: %v", s, err)
		}
	}
	_ = e.admin.Close(ctx)
}
