package mw // want package:`echo string "tenant" holds query parameter "tenant"; gin string "tenant_id" holds header "X-Tenant-ID"`

// The middleware stores a claim in gin's and echo's request store under one key, and the verified
// tenant under another.

import (
	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

// TenantKey is the key the handlers read the claimed tenant under.
const TenantKey = "tenant_id"

func Tenant() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Set(TenantKey, c.GetHeader("X-Tenant-ID"))
		c.Next()
	}
}

// Auth stores the tenant the auth middleware resolved: no claim.
func Auth() gin.HandlerFunc {
	return func(c *gin.Context) {
		if tc, ok := tenant.FromContext(c.Request.Context()); ok {
			c.Set("verified_tenant", tc.TenantID.String())
		}
		c.Next()
	}
}

func EchoTenant(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Set("tenant", c.QueryParam("tenant"))
		return next(c)
	}
}
