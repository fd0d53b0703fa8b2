// Package orgparam serves an organisation named in the path.
//
// Held-out shape (rotationalio/ensign pkg/tenant/organizations.go, OrganizationDetail): the
// handler takes the organisation from the verified claims, parses c.Param("orgID"), answers 404
// unless the parsed id equals the claim's, and then passes the raw path string on. The leaky
// twin skips the comparison.
package orgparam

import (
	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

var Pool *pgxpool.Pool

func OrganizationDetail(c *gin.Context) {
	tc, ok := tenant.FromContext(c.Request.Context())
	if !ok {
		c.AbortWithStatus(401)
		return
	}
	paramID := c.Param("orgID")
	orgID, err := uuid.Parse(paramID)
	if err != nil {
		c.AbortWithStatus(400)
		return
	}
	if tc.TenantID.String() != orgID.String() {
		c.AbortWithStatus(404)
		return
	}
	var name string
	_ = Pool.QueryRow(c.Request.Context(), "SELECT name FROM tenants WHERE id = $1", paramID).Scan(&name)
	c.JSON(200, name)
}

func OrganizationDetailUnchecked(c *gin.Context) {
	paramID := c.Param("orgID")
	if _, err := uuid.Parse(paramID); err != nil {
		c.AbortWithStatus(400)
		return
	}
	var name string
	_ = Pool.QueryRow(c.Request.Context(), "SELECT name FROM tenants WHERE id = $1", paramID).Scan(&name) // want `tenant from path parameter "orgID" reaches the tenant placeholder \$1 of \(\*pgxpool\.Pool\)\.QueryRow without verification`
	c.JSON(200, name)
}

func Routes(r *gin.Engine) {
	r.GET("/v1/organizations/:orgID", OrganizationDetail)
	r.GET("/v2/organizations/:orgID", OrganizationDetailUnchecked)
}
