// Package routes registers handlers whose route makes a generically named parameter the tenant.
package routes

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/gorilla/mux"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/labstack/echo/v4"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

type Server struct{ pool *pgxpool.Pool }

type Tenant struct{ Name string }

func noop(pgx.Tx) error { return nil }

// IsMember is configured as a verifier (-verifiers).
func IsMember(ctx context.Context, tenantID string) bool { return false }

// GetTenant reads the tenant row itself.
func (s *Server) GetTenant(ctx context.Context, id string) (Tenant, error) { // want GetTenant:`param 1 reaches the tenant placeholder \$1 of \(\*pgxpool.Pool\).QueryRow`
	var t Tenant
	err := s.pool.QueryRow(ctx, "SELECT name FROM tenants WHERE id = $1", id).Scan(&t.Name)
	return t, err
}

func (s *Server) Routes(m *http.ServeMux, r chi.Router, g *gin.Engine, e *echo.Echo, gm *mux.Router) {
	m.HandleFunc("GET /orgs/{id}", s.getOrg)
	m.HandleFunc("GET /orgs/{id}/settings", s.getOrgChecked)
	m.HandleFunc("GET /notes/{id}", s.getNote)
	m.Handle("GET /tenants/{tid}/usage", http.HandlerFunc(s.usage))
	r.Get("/tenants/{tenantRef}", s.chiTenant)
	g.GET("/organizations/:id", s.ginOrg)
	g.GET("/projects/:id", s.ginProject)
	e.GET("/workspaces/:ws", s.echoWorkspace)
	gm.HandleFunc("/accounts/{id:[0-9a-f-]+}", s.muxAccount).Methods("GET")
}

func (s *Server) getOrg(w http.ResponseWriter, r *http.Request) {
	_, _ = s.GetTenant(r.Context(), r.PathValue("id")) // want `tenant from path parameter "id" of route "GET /orgs/\{id\}" reaches the tenant placeholder \$1 of \(\*pgxpool.Pool\).QueryRow through \(\*routes.Server\).GetTenant \(param 1\) without verification`
}

// getOrgChecked checks membership of the org in the path first.
func (s *Server) getOrgChecked(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !IsMember(r.Context(), id) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	_, _ = s.GetTenant(r.Context(), id)
}

// getNote's id is a note's: its route is no tenant's.
func (s *Server) getNote(w http.ResponseWriter, r *http.Request) {
	tc, _ := tenant.FromContext(r.Context())
	_, _ = s.pool.Query(r.Context(), "SELECT body FROM notes WHERE tenant_id = $1 AND id = $2", tc.TenantID.String(), r.PathValue("id"))
	_, _ = s.GetTenant(r.Context(), tc.TenantID.String())
}

func (s *Server) usage(w http.ResponseWriter, r *http.Request) {
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(r.PathValue("tid")), noop) // want `tenant from path parameter "tid" of route "GET /tenants/\{tid\}/usage" reaches tenantdb.WithTenant`
}

func (s *Server) chiTenant(w http.ResponseWriter, r *http.Request) {
	_, _ = s.GetTenant(r.Context(), chi.URLParam(r, "tenantRef")) // want `tenant from path parameter "tenantRef" of route "/tenants/\{tenantRef\}" reaches`
}

func (s *Server) ginOrg(c *gin.Context) {
	_, _ = s.GetTenant(c.Request.Context(), c.Param("id")) // want `tenant from path parameter "id" of route "/organizations/:id" reaches`
}

func (s *Server) ginProject(c *gin.Context) {
	tc, _ := tenant.FromContext(c.Request.Context())
	_, _ = s.pool.Query(c.Request.Context(), "SELECT name FROM projects WHERE tenant_id = $1 AND id = $2", tc.TenantID.String(), c.Param("id"))
}

func (s *Server) echoWorkspace(c echo.Context) error {
	return tenantdb.WithTenant(c.Request().Context(), s.pool, tenant.MustParse(c.Param("ws")), noop) // want `tenant from path parameter "ws" of route "/workspaces/:ws" reaches tenantdb.WithTenant`
}

func (s *Server) muxAccount(w http.ResponseWriter, r *http.Request) {
	vars := mux.Vars(r)
	_, _ = s.GetTenant(r.Context(), vars["id"]) // want `tenant from path parameter "id" of route "/accounts/\{id:\[0-9a-f-\]\+\}" reaches`
}

// notRegistered reads "id" but no route names it a tenant.
func (s *Server) notRegistered(w http.ResponseWriter, r *http.Request) { // want notRegistered:`path parameter "id" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(r.PathValue("id")), noop)
}
