package api

import (
	"encoding/json"
	"net/http"

	"example.com/notes/leaky/internal/projects"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

// Projects serves projects through the service layer.
type Projects struct {
	Svc *projects.Service
}

// Get hands the X-Tenant-ID header to the service, which passes it through the repository
// interface into the tenant scope: the header picks whose project is read.
func (p *Projects) Get(w http.ResponseWriter, r *http.Request) {
	id, err := tenant.Parse(r.Header.Get("X-Tenant-ID"))
	if err != nil {
		http.Error(w, "bad tenant", http.StatusBadRequest)
		return
	}
	pr, err := p.Svc.Get(r.Context(), id, r.PathValue("id"))
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	_ = json.NewEncoder(w).Encode(pr)
}
