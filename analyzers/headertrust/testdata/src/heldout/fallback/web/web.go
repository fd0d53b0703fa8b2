package web // want package:`const heldout/fallback/web.TenantIDKey holds header "X-Tenant-ID"; const heldout/fallback/web.TenantIDKey holds query parameter "tenant_id"` package:`\(\*web.Handlers\).list hands header "X-Tenant-ID" \(read back from the context key TenantIDKey\) \(web.go:60\) to svc.TemplateRepository.ListByTenant param 1 via \(\*svc.TemplateService\).List; \(\*web.Handlers\).list hands query parameter "tenant_id" \(read back from the context key TenantIDKey\) \(web.go:60\) to svc.TemplateRepository.ListByTenant param 1 via \(\*svc.TemplateService\).List`

// web resolves the tenant from a header with a query-string fallback and serves templates.

// Held-out shape (tomsebastiantom/noti internal/shared/middleware/tenantid.go): X-Tenant-ID,
// else ?tenant_id=, stored under a typed key; a getter reads it back for the handlers, which pass
// it to a service whose repository is an interface-typed field.

import (
	"context"
	"encoding/json"
	"log"
	"net/http"

	"heldout/fallback/svc"

	"github.com/tenantvet/tenantvet/runtime/tenant"
)

type contextKey string

const TenantIDKey contextKey = "tenantID"

func WithTenantID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tenantID := r.Header.Get("X-Tenant-ID")
		if tenantID == "" {
			tenantID = r.URL.Query().Get("tenant_id")
		}
		if tenantID == "" {
			http.Error(w, "Tenant ID is required", http.StatusBadRequest)
			return
		}
		ctx := context.WithValue(r.Context(), TenantIDKey, tenantID) // want `tenant from header "X-Tenant-ID" reaches the request context` `tenant from query parameter "tenant_id" reaches the request context`
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func TenantIDFrom(ctx context.Context) string { // want TenantIDFrom:`returns header "X-Tenant-ID" \(read back from the context key TenantIDKey\); returns query parameter "tenant_id"`
	id, _ := ctx.Value(TenantIDKey).(string)
	return id
}

type Handlers struct{ templates *svc.TemplateService }

func NewHandlers(t *svc.TemplateService) *Handlers { return &Handlers{templates: t} }

func (h *Handlers) Routes(m *http.ServeMux) {
	m.Handle("GET /templates", WithTenantID(http.HandlerFunc(h.list)))
	m.Handle("GET /templates/checked", WithTenantID(http.HandlerFunc(h.listChecked)))
	m.Handle("GET /templates/mine", WithTenantID(http.HandlerFunc(h.listMine)))
}

// list hands the claim to the service. Not reported here: the repository behind
// svc.TemplateRepository is implemented in a package that imports svc, which neither svc nor
// web import, so the claim is recorded in the package fact and reported where cmd/server
// converts the repository to the interface (the middleware's store into the context is
// reported here too).
func (h *Handlers) list(w http.ResponseWriter, r *http.Request) {
	ts, _ := h.templates.List(r.Context(), TenantIDFrom(r.Context()))
	_ = json.NewEncoder(w).Encode(ts)
}

// listChecked compares the claim with the signed-in user's tenant and leaves on a mismatch.
func (h *Handlers) listChecked(w http.ResponseWriter, r *http.Request) {
	claim := TenantIDFrom(r.Context())
	tc, ok := tenant.FromContext(r.Context())
	if !ok || tc.TenantID.String() != claim {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	ts, _ := h.templates.List(r.Context(), claim)
	_ = json.NewEncoder(w).Encode(ts)
}

// listMine only logs the claim; the service is given the signed-in user's tenant.
func (h *Handlers) listMine(w http.ResponseWriter, r *http.Request) {
	log.Printf("tenant header: %s", TenantIDFrom(r.Context()))
	tc, ok := tenant.FromContext(r.Context())
	if !ok {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	ts, _ := h.templates.List(r.Context(), tc.TenantID.String())
	_ = json.NewEncoder(w).Encode(ts)
}
