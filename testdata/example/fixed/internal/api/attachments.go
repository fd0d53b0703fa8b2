package api

import (
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/tenantvet/tenantvet/runtime/tenant"
)

// Attachments serves the files tenants attach to notes, stored under Root/<tenant>/.
type Attachments struct {
	Root string
}

// headerValue reads the header its caller names; only correlation ids are read with it.
func headerValue(r *http.Request, name string) string {
	return strings.TrimSpace(r.Header.Get(name))
}

// Download builds the file path from the verified tenant of the request context, which only
// the resolver's middleware sets.
func (a *Attachments) Download(w http.ResponseWriter, r *http.Request) {
	slog.Info("download", "request_id", headerValue(r, "X-Request-ID"))
	tc, ok := tenant.FromContext(r.Context())
	if !ok {
		http.Error(w, "no tenant", http.StatusUnauthorized)
		return
	}
	http.ServeFile(w, r, filepath.Join(a.Root, tc.TenantID.String(), filepath.Base(r.PathValue("name"))))
}
