package uuidheader // want package:`const heldout2/uuidheader\.TenantIDKey holds header "X-Tenant-ID"`
// uuidheader parses the tenant header as a UUID before storing it in the context.
//
// Held-out shape (a net/http TenantID middleware returned by the code index, repository not
// named; it logs with zerolog): tenantID, err := uuid.Parse(r.Header.Get("X-Tenant-ID")), a 400
// when it does not parse, then context.WithValue(ctx, TenantIDKey, tenantID). A well-formed UUID
// is still the client's claim.

import (
	"context"
	"net/http"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

type contextKey string

const TenantIDKey contextKey = "tenant_id"

var Pool *pgxpool.Pool

func TenantID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw := r.Header.Get("X-Tenant-ID")
		if raw == "" {
			http.Error(w, "X-Tenant-ID header is required", http.StatusBadRequest)
			return
		}
		tenantID, err := uuid.Parse(raw)
		if err != nil {
			http.Error(w, "invalid tenant id", http.StatusBadRequest)
			return
		}
		ctx := context.WithValue(r.Context(), TenantIDKey, tenantID) // want `tenant from header "X-Tenant-ID" reaches the request context \(context\.WithValue key "tenant_id"\) without verification`
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// SignedInTenant stores the verified tenant under a key of its own.
const SignedInKey contextKey = "signed_in_tenant"

func SignedInTenant(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tc, ok := tenant.FromContext(r.Context())
		if !ok {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		ctx := context.WithValue(r.Context(), SignedInKey, tc.TenantID.String())
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func Routes(m *http.ServeMux) {
	m.Handle("GET /reports", TenantID(http.HandlerFunc(reports)))
	m.Handle("GET /mine/reports", SignedInTenant(http.HandlerFunc(myReports)))
}

func reports(w http.ResponseWriter, r *http.Request) {
	tenantID, _ := r.Context().Value(TenantIDKey).(uuid.UUID)
	rows, err := Pool.Query(r.Context(), "SELECT id FROM reports WHERE tenant_id = $1", tenantID.String()) // want `tenant from header "X-Tenant-ID" \(read back from the context key TenantIDKey\) reaches the tenant placeholder \$1 of \(\*pgxpool\.Pool\)\.Query without verification`
	if err == nil {
		rows.Close()
	}
}

func myReports(w http.ResponseWriter, r *http.Request) {
	tenantID, _ := r.Context().Value(SignedInKey).(string)
	rows, err := Pool.Query(r.Context(), "SELECT id FROM reports WHERE tenant_id = $1", tenantID)
	if err == nil {
		rows.Close()
	}
}
