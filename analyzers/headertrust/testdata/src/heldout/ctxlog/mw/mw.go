package mw // want package:`const heldout/ctxlog/logkeys.TenantIDContextKey holds header "X-Tenant-ID"`

// mw copies the tenant header into the request context.

import (
	"context"
	"net/http"

	"heldout/ctxlog/logkeys"

	"github.com/tenantvet/tenantvet/runtime/tenant"
)

const TenantIDHeaderName string = "X-Tenant-ID"

// Tenant stores the client's claim under the logging key.
func Tenant(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tenantID := r.Header.Get(TenantIDHeaderName)
		ctx := context.WithValue(r.Context(), logkeys.TenantIDContextKey, tenantID) // want `tenant from header "X-Tenant-ID" reaches the request context \(context.WithValue key "tenant-id"\) without verification`
		r = r.WithContext(ctx)
		next.ServeHTTP(w, r)
	})
}

// User stores the signed-in user's verified tenant under the other key.
func User(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tc, ok := tenant.FromContext(r.Context())
		if !ok {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		ctx := context.WithValue(r.Context(), logkeys.UserIDContextKey, tc.TenantID.String())
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
