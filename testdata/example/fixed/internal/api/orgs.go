package api

import (
	"context"
	"net/http"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

// Orgs serves the organisation pages. An organisation is a tenant.
type Orgs struct {
	Pool *pgxpool.Pool
}

// Routes registers the handlers: the {id} of /orgs/{id} is a tenant's id.
func (o *Orgs) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /orgs/{id}/notes", o.Notes)
	mux.Handle("GET /usage", o.selectOrg(http.HandlerFunc(o.Usage)))
}

// Notes answers 404 unless the organisation in the path is the verified tenant.
func (o *Orgs) Notes(w http.ResponseWriter, r *http.Request) {
	tc, ok := tenant.FromContext(r.Context())
	if !ok || r.PathValue("id") != tc.TenantID.String() {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	_ = tenantdb.WithTenantReadOnly(r.Context(), o.Pool, tc.TenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(r.Context(), "SELECT id, title FROM notes ORDER BY id")
		return err
	})
}

type selectionKey struct{}

// selectOrg remembers the verified tenant for the handlers behind it.
func (o *Orgs) selectOrg(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tc, ok := tenant.FromContext(r.Context())
		if !ok {
			http.Error(w, "no tenant", http.StatusUnauthorized)
			return
		}
		ctx := context.WithValue(r.Context(), selectionKey{}, tc.TenantID.String())
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func selectedOrg(ctx context.Context) string {
	s, _ := ctx.Value(selectionKey{}).(string)
	return s
}

// Usage scopes by the selected organisation, which only the verified tenant can be.
func (o *Orgs) Usage(w http.ResponseWriter, r *http.Request) {
	id, err := tenant.Parse(selectedOrg(r.Context()))
	if err != nil {
		http.Error(w, "no org", http.StatusBadRequest)
		return
	}
	_ = tenantdb.WithTenantReadOnly(r.Context(), o.Pool, id, func(tx pgx.Tx) error {
		_, err := tx.Exec(r.Context(), "SELECT count(*) FROM notes")
		return err
	})
}
