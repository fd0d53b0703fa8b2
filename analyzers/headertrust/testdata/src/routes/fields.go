package routes

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

// Fields keeps its routers in struct fields: one method stores a group, another registers on it.
type Fields struct {
	s        *Server
	router   chi.Router
	api      *gin.RouterGroup
	projects *gin.RouterGroup
	sub      chi.Router
}

func NewFields(s *Server, r chi.Router) *Fields {
	return &Fields{s: s, router: r}
}

func (f *Fields) Setup(g *gin.Engine) {
	f.api = g.Group("/orgs/:id")
	f.projects = g.Group("/projects/:id")
	f.sub = chi.NewRouter()
	f.router.Mount("/workspaces/{ws}", f.sub)
}

func (f *Fields) Register() {
	f.router.Route("/tenants/{id}", func(r chi.Router) {
		r.Get("/", f.s.fieldChiTenant)
	})
	f.router.Get("/accounts/{acct}", f.s.fieldChiAccount)
	f.api.GET("/members", f.s.fieldGinMembers)
	f.projects.GET("/members", f.s.fieldGinProject)
	f.sub.Get("/", f.s.fieldMounted)
}

// Groups is held by value: its methods read the group from a struct value.
type Groups struct {
	s    *Server
	orgs *gin.RouterGroup
	docs *gin.RouterGroup
}

func NewGroups(s *Server, g *gin.Engine) Groups {
	return Groups{s: s, orgs: g.Group("/organizations/:ref"), docs: g.Group("/docs/:ref")}
}

func (gs Groups) Register() {
	gs.orgs.GET("/usage", gs.s.fieldValueOrg)
	gs.docs.GET("", gs.s.fieldValueDoc)
}

func (s *Server) fieldChiTenant(w http.ResponseWriter, r *http.Request) {
	_, _ = s.GetTenant(r.Context(), chi.URLParam(r, "id")) // want `tenant from path parameter "id" of route "/tenants/\{id\}" reaches`
}

func (s *Server) fieldChiAccount(w http.ResponseWriter, r *http.Request) {
	_, _ = s.GetTenant(r.Context(), chi.URLParam(r, "acct")) // want `tenant from path parameter "acct" of route "/accounts/\{acct\}" reaches`
}

func (s *Server) fieldGinMembers(c *gin.Context) {
	_, _ = s.GetTenant(c.Request.Context(), c.Param("id")) // want `tenant from path parameter "id" of route "/orgs/:id/members" reaches`
}

// fieldGinProject's group, stored in another field, is a project's.
func (s *Server) fieldGinProject(c *gin.Context) { // want fieldGinProject:`path parameter "id" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(c.Request.Context(), s.pool, tenant.MustParse(c.Param("id")), noop)
}

func (s *Server) fieldMounted(w http.ResponseWriter, r *http.Request) {
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(chi.URLParam(r, "ws")), noop) // want `tenant from path parameter "ws" of route "/workspaces/\{ws\}" reaches tenantdb.WithTenant`
}

func (s *Server) fieldValueOrg(c *gin.Context) {
	_, _ = s.GetTenant(c.Request.Context(), c.Param("ref")) // want `tenant from path parameter "ref" of route "/organizations/:ref/usage" reaches`
}

// fieldValueDoc's group is a document's.
func (s *Server) fieldValueDoc(c *gin.Context) { // want fieldValueDoc:`path parameter "ref" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(c.Request.Context(), s.pool, tenant.MustParse(c.Param("ref")), noop)
}
