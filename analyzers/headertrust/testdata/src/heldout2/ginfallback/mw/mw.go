// Package mw resolves the request's tenant for gin handlers.
//
// Held-out shape (a gin TenantMiddleware returned by the code index, repository not named): the
// tenant an auth middleware set is read with c.GetString("tenant_id"); when it is empty the
// middleware falls back to the X-Tenant-ID header (then X-Vendor-ID) and stores the result
// under the same key for the handlers.
package mw

import (
	"github.com/gin-gonic/gin"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

// Tenant falls back to the client's headers when no verified tenant was set.
func Tenant() gin.HandlerFunc {
	return func(c *gin.Context) {
		tenantID := c.GetString("tenant_id")
		if tenantID == "" {
			tenantID = c.GetHeader("X-Tenant-ID")
		}
		if tenantID == "" {
			tenantID = c.GetHeader("X-Vendor-ID")
		}
		if tenantID == "" {
			c.AbortWithStatus(400)
			return
		}
		c.Set("tenant_id", tenantID) // want `tenant from header "X-Tenant-ID" reaches the gin context \(c.Set key "tenant_id"\) without verification`
		c.Next()
	}
}

// VerifiedTenant stores the signed-in user's tenant and rejects requests without one.
func VerifiedTenant() gin.HandlerFunc {
	return func(c *gin.Context) {
		tc, ok := tenant.FromContext(c.Request.Context())
		if !ok {
			c.AbortWithStatus(401)
			return
		}
		c.Set("verified_tenant_id", tc.TenantID.String())
		c.Next()
	}
}
