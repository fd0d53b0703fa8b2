package pgtest

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"
)

// TestEnvRolesAndRowSecurity checks the premises every database test relies on: the tables
// are owned by a role the application role is not, the application role cannot bypass row
// level security, and RLS is enabled and forced.
func TestEnvRolesAndRowSecurity(t *testing.T) {
	e := New(t)
	ctx := context.Background()
	var (
		owner                           string
		rls, force, appBypass, appSuper bool
		appIsOwnerMember, appCanSetRole bool
	)
	err := e.admin.QueryRow(ctx, `
		SELECT c.relowner::regrole::text, c.relrowsecurity, c.relforcerowsecurity
		FROM pg_class c WHERE c.oid = $1::regclass`, e.Schema+".projects").Scan(&owner, &rls, &force)
	if err != nil {
		t.Fatal(err)
	}
	if owner != e.OwnerRole || owner == e.AppRole {
		t.Errorf("projects is owned by %s, want %s (not the application role %s)", owner, e.OwnerRole, e.AppRole)
	}
	if !rls || !force {
		t.Errorf("projects: row level security enabled=%v forced=%v, want both", rls, force)
	}
	err = e.admin.QueryRow(ctx, `SELECT rolbypassrls, rolsuper, pg_has_role($1, $2, 'MEMBER'), pg_has_role($1, $2, 'USAGE')
		FROM pg_roles WHERE rolname = $1`, e.AppRole, e.OwnerRole).Scan(&appBypass, &appSuper, &appIsOwnerMember, &appCanSetRole)
	if err != nil {
		t.Fatal(err)
	}
	if appBypass || appSuper || appIsOwnerMember || appCanSetRole {
		t.Errorf("application role: bypassrls=%v superuser=%v member of owner=%v usage of owner=%v, want all false",
			appBypass, appSuper, appIsOwnerMember, appCanSetRole)
	}
	// And the connections the tests use really are the application role.
	var user string
	if err := e.Conn(t).QueryRow(ctx, "SELECT current_user").Scan(&user); err != nil || user != e.AppRole {
		t.Errorf("application connection runs as %q (%v), want %s", user, err, e.AppRole)
	}
}

// recorder is a testing.TB that records how New gave up instead of stopping the test.
type recorder struct {
	testing.TB
	mu           sync.Mutex
	failed, skip bool
	msg          string
}

func (r *recorder) Helper() {}

func (r *recorder) Cleanup(func()) {}

func (r *recorder) Fatalf(format string, args ...any) {
	r.mu.Lock()
	r.failed, r.msg = true, fmt.Sprintf(format, args...)
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *recorder) Skipf(format string, args ...any) {
	r.mu.Lock()
	r.skip, r.msg = true, fmt.Sprintf(format, args...)
	r.mu.Unlock()
	runtime.Goexit()
}

// TestUnavailableDatabaseFailsInCI proves the database tests cannot pass vacuously in CI: an
// unset or unreachable database fails them when CI=true and only skips them otherwise.
func TestUnavailableDatabaseFailsInCI(t *testing.T) {
	tests := []struct {
		name, url, ci string
		wantFail      bool
	}{
		{"unset in CI", "", "true", true},
		{"unreachable in CI", "postgres://nobody:x@127.0.0.1:1/none?sslmode=disable&connect_timeout=2", "true", true},
		{"unset locally", "", "", false},
		{"unreachable locally", "postgres://nobody:x@127.0.0.1:1/none?sslmode=disable&connect_timeout=2", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvVar, tt.url)
			t.Setenv("CI", tt.ci)
			r := &recorder{TB: t}
			done := make(chan struct{})
			go func() {
				defer close(done)
				New(r)
			}()
			<-done
			if r.failed != tt.wantFail || r.skip == tt.wantFail {
				t.Fatalf("failed=%v skipped=%v (%s), want failed=%v", r.failed, r.skip, r.msg, tt.wantFail)
			}
		})
	}
}
