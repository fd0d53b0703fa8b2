// Package controllers serves organisations and their projects with gin.
//
// Held-out shape (shashimalcse/Cronuseo routes and controllers): the routes package groups
// "/orgs" and registers "/:id" for these handlers, which read c.Param("id").
package controllers

import (
	"context"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

var Pool *pgxpool.Pool

type Org struct{ Name string }

func getOrg(ctx context.Context, id string) (o Org, err error) { // want getOrg:`param 1 reaches the tenant placeholder \$1`
	err = Pool.QueryRow(ctx, "SELECT name FROM tenants WHERE id = $1", id).Scan(&o.Name)
	return o, err
}

func GetOrganization(c *gin.Context) { // want GetOrganization:`path parameter "id" reaches the tenant placeholder \$1 of \(\*pgxpool.Pool\).QueryRow via controllers.getOrg`
	org, err := getOrg(c.Request.Context(), c.Param("id"))
	if err != nil {
		c.AbortWithStatus(404)
		return
	}
	c.JSON(200, org)
}

func DeleteOrganization(c *gin.Context) { // want DeleteOrganization:`path parameter "id" reaches the tenant placeholder \$1 of \(\*pgxpool.Pool\).Exec`
	_, _ = Pool.Exec(c.Request.Context(), "DELETE FROM tenants WHERE id = $1", c.Param("id"))
}

// GetOrganizationChecked only serves the signed-in user's own organisation.
func GetOrganizationChecked(c *gin.Context) {
	id := c.Param("id")
	tc, ok := tenant.FromContext(c.Request.Context())
	if !ok || tc.TenantID.String() != id {
		c.AbortWithStatus(403)
		return
	}
	org, _ := getOrg(c.Request.Context(), id)
	c.JSON(200, org)
}

// GetProject's id is a project's, not a tenant's.
func GetProject(c *gin.Context) {
	var name string
	_ = Pool.QueryRow(c.Request.Context(), "SELECT name FROM projects WHERE id = $1", c.Param("id")).Scan(&name)
	c.JSON(200, name)
}
