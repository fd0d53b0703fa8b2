package tenancy // want package:`const heldout2/getter/tenancy\.tenantContextKey holds header "X-Tenant-ID"`
// tenancy stores the tenant header in the context and hands it back with a comma-ok
// getter.
//
// Held-out shape (a tenancy package returned by the code index, repository not named):
// TenantMiddleware stores r.Header.Get("X-Tenant-ID") under an unexported key (400 when it is
// empty) and GetTenantID(r) (string, bool) reads it back for the handlers.

import (
	"context"
	"log"
	"net/http"
)

type contextKey string

const tenantContextKey contextKey = "tenantID"

func TenantMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tenantID := r.Header.Get("X-Tenant-ID")
		if tenantID == "" {
			log.Println("TenantMiddleware: Tenant ID is required")
			http.Error(w, "Tenant ID is required", http.StatusBadRequest)
			return
		}
		ctx := context.WithValue(r.Context(), tenantContextKey, tenantID) // want `tenant from header "X-Tenant-ID" reaches the request context \(context\.WithValue key "tenantID"\) without verification`
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// GetTenantID retrieves the tenant ID from the request context.
func GetTenantID(r *http.Request) (string, bool) { // want GetTenantID:`returns header "X-Tenant-ID" \(read back from the context key tenantContextKey\); returns the context value under const heldout2/getter/tenancy\.tenantContextKey`
	tenantID, ok := r.Context().Value(tenantContextKey).(string)
	return tenantID, ok
}
