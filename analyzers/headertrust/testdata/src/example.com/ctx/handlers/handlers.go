// Package handlers reads the tenant back from the context.
package handlers

import (
	"net/http"

	"example.com/ctx/keys"
	"example.com/ctx/mw"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

func noop(pgx.Tx) error { return nil }

type H struct{ pool *pgxpool.Pool }

func (h *H) Routes(m *http.ServeMux) {
	m.Handle("GET /projects", mw.Tenant(http.HandlerFunc(h.list)))
}

func (h *H) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	_ = tenantdb.WithTenant(ctx, h.pool, tenant.MustParse(keys.Org(ctx)), noop) // want `tenant from header "X-Org-ID" \(read back from the context key orgKey\) reaches tenantdb.WithTenant without verification`
	p, _ := ctx.Value(keys.ProjectKey).(string)
	_ = tenantdb.WithTenant(ctx, h.pool, tenant.MustParse(p), noop)             // want `tenant from header "X-Workspace-ID" \(read back from the context key ProjectKey\) reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(ctx, h.pool, tenant.MustParse(mw.Scope(ctx)), noop) // want `tenant from query parameter "tenant" \(read back from the context key scopeKey\) reaches tenantdb.WithTenant`
	// The verified tenant the middleware stored is trusted.
	_ = tenantdb.WithTenant(ctx, h.pool, tenant.MustParse(keys.Session(ctx)), noop)
}

// checked compares the claim read back with the verified tenant first.
func (h *H) checked(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	org := keys.Org(ctx)
	if org != keys.Session(ctx) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	_ = tenantdb.WithTenant(ctx, h.pool, tenant.MustParse(org), noop)
}
