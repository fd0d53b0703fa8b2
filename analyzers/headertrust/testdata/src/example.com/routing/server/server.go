// Package server registers the handlers of another package for routes.
package server

import (
	"net/http"

	"example.com/routing/handlers"
	"github.com/gin-gonic/gin"
)

func Routes(m *http.ServeMux, g *gin.Engine) {
	m.HandleFunc("GET /orgs/{id}", handlers.GetOrg)  // want `tenant from path parameter "id" of route "GET /orgs/\{id\}" reaches tenantdb.WithTenant through handlers.GetOrg without verification`
	m.HandleFunc("GET /notes/{id}", handlers.GetOrg) // no tenant route
	m.HandleFunc("GET /orgs/{id}/x", handlers.GetOrgChecked)
	h := &handlers.Gin{}
	g.GET("/workspaces/:ws", h.Workspace) // want `tenant from path parameter "ws" of route "/workspaces/:ws" reaches tenantdb.WithTenant through \(\*handlers.Gin\).Workspace -> handlers.scope without verification`
}
