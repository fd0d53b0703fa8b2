// Package app's handlers read the tenant back from the logging key.
package app

import (
	"fmt"
	"net/http"

	"heldout/ctxlog/logkeys"
	"heldout/ctxlog/mw"
	"heldout/ctxlog/store"
)

type App struct{ st *store.Store }

func (a *App) Routes(m *http.ServeMux) {
	m.Handle("GET /devices/count", mw.Tenant(http.HandlerFunc(a.count)))
	m.Handle("GET /devices/mine", mw.User(http.HandlerFunc(a.countMine)))
}

func (a *App) count(w http.ResponseWriter, r *http.Request) {
	tenantID, _ := r.Context().Value(logkeys.TenantIDContextKey).(string)
	n, _ := a.st.CountDevices(r.Context(), tenantID) // want `tenant from header "X-Tenant-ID" \(read back from the context key TenantIDContextKey\) reaches the tenant placeholder \$1 of \(\*pgxpool.Pool\).QueryRow through \(\*store.Store\).CountDevices \(param 1\) without verification`
	fmt.Fprint(w, n)
}

func (a *App) countMine(w http.ResponseWriter, r *http.Request) {
	tenantID, _ := r.Context().Value(logkeys.UserIDContextKey).(string)
	n, _ := a.st.CountDevices(r.Context(), tenantID)
	fmt.Fprint(w, n)
}
