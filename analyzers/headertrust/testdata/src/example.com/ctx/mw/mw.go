package mw // want package:`const example.com/ctx/keys.orgKey holds header "X-Org-ID"; var example.com/ctx/keys.ProjectKey holds header "X-Workspace-ID"; var example.com/ctx/mw.scopeKey holds query parameter "tenant"`

// The middleware stores a claim under one key and the verified tenant under another.

import (
	"context"
	"net/http"

	"example.com/ctx/keys"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

type scope struct{}

var scopeKey = scope{}

func Tenant(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := keys.WithOrg(r.Context(), r.Header.Get("X-Org-ID"))
		ctx = context.WithValue(ctx, keys.ProjectKey, r.Header.Get("X-Workspace-ID"))
		ctx = context.WithValue(ctx, scopeKey, r.URL.Query().Get("tenant"))
		if tc, ok := tenant.FromContext(r.Context()); ok {
			ctx = keys.WithSession(ctx, tc.TenantID.String())
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// Scope reads back what Tenant stored: the claim.
func Scope(ctx context.Context) string { // want Scope:`returns query parameter "tenant" \(read back from the context key scopeKey\)`
	s, _ := ctx.Value(scopeKey).(string)
	return s
}
