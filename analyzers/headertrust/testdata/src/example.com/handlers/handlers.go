package handlers

import (
	"net/http"

	"example.com/store"
	"github.com/tenantvet/tenantvet/runtime/jobs"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

type H struct {
	s      *store.Store
	signer *jobs.Signer
}

func (h *H) list(w http.ResponseWriter, r *http.Request) {
	_ = h.s.ListNotes(r.Context(), r.Header.Get("X-Tenant-ID"))          // want `tenant from header "X-Tenant-ID" reaches tenantdb.WithTenantReadOnly through \(\*store.Store\).ListNotes \(param 1\) without verification`
	_ = h.s.Load(r.Context(), "u", r.PathValue("tenantID"))              // want `tenant from path parameter "tenantID" reaches tenantdb.WithTenantReadOnly through \(\*store.Store\).Load \(param 2\)`
	_ = store.Enqueue(h.signer, tenant.MustParse(r.FormValue("org_id"))) // want `tenant from query parameter "org_id" reaches \(\*jobs.Signer\).Sign through store.Enqueue`
	_ = store.Export("/data", r.Header.Get("X-Tenant-ID"))               // want `tenant from header "X-Tenant-ID" reaches filepath.Join through store.Export`
}

func (h *H) viaResultFacts(w http.ResponseWriter, r *http.Request) { // want viaResultFacts:`path parameter "format" reaches filepath.Join via store.Export`
	_ = h.s.ListNotes(r.Context(), store.TenantFromHeader(r))        // want `tenant from header "X-Tenant-ID" reaches tenantdb.WithTenantReadOnly through`
	_ = store.Export("/data", store.Normalize(r.PathValue("orgId"))) // want `tenant from path parameter "orgId" reaches filepath.Join through store.Export`
	id, err := store.VerifiedTenant(r)
	if err != nil {
		return
	}
	_ = h.s.ListNotes(r.Context(), id.String())
	_ = store.Export("/data", store.Normalize(r.PathValue("format")))
}

func (h *H) safe(w http.ResponseWriter, r *http.Request) {
	tc, ok := tenant.FromContext(r.Context())
	if !ok {
		return
	}
	_ = h.s.ListNotes(r.Context(), tc.TenantID.String())
	_ = h.s.Checked(r.Context(), "u", r.Header.Get("X-Tenant-ID"))
	_ = h.s.ListNotes(r.Context(), r.Header.Get("X-Request-ID"))
	_ = store.Export("/data", r.URL.Query().Get("format"))
}

func (h *H) namedAcrossPackages(w http.ResponseWriter, r *http.Request) {
	_ = h.s.ListNotes(r.Context(), store.Header(r, "X-Tenant-ID")) // want `tenant from header "X-Tenant-ID" reaches tenantdb.WithTenantReadOnly through \(\*store.Store\).ListNotes`
	_ = h.s.ScopeByHeader(r, "X-Scope-OrgID")                      // want `tenant from header "X-Scope-OrgID" reaches tenantdb.WithTenant through \(\*store.Store\).ScopeByHeader \(param 1\)`
	_ = h.s.ListNotes(r.Context(), store.Header(r, "Accept"))
	_ = h.s.ScopeByHeader(r, "X-Request-ID")
}
