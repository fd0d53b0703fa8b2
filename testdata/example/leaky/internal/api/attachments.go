package api

import (
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
)

// Attachments serves the files tenants attach to notes, stored under Root/<tenant>/.
type Attachments struct {
	Root string
}

// headerValue reads the header its caller names. Called with "X-Org-ID" it returns the
// client's tenant claim, called with "X-Request-ID" a harmless correlation id.
func headerValue(r *http.Request, name string) string {
	return strings.TrimSpace(r.Header.Get(name))
}

// Download builds the file path from the X-Org-ID header: a user of one tenant downloads
// another tenant's attachments by changing the header.
func (a *Attachments) Download(w http.ResponseWriter, r *http.Request) {
	slog.Info("download", "request_id", headerValue(r, "X-Request-ID"))
	org := headerValue(r, "X-Org-ID")
	http.ServeFile(w, r, filepath.Join(a.Root, org, filepath.Base(r.PathValue("name"))))
}
