package api

import (
	"encoding/json"
	"net/http"

	"example.com/notes/fixed/internal/projects"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

// Projects serves projects through the service layer.
type Projects struct {
	Svc *projects.Service
}

// Get hands the verified tenant of the request context to the service.
func (p *Projects) Get(w http.ResponseWriter, r *http.Request) {
	tc, ok := tenant.FromContext(r.Context())
	if !ok {
		http.Error(w, "no tenant", http.StatusUnauthorized)
		return
	}
	pr, err := p.Svc.Get(r.Context(), tc.TenantID, r.PathValue("id"))
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	_ = json.NewEncoder(w).Encode(pr)
}
