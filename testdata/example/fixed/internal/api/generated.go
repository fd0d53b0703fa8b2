package api

import (
	"net/http"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/notes/fixed/internal/apigen"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

// Generated implements the generated server interface.
type Generated struct {
	Pool *pgxpool.Pool
}

var _ apigen.ServerInterface = (*Generated)(nil)

// ListProjects refuses an org_id that is not the verified tenant and scopes by the latter.
func (g *Generated) ListProjects(w http.ResponseWriter, r *http.Request, params apigen.ListProjectsParams) {
	tc, ok := tenant.FromContext(r.Context())
	if !ok {
		http.Error(w, "no tenant", http.StatusUnauthorized)
		return
	}
	if params.OrgId != nil && *params.OrgId != tc.TenantID.String() {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	_ = tenantdb.WithTenantReadOnly(r.Context(), g.Pool, tc.TenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(r.Context(), "SELECT id, name FROM projects ORDER BY name")
		return err
	})
}
