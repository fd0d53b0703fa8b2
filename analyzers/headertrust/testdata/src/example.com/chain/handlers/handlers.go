// Package handlers holds the HTTP handlers: the claim enters the service here.
package handlers

import (
	"net/http"

	"example.com/chain/svc"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

type H struct{ s *svc.Service }

func (h *H) project(w http.ResponseWriter, r *http.Request) {
	_, _ = h.s.GetProject(r.Context(), r.Header.Get("X-Tenant-ID"), r.PathValue("id")) // want `tenant from header "X-Tenant-ID" reaches the tenant placeholder \$1 of \(\*pgxpool.Pool\).QueryRow through \(\*svc.Service\).GetProject \(param 1\) -> \(\*repo.PG\).Get without verification`
	_, _ = h.s.Lookup(r.Context(), r.URL.Query().Get("org_id"))                        // want `tenant from query parameter "org_id" reaches .* through \(\*svc.Service\).Lookup \(param 1\) -> \(\*svc.Service\).GetProject -> \(\*repo.PG\).Get without verification`
}

func (h *H) safe(w http.ResponseWriter, r *http.Request) {
	tc, ok := tenant.FromContext(r.Context())
	if !ok {
		return
	}
	_, _ = h.s.GetProject(r.Context(), tc.TenantID.String(), r.PathValue("id"))
	_, _ = h.s.CheckedProject(r.Context(), r.Header.Get("X-Tenant-ID"), r.PathValue("id"))
	_, _ = h.s.Labels(r.Context(), r.Header.Get("X-Tenant-ID"))
}
