// Package impl implements the generated ServerInterface in another package than the wrapper.
package impl

import (
	"context"
	"net/http"

	"example.com/gen/api"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

func noop(pgx.Tx) error { return nil }

// Verify checks membership (configured with -verifiers).
func Verify(ctx context.Context, claim string) error { return nil }

// Server trusts the bound parameters.
type Server struct{ pool *pgxpool.Pool }

var _ api.ServerInterface = (*Server)(nil)

func (s *Server) ListProjects(w http.ResponseWriter, r *http.Request, params api.ListProjectsParams) {
	if params.TenantId != nil {
		_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(*params.TenantId), noop) // want `tenant from query parameter "tenant_id" reaches tenantdb.WithTenant without verification`
	}
	if params.XOrgID != nil {
		_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(*params.XOrgID), noop) // want `tenant from header "X-Org-ID" reaches tenantdb.WithTenant without verification`
	}
	if params.Cursor != nil {
		_, _ = s.pool.Query(r.Context(), "SELECT id FROM projects WHERE tenant_id = $1 AND id > $2", tenantOf(r), *params.Cursor)
	}
}

func tenantOf(r *http.Request) string {
	tc, _ := tenant.FromContext(r.Context())
	return tc.TenantID.String()
}

func (s *Server) GetOrg(w http.ResponseWriter, r *http.Request, orgId string) { // want GetOrg:"param 2 reaches tenantdb.WithTenant"
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(orgId), noop) // want `tenant from path parameter "orgId" reaches tenantdb.WithTenant without verification`
}

func (s *Server) GetNote(w http.ResponseWriter, r *http.Request, noteId string) { // want GetNote:"param 2 reaches the tenant placeholder"
	// noteId is no claim of a tenant: the generated wrapper binds it from a note's path.
	_, _ = s.pool.Query(r.Context(), "SELECT id FROM notes WHERE tenant_id = $1", noteId)
}

// Checked verifies the bound claims before it scopes by them.
type Checked struct{ pool *pgxpool.Pool }

var _ api.ServerInterface = (*Checked)(nil)

func (s *Checked) ListProjects(w http.ResponseWriter, r *http.Request, params api.ListProjectsParams) {
	if params.TenantId == nil {
		return
	}
	if err := Verify(r.Context(), *params.TenantId); err != nil {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(*params.TenantId), noop)
}

func (s *Checked) GetOrg(w http.ResponseWriter, r *http.Request, orgId string) {
	tc, ok := tenant.FromContext(r.Context())
	if !ok || tc.TenantID.String() != orgId {
		http.Error(w, "not a member", http.StatusForbidden)
		return
	}
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(orgId), noop)
}

func (s *Checked) GetNote(w http.ResponseWriter, r *http.Request, noteId string) {}
