package api

import (
	"net/http"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/notes/leaky/internal/apigen"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

// Generated implements the generated server interface.
type Generated struct {
	Pool *pgxpool.Pool
}

var _ apigen.ServerInterface = (*Generated)(nil)

// ListProjects scopes by the org_id query parameter the generated wrapper bound.
func (g *Generated) ListProjects(w http.ResponseWriter, r *http.Request, params apigen.ListProjectsParams) {
	if params.OrgId == nil {
		http.Error(w, "org_id is required", http.StatusBadRequest)
		return
	}
	id, err := tenant.Parse(*params.OrgId)
	if err != nil {
		http.Error(w, "bad org", http.StatusBadRequest)
		return
	}
	_ = tenantdb.WithTenantReadOnly(r.Context(), g.Pool, id, func(tx pgx.Tx) error {
		_, err := tx.Exec(r.Context(), "SELECT id, name FROM projects ORDER BY name")
		return err
	})
}
