// Package server gives the routers of package routes their prefixes.
package server

import (
	"example.com/groups/routes"
	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
)

func Routes(r chi.Router, g *gin.Engine, a *routes.API) {
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
}

// Mount hands its router on to package routes: its callers decide the prefix.
func Mount(r chi.Router, a *routes.API) { // want Mount:`param 0 routes "/users" to \(\*routes.API\).users reading "id"; param 0 routes "/billing" to \(\*routes.API\).billing reading "id"`
	a.RegisterChi(r)
}
