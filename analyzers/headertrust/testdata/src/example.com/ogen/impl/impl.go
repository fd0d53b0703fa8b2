// Package impl implements an ogen Handler in another package than the generated decoders.
package impl

import (
	"context"

	"example.com/ogen/api"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

func noop(pgx.Tx) error { return nil }

// Verify checks membership (configured with -verifiers).
func Verify(ctx context.Context, claim string) error { return nil }

// Handler trusts the decoded parameters.
type Handler struct{ pool *pgxpool.Pool }

var _ api.Handler = (*Handler)(nil)

func (h *Handler) GetProject(ctx context.Context, params api.GetProjectParams) (*api.Project, error) {
	err := tenantdb.WithTenant(ctx, h.pool, tenant.MustParse(params.TenantID), noop) // want `tenant from query parameter "tenant_id" reaches tenantdb.WithTenant without verification`
	return nil, err
}

func (h *Handler) ListProjects(ctx context.Context, params api.ListProjectsParams) ([]api.Project, error) {
	_, err := h.pool.Query(ctx, "SELECT id FROM projects WHERE tenant_id = $1", params.XOrgID.String()) // want `tenant from header "X-Org-ID" reaches the tenant placeholder`
	if org, ok := params.OrgID.Get(); ok {
		_ = tenantdb.WithTenant(ctx, h.pool, tenant.MustParse(org), noop) // want `tenant from query parameter "org_id" reaches tenantdb.WithTenant without verification`
	}
	_ = tenantdb.WithTenant(ctx, h.pool, tenant.MustParse(params.OrgID.Or("")), noop) // want `tenant from query parameter "org_id" reaches tenantdb.WithTenant without verification`
	_ = tenantdb.WithTenant(ctx, h.pool, tenant.MustParse(params.OrgID.Value), noop)  // want `tenant from query parameter "org_id" reaches tenantdb.WithTenant without verification`
	return nil, err
}

func (h *Handler) GetNote(ctx context.Context, params api.GetNoteParams) (*api.Note, error) {
	_, err := h.pool.Query(ctx, "SELECT text FROM notes WHERE tenant_id = $1 AND id = $2", params.TenantID.String(), params.NoteID) // want `tenant from path parameter "tenantID" reaches the tenant placeholder`
	return nil, err
}

// NotTenant scopes by the verified tenant and uses the other parameters as what they are.
type NotTenant struct{ pool *pgxpool.Pool }

var _ api.Handler = (*NotTenant)(nil)

func (h *NotTenant) GetProject(ctx context.Context, params api.GetProjectParams) (*api.Project, error) {
	tc, ok := tenant.FromContext(ctx) // set by the SecurityHandler
	if !ok {
		return nil, context.Canceled
	}
	_, err := h.pool.Query(ctx, "SELECT id FROM projects WHERE tenant_id = $1 AND id = $2 AND id > $3", tc.TenantID.String(), params.ProjectID, params.Cursor)
	return nil, err
}

func (h *NotTenant) ListProjects(ctx context.Context, params api.ListProjectsParams) ([]api.Project, error) {
	tc, _ := tenant.FromContext(ctx)
	_, err := h.pool.Query(ctx, "SELECT id FROM projects WHERE tenant_id = $1 LIMIT $2", tc.TenantID.String(), params.PageSize)
	// Search is an optional value of the same type as OrgID, filled from a parameter that
	// names no tenant: it holds no claim, whatever it is used as.
	_ = tenantdb.WithTenant(ctx, h.pool, tenant.MustParse(params.Search.Or("")), noop)
	return nil, err
}

func (h *NotTenant) GetNote(ctx context.Context, params api.GetNoteParams) (*api.Note, error) {
	tc, _ := tenant.FromContext(ctx)
	_, err := h.pool.Query(ctx, "SELECT text FROM notes WHERE tenant_id = $1 AND id = $2", tc.TenantID.String(), params.NoteID)
	return nil, err
}

// Checked verifies the claims before it scopes by them.
type Checked struct{ pool *pgxpool.Pool }

var _ api.Handler = (*Checked)(nil)

func (h *Checked) GetProject(ctx context.Context, params api.GetProjectParams) (*api.Project, error) {
	if err := Verify(ctx, params.TenantID); err != nil {
		return nil, err
	}
	err := tenantdb.WithTenant(ctx, h.pool, tenant.MustParse(params.TenantID), noop)
	return nil, err
}

func (h *Checked) ListProjects(ctx context.Context, params api.ListProjectsParams) ([]api.Project, error) {
	tc, ok := tenant.FromContext(ctx)
	if !ok || tc.TenantID.String() != params.XOrgID.String() {
		return nil, context.Canceled
	}
	_, err := h.pool.Query(ctx, "SELECT id FROM projects WHERE tenant_id = $1", params.XOrgID.String())
	return nil, err
}

func (h *Checked) GetNote(ctx context.Context, params api.GetNoteParams) (*api.Note, error) {
	tc, ok := tenant.FromContext(ctx)
	if !ok || tc.TenantID.String() != params.TenantID.String() {
		return nil, context.Canceled
	}
	_, err := h.pool.Query(ctx, "SELECT text FROM notes WHERE tenant_id = $1 AND id = $2", params.TenantID.String(), params.NoteID)
	return nil, err
}

// Security is the application's SecurityHandler: it resolves the tenant from the token.
type Security struct {
	resolve func(token string) (tenant.Context, error)
}

func (s *Security) HandleBearerAuth(ctx context.Context, operationName api.OperationName, t api.BearerAuth) (context.Context, error) {
	tc, err := s.resolve(t.Token)
	if err != nil {
		return nil, err
	}
	return tenant.NewContext(ctx, tc), nil
}
