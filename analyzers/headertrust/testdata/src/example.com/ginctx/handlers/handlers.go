// Package handlers reads back what the middleware stored in gin's and echo's request store.
package handlers

import (
	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/labstack/echo/v4"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"

	"example.com/ginctx/mw"
)

type Server struct{ pool *pgxpool.Pool }

func noop(pgx.Tx) error { return nil }

func (s *Server) getString(c *gin.Context) {
	tid := c.GetString("tenant_id")
	_ = tenantdb.WithTenant(c.Request.Context(), s.pool, tenant.MustParse(tid), noop) // want `tenant from header "X-Tenant-ID" \(read back from the gin context key "tenant_id"\) reaches tenantdb.WithTenant`
}

func (s *Server) get(c *gin.Context) {
	v, _ := c.Get(mw.TenantKey)
	_ = tenantdb.WithTenant(c.Request.Context(), s.pool, tenant.MustParse(v.(string)), noop) // want `tenant from header "X-Tenant-ID" \(read back from the gin context key "tenant_id"\) reaches tenantdb.WithTenant`
}

func (s *Server) mustGet(c *gin.Context) {
	_ = tenantdb.WithTenant(c.Request.Context(), s.pool, tenant.MustParse(c.MustGet("tenant_id").(string)), noop) // want `tenant from header "X-Tenant-ID" \(read back from the gin context key "tenant_id"\) reaches tenantdb.WithTenant`
}

func (s *Server) value(c *gin.Context) {
	tid, _ := c.Value("tenant_id").(string)
	_ = tenantdb.WithTenant(c.Request.Context(), s.pool, tenant.MustParse(tid), noop) // want `tenant from header "X-Tenant-ID" \(read back from the gin context key "tenant_id"\) reaches tenantdb.WithTenant`
}

// tenantOf is a getter: what it returns is a claim exactly where a claim was stored.
func tenantOf(c *gin.Context) string { // want tenantOf:`returns header "X-Tenant-ID" \(read back from the gin context key "tenant_id"\); returns the context value under gin string "tenant_id"`
	return c.GetString("tenant_id")
}

func (s *Server) viaGetter(c *gin.Context) {
	_ = tenantdb.WithTenant(c.Request.Context(), s.pool, tenant.MustParse(tenantOf(c)), noop) // want `tenant from header "X-Tenant-ID" \(read back from the gin context key "tenant_id"\) reaches tenantdb.WithTenant`
}

// verified reads the tenant the auth middleware resolved: no claim was stored under its key.
func (s *Server) verified(c *gin.Context) {
	_ = tenantdb.WithTenant(c.Request.Context(), s.pool, tenant.MustParse(c.GetString("verified_tenant")), noop)
}

// unknown reads a key nothing is stored under.
func (s *Server) unknown(c *gin.Context) {
	_ = tenantdb.WithTenant(c.Request.Context(), s.pool, tenant.MustParse(c.GetString("tenant")), noop)
}

// echoTenant reads what the echo middleware stored.
func (s *Server) echoTenant(c echo.Context) error {
	tid, _ := c.Get("tenant").(string)
	return tenantdb.WithTenant(c.Request().Context(), s.pool, tenant.MustParse(tid), noop) // want `tenant from query parameter "tenant" \(read back from the echo context key "tenant"\) reaches tenantdb.WithTenant`
}

// echoVerified: echo's store under a key no claim is stored under in echo's store (gin's store
// holds one under it).
func (s *Server) echoVerified(c echo.Context) error {
	tid, _ := c.Get("tenant_id").(string)
	return tenantdb.WithTenant(c.Request().Context(), s.pool, tenant.MustParse(tid), noop)
}
