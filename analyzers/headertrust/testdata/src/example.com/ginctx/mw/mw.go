package mw // want package:`echo string "claimed_ref" holds query parameter "tenant"; gin string "claimed_ref" holds header "X-Tenant-ID"; gin string "org_ref" holds query parameter "org"`

// The middleware stores a claim in gin's and echo's request store under one key, and the verified
// tenant under another.

import (
	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/labstack/echo/v4"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

// TenantKey is a tenant key: a claim stored under it is reported at the store, once, not again
// in the handlers that read it back.
const TenantKey = "tenant_id"

// ClaimKey names no tenant: a claim stored under it is a claim where the handlers read it back.
const ClaimKey = "claimed_ref"

func Tenant() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Set(TenantKey, c.GetHeader("X-Tenant-ID")) // want `tenant from header "X-Tenant-ID" reaches the gin context \(c.Set key "tenant_id"\) without verification`
		c.Next()
	}
}

func Claimed() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Set(ClaimKey, c.GetHeader("X-Tenant-ID"))
		c.Next()
	}
}

// Checked stores the claim only once it matched the signed-in user's tenant: verified, no finding.
func Checked() gin.HandlerFunc {
	return func(c *gin.Context) {
		tc, ok := tenant.FromContext(c.Request.Context())
		if !ok {
			c.AbortWithStatus(401)
			return
		}
		id := tenant.MustParse(c.GetHeader("X-Tenant-ID"))
		if id != tc.TenantID {
			c.AbortWithStatus(403)
			return
		}
		c.Set(TenantKey, id)
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
		c.Set("tenant", c.QueryParam("tenant")) // want `tenant from query parameter "tenant" reaches the echo context \(c.Set key "tenant"\) without verification`
		c.Set(ClaimKey, c.QueryParam("tenant"))
		return next(c)
	}
}

// setOrg stores what it is given: a caller storing a claim through it stores a claim.
func setOrg(c *gin.Context, v string) { // want setOrg:`param 1 is stored in the gin context \(c.Set key "org_ref"\)`
	c.Set("org_ref", v)
}

func Org() gin.HandlerFunc {
	return func(c *gin.Context) {
		setOrg(c, c.Query("org"))
		c.Next()
	}
}

type Server struct{ pool *pgxpool.Pool }

func noop(pgx.Tx) error { return nil }

// samePackage reads back the claim Org stored through setOrg in this package.
func (s *Server) samePackage(c *gin.Context) {
	_ = tenantdb.WithTenant(c.Request.Context(), s.pool, tenant.MustParse(c.GetString("org_ref")), noop) // want `tenant from query parameter "org" \(read back from the gin context key "org_ref"\) reaches tenantdb.WithTenant`
}
