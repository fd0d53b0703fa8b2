// Package api's handler lists the tenant's orders with the tenant the getter returns.
package api

import (
	"net/http"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/tenant"

	"heldout2/getter/tenancy"
)

var Pool *pgxpool.Pool

func Routes(m *http.ServeMux) {
	m.Handle("GET /orders", tenancy.TenantMiddleware(http.HandlerFunc(listOrders)))
	m.HandleFunc("GET /mine/orders", listMyOrders)
}

func listOrders(w http.ResponseWriter, r *http.Request) {
	tenantID, ok := tenancy.GetTenantID(r)
	if !ok {
		http.Error(w, "no tenant", http.StatusBadRequest)
		return
	}
	rows, err := Pool.Query(r.Context(), "SELECT id FROM orders WHERE tenant_id = $1", tenantID) // want `tenant from header "X-Tenant-ID" \(read back from the context key tenantContextKey\) reaches the tenant placeholder \$1 of \(\*pgxpool\.Pool\)\.Query without verification`
	if err == nil {
		rows.Close()
	}
}

func listMyOrders(w http.ResponseWriter, r *http.Request) {
	tc, ok := tenant.FromContext(r.Context())
	if !ok {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	rows, err := Pool.Query(r.Context(), "SELECT id FROM orders WHERE tenant_id = $1", tc.TenantID.String())
	if err == nil {
		rows.Close()
	}
}
