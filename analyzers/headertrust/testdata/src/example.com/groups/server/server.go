// Package server gives the routers of package routes their prefixes.
package server

import (
	"net/http"

	"example.com/groups/routes"
	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/gorilla/mux"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

func Routes(r chi.Router, g *gin.Engine, m *mux.Router, a *routes.API) {
	r.Route("/tenants/{id}", func(r chi.Router) {
		a.RegisterChi(r) // want `tenant from path parameter "id" of route "/tenants/\{id\}/users" reaches tenantdb.WithTenant through \(\*routes.API\).users without verification` `path parameter "id" of route "/tenants/\{id\}/billing" reaches`
	})
	r.Route("/projects/{id}", func(r chi.Router) {
		a.RegisterChi(r) // a project's routes
	})
	sub := chi.NewRouter()
	a.RegisterChi(sub) // want `path parameter "id" of route "/orgs/\{id\}/users" reaches` `path parameter "id" of route "/orgs/\{id\}/billing" reaches`
	r.Mount("/orgs/{id}", sub)
	r.Mount("/workspaces/{id}", a.Router()) // want `path parameter "id" of route "/workspaces/\{id\}/usage" reaches tenantdb.WithTenant through \(\*routes.API\).usage`
	r.Mount("/notes/{id}", a.Router())
	routes.RegisterGin(g.Group("/organizations/:id"), a) // want `path parameter "id" of route "/organizations/:id/members" reaches`
	routes.RegisterGin(g.Group("/projects/:id"), a)
	r.Route("/tenants", func(r chi.Router) {
		a.RegisterIDs(r) // want `path parameter "id" of route "/tenants/\{id\}" reaches tenantdb.WithTenant through \(\*routes.API\).byID`
	})
	r.Route("/notes", func(r chi.Router) {
		a.RegisterIDs(r)
	})
	r.Route("/accounts/{id}", func(r chi.Router) {
		a.MountOn(r) // want `path parameter "id" of route "/accounts/\{id\}/settings" reaches tenantdb.WithTenant through \(\*routes.API\).usage`
	})
	r.Route("/reports/{id}", func(r chi.Router) {
		a.MountOn(r)
	})
	a.RegisterMux(m.PathPrefix("/tenants/{id}").Subrouter()) // want `path parameter "id" of route "/tenants/\{id\}/users" reaches tenantdb.WithTenant through \(\*routes.API\).muxUsers`
	a.RegisterMux(m.PathPrefix("/reports/{id}").Subrouter())

	tenants := chi.NewRouter()
	tenants.Get("/users", tenantUsers)
	routes.MountTenant(r, tenants)
	projects := chi.NewRouter()
	projects.Get("/users", projectUsers)
	routes.MountProject(r, projects)
}

// Mount hands its router on to package routes: its callers decide the prefix.
func Mount(r chi.Router, a *routes.API) { // want Mount:`param 0 routes "/users" to \(\*routes.API\).users reading "id"; param 0 routes "/billing" to \(\*routes.API\).billing reading "id"`
	a.RegisterChi(r)
}

var pool *pgxpool.Pool

func noop(pgx.Tx) error { return nil }

func tenantUsers(w http.ResponseWriter, r *http.Request) {
	_ = tenantdb.WithTenant(r.Context(), pool, tenant.MustParse(chi.URLParam(r, "id")), noop) // want `tenant from path parameter "id" of route "/tenants/\{id\}/users" reaches tenantdb.WithTenant`
}

// projectUsers is mounted under a project's route.
func projectUsers(w http.ResponseWriter, r *http.Request) { // want projectUsers:`path parameter "id" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(r.Context(), pool, tenant.MustParse(chi.URLParam(r, "id")), noop)
}
