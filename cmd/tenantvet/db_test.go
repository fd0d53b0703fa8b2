package main

//tenantvet:file-ignore sqlscope -- test set-up creates a schema and a table as the administrator, outside any tenant

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// testDatabaseURL returns the administrator URL of scripts/testdb.sh, failing under CI=true and
// skipping elsewhere when it is not set or the server is unreachable.
func testDatabaseURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("TENANTVET_TEST_DATABASE_URL")
	unavailable := func(format string, args ...any) {
		t.Helper()
		if os.Getenv("CI") == "true" {
			t.Fatalf(format, args...)
		}
		t.Skipf(format, args...)
	}
	if u == "" {
		unavailable("TENANTVET_TEST_DATABASE_URL is not set: run eval \"$(bash scripts/testdb.sh)\"")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, u)
	if err != nil {
		unavailable("connect to test database: %v", err)
	}
	c.Close(ctx)
	return u
}

// TestDBCommand runs `tenantvet db` on a schema holding one tenant table without RLS: text names
// the object, JSON carries it in "object", SARIF as a logical location, and the exit code is 1.
func TestDBCommand(t *testing.T) {
	base := testDatabaseURL(t)
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	var b [5]byte
	_, _ = rand.Read(b[:])
	schema := "tv_db_" + hex.EncodeToString(b[:])
	t.Cleanup(func() {
		_, _ = admin.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+schema+" CASCADE")
		admin.Close(context.Background())
	})
	for _, s := range []string{
		"CREATE SCHEMA " + schema,
		"CREATE TABLE " + schema + ".tenants (id uuid PRIMARY KEY)",
		"CREATE TABLE " + schema + ".docs (id uuid PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES " + schema + ".tenants (id), UNIQUE (tenant_id, id))",
	} {
		if _, err := admin.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	dir := t.TempDir()
	// With RLS on no table the default is one TV5025 for the schema; -rls-per-table asks for the
	// per-table finding whose object this test follows through the formats.
	want := schema + ".docs: sql: row level security is not enabled on tenant table " + schema + ".docs: ALTER TABLE " + schema + ".docs ENABLE ROW LEVEL SECURITY (TV5004)"
	r := runIn(t, dir, []string{"DATABASE_URL=" + base}, binary, "db", "-rls-per-table=true", "-schemas", schema)
	if r.code != exitFindings || !strings.Contains(r.stdout, want+"\n") {
		t.Fatalf("exit code %d, want %d; stdout lacks %q:\n%s\nstderr:\n%s", r.code, exitFindings, want, r.stdout, r.stderr)
	}

	r = runIn(t, dir, nil, binary, "db", "-rls-per-table=true", "-database-url", base, "-schemas", schema, "-format", "json")
	var rep struct {
		Findings []struct {
			Rule, Object string
			Position     struct{ File string }
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, r.stdout)
	}
	found := false
	for _, f := range rep.Findings {
		if f.Rule == "TV5004" && f.Object == schema+".docs" && f.Position.File == "" {
			found = true
		}
	}
	if !found {
		t.Errorf("no TV5004 finding with object %s.docs in JSON:\n%s", schema, r.stdout)
	}

	// The probe runs as the application role: a role the catalog role cannot SET ROLE to is a
	// clear error, exit code 2, and nothing is probed.
	r = runIn(t, dir, nil, binary, "db", "-rls-per-table=true", "-database-url", base, "-schemas", schema, "-probe", "-app-role", "postgres")
	if r.code != exitError || !strings.Contains(r.stderr, "SET ROLE postgres (the catalog role must be a member of the application role, or give -probe-url)") {
		t.Errorf("probe as a foreign role: exit code %d, stderr:\n%s", r.code, r.stderr)
	}

	r = runIn(t, dir, nil, binary, "db", "-rls-per-table=true", "-database-url", base, "-schemas", schema, "-format", "sarif")
	if !strings.Contains(r.stdout, `"logicalLocations"`) || !strings.Contains(r.stdout, `"fullyQualifiedName": "`+schema+`.docs"`) {
		t.Errorf("SARIF has no logical location for %s.docs:\n%s", schema, r.stdout)
	}
}

// TestDBCommandErrors: a wrong password, an unreachable server, a missing schema and no URL at
// all are clear errors with exit code 2, and the password never appears.
func TestDBCommandErrors(t *testing.T) {
	dir := t.TempDir()
	const secret = "s3cret-Pa55word"
	unreachable := "postgres://someone:" + secret + "@127.0.0.1:1/db?sslmode=disable&connect_timeout=2"
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unreachable", []string{"-database-url", unreachable}, "tenantvet db: connect to database db on 127.0.0.1:1 as someone"},
		{"no url", nil, "no database given: pass -database-url or set DATABASE_URL"},
		{"bad url", []string{"-database-url", "postgres://u:" + secret + "@[::1"}, "tenantvet db: parse the database URL"},
	}
	if base := os.Getenv("TENANTVET_TEST_DATABASE_URL"); base != "" {
		u, err := url.Parse(base)
		if err == nil {
			u.User = url.UserPassword(u.User.Username(), secret)
			cases = append(cases, struct {
				name string
				args []string
				want string
			}{"wrong password", []string{"-database-url", u.String()}, "authentication failed"})
			cases = append(cases, struct {
				name string
				args []string
				want string
			}{"missing schema", []string{"-database-url", base, "-schemas", "no_such_schema_here"}, "schema no_such_schema_here does not exist"})
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runIn(t, dir, []string{"DATABASE_URL="}, binary, append([]string{"db"}, c.args...)...)
			if r.code != exitError {
				t.Errorf("exit code %d, want %d\nstderr: %s", r.code, exitError, r.stderr)
			}
			if !strings.Contains(r.stderr, c.want) {
				t.Errorf("stderr lacks %q:\n%s", c.want, r.stderr)
			}
			if strings.Contains(r.stdout+r.stderr, secret) {
				t.Errorf("the password appears in the output:\n%s%s", r.stdout, r.stderr)
			}
		})
	}
}
