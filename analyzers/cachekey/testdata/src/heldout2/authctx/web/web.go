// Package web's middleware stores the verified tenant in the shared variable.
package web

import (
	"net/http"
	"strconv"

	"github.com/tenantvet/tenantvet/runtime/tenant"

	"heldout2/authctx/contexto"
)

func Authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tc, ok := tenant.FromContext(r.Context())
		if !ok {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		tenantID, _ := strconv.ParseUint(tc.TenantID.String(), 10, 64)
		contexto.Current.TenantID = tenantID // MISSED (heldout2): a package variable assigned the tenant is not a cache the pass knows: only maps, sync.Map, LRUs, singleflight and a package variable filled under sync.Once are
		next.ServeHTTP(w, r)
	})
}

// AuthenticateInContext keeps the tenant in the request's own context.
func AuthenticateInContext(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := tenant.FromContext(r.Context()); !ok {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}
