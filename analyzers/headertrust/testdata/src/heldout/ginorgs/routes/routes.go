// Package routes registers the organisation routes on a group.
package routes

import (
	"heldout/ginorgs/controllers"

	"github.com/gin-gonic/gin"
)

func OrganizationRoutes(router *gin.Engine) {
	orgRouter := router.Group("/orgs")
	orgRouter.GET("/:id", controllers.GetOrganization)       // want `tenant from path parameter "id" of route "/orgs/:id" reaches the tenant placeholder \$1 of \(\*pgxpool.Pool\).QueryRow through controllers.GetOrganization -> controllers.getOrg without verification`
	orgRouter.DELETE("/:id", controllers.DeleteOrganization) // want `tenant from path parameter "id" of route "/orgs/:id" reaches the tenant placeholder \$1 of \(\*pgxpool.Pool\).Exec through controllers.DeleteOrganization`
	orgRouter.GET("/:id/profile", controllers.GetOrganizationChecked)

	projects := router.Group("/projects")
	projects.GET("/:id", controllers.GetProject)
}
