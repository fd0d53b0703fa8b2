package routes

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/labstack/echo/v4"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

// Groups registers handlers on route groups: the tenant parameter is in the group's prefix.
func (s *Server) Groups(r chi.Router, g *gin.Engine, e *echo.Echo) {
	r.Route("/tenants/{id}", func(r chi.Router) {
		r.Get("/", s.chiGroupTenant)
		r.Get("/checked", s.chiGroupChecked)
		r.With(func(h http.Handler) http.Handler { return h }).Get("/with", s.chiGroupWith)
		r.Route("/members", func(r chi.Router) {
			r.Get("/", s.chiNestedTenant)
		})
	})
	r.Route("/projects/{id}", func(r chi.Router) {
		r.Get("/", s.chiGroupProject)
	})
	r.Mount("/orgs/{ref}", s.orgRouter())
	sub := chi.NewRouter()
	sub.Get("/", s.chiMountedDirect)
	r.Mount("/workspaces/{ws}", sub)

	orgs := g.Group("/orgs/:id")
	orgs.GET("", s.ginGroupOrg)
	orgs.Group("/billing").GET("/invoices", s.ginNestedOrg)
	s.registerOrg(g.Group("/organizations/:ref"))
	tenants := g.Group("/tenants/:id")
	tenants.GET("/usage", s.ginGroupChecked)
	projects := g.Group("/projects/:id")
	projects.GET("", s.ginGroupProject)

	e.Group("/accounts/:acct").GET("", s.echoGroupAccount)
}

func (s *Server) orgRouter() http.Handler {
	r := chi.NewRouter()
	r.Get("/", s.chiMountedOrg)
	return r
}

func (s *Server) registerOrg(g *gin.RouterGroup) {
	g.GET("/settings", s.ginHandedOrg)
}

func (s *Server) chiGroupTenant(w http.ResponseWriter, r *http.Request) {
	_, _ = s.GetTenant(r.Context(), chi.URLParam(r, "id")) // want `tenant from path parameter "id" of route "/tenants/\{id\}" reaches`
}

// chiGroupChecked checks membership of the tenant in the group's prefix first.
func (s *Server) chiGroupChecked(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	if !IsMember(r.Context(), id) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	_, _ = s.GetTenant(r.Context(), id)
}

func (s *Server) chiGroupWith(w http.ResponseWriter, r *http.Request) {
	_, _ = s.GetTenant(r.Context(), chi.URLParam(r, "id")) // want `tenant from path parameter "id" of route "/tenants/\{id\}/with" reaches`
}

func (s *Server) chiNestedTenant(w http.ResponseWriter, r *http.Request) {
	_, _ = s.GetTenant(r.Context(), chi.URLParam(r, "id")) // want `tenant from path parameter "id" of route "/tenants/\{id\}/members" reaches`
}

// chiGroupProject's id is a project's: "/projects/{id}" is no tenant route. The parameter
// reaching a tenant sink is only a summary (a claim where some route makes it the tenant).
func (s *Server) chiGroupProject(w http.ResponseWriter, r *http.Request) { // want chiGroupProject:`path parameter "id" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(chi.URLParam(r, "id")), noop)
}

func (s *Server) chiMountedOrg(w http.ResponseWriter, r *http.Request) {
	_, _ = s.GetTenant(r.Context(), chi.URLParam(r, "ref")) // want `tenant from path parameter "ref" of route "/orgs/\{ref\}" reaches`
}

func (s *Server) chiMountedDirect(w http.ResponseWriter, r *http.Request) {
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(chi.URLParam(r, "ws")), noop) // want `tenant from path parameter "ws" of route "/workspaces/\{ws\}" reaches tenantdb.WithTenant`
}

func (s *Server) ginGroupOrg(c *gin.Context) {
	_, _ = s.GetTenant(c.Request.Context(), c.Param("id")) // want `tenant from path parameter "id" of route "/orgs/:id" reaches`
}

func (s *Server) ginNestedOrg(c *gin.Context) {
	_, _ = s.GetTenant(c.Request.Context(), c.Param("id")) // want `tenant from path parameter "id" of route "/orgs/:id/billing/invoices" reaches`
}

func (s *Server) ginHandedOrg(c *gin.Context) {
	_, _ = s.GetTenant(c.Request.Context(), c.Param("ref")) // want `tenant from path parameter "ref" of route "/organizations/:ref/settings" reaches`
}

// ginGroupProject's group is a project's, not a tenant's.
func (s *Server) ginGroupProject(c *gin.Context) { // want ginGroupProject:`path parameter "id" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(c.Request.Context(), s.pool, tenant.MustParse(c.Param("id")), noop)
}

func (s *Server) echoGroupAccount(c echo.Context) error {
	return tenantdb.WithTenant(c.Request().Context(), s.pool, tenant.MustParse(c.Param("acct")), noop) // want `tenant from path parameter "acct" of route "/accounts/:acct" reaches tenantdb.WithTenant`
}

// ginGroupChecked checks membership of the tenant in the group's prefix first.
func (s *Server) ginGroupChecked(c *gin.Context) {
	id := c.Param("id")
	if !IsMember(c.Request.Context(), id) {
		c.String(http.StatusForbidden, "forbidden")
		return
	}
	_, _ = s.GetTenant(c.Request.Context(), id)
}

// OrgGroup registers on the group it returns: the group keeps its own prefix.
func (s *Server) OrgGroup(g *gin.Engine) *gin.RouterGroup {
	api := g.Group("/orgs/:ref")
	api.GET("/audit", s.ginReturnedOrg)
	return api
}

func (s *Server) ginReturnedOrg(c *gin.Context) {
	_, _ = s.GetTenant(c.Request.Context(), c.Param("ref")) // want `tenant from path parameter "ref" of route "/orgs/:ref/audit" reaches`
}
