// Package inline compares claims with the signed-in user's tenant in the handler itself.
package inline

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

var pool *pgxpool.Pool

func noop(pgx.Tx) error { return nil }

// User is the signed-in user, from the session: trusted.
type User struct {
	ID       string
	TenantID string
}

func sessionUser(r *http.Request) User { return User{} }

var ErrForbidden = errors.New("forbidden")

func forbidden(w http.ResponseWriter, r *http.Request) {
	u := sessionUser(r)
	id := r.PathValue("orgID")
	if u.TenantID != id {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	_ = tenantdb.WithTenant(r.Context(), pool, tenant.MustParse(id), noop)
}

func statusOnly(w http.ResponseWriter, r *http.Request) {
	u := sessionUser(r)
	id := r.PathValue("orgID")
	if id != u.TenantID {
		w.WriteHeader(http.StatusForbidden) // the handler goes on
	}
	_ = tenantdb.WithTenant(r.Context(), pool, tenant.MustParse(id), noop) // want `tenant from path parameter "orgID" reaches tenantdb.WithTenant without verification`
}

func typedCompare(w http.ResponseWriter, r *http.Request) {
	tc, ok := tenant.FromContext(r.Context())
	if !ok {
		return
	}
	id := tenant.MustParse(r.Header.Get("X-Tenant-ID"))
	if id != tc.TenantID {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	_ = tenantdb.WithTenant(r.Context(), pool, id, noop)
}

type Svc struct{}

// Get refuses a tenant that is not the user's: param 2 is verified here, so no fact.
func (s *Svc) Get(ctx context.Context, u User, tenantID string) error {
	if u.TenantID != tenantID {
		return ErrForbidden
	}
	return tenantdb.WithTenant(ctx, pool, tenant.MustParse(tenantID), noop)
}

// Loose only logs the mismatch.
func (s *Svc) Loose(ctx context.Context, u User, tenantID string) error { // want Loose:"param 2 reaches tenantdb.WithTenant"
	if u.TenantID != tenantID {
		println("tenant mismatch")
	}
	return tenantdb.WithTenant(ctx, pool, tenant.MustParse(tenantID), noop)
}

func callsService(w http.ResponseWriter, r *http.Request, s *Svc) {
	u := sessionUser(r)
	_ = s.Get(r.Context(), u, r.Header.Get("X-Tenant-ID"))
	_ = s.Loose(r.Context(), u, r.Header.Get("X-Tenant-ID")) // want `tenant from header "X-Tenant-ID" reaches tenantdb.WithTenant through \(\*inline.Svc\).Loose \(param 2\)`
}

// A sanitiser cleans a path segment; it does not verify the tenant.
func sanitised(w http.ResponseWriter, r *http.Request) {
	name := filepath.Base(r.Header.Get("X-Tenant-ID"))
	_, _ = os.Open(filepath.Join("/exports", name))                                                          // want `tenant from header "X-Tenant-ID" reaches filepath.Join without verification`
	_ = tenantdb.WithTenant(r.Context(), pool, tenant.MustParse(url.PathEscape(r.PathValue("orgId"))), noop) // want `tenant from path parameter "orgId" reaches tenantdb.WithTenant`
}

// A sanitised file name under the verified tenant's directory is fine.
func sanitisedUnderVerified(w http.ResponseWriter, r *http.Request) {
	tc, ok := tenant.FromContext(r.Context())
	if !ok {
		return
	}
	_, _ = os.Open(filepath.Join("/exports", tc.TenantID.String(), filepath.Base(r.URL.Query().Get("file"))))
}
