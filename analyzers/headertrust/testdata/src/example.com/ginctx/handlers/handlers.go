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
	tid := c.GetString(mw.ClaimKey)
	_ = tenantdb.WithTenant(c.Request.Context(), s.pool, tenant.MustParse(tid), noop) // want `tenant from header "X-Tenant-ID" \(read back from the gin context key "claimed_ref"\) reaches tenantdb.WithTenant`
}

func (s *Server) get(c *gin.Context) {
	v, _ := c.Get(mw.ClaimKey)
	_ = tenantdb.WithTenant(c.Request.Context(), s.pool, tenant.MustParse(v.(string)), noop) // want `tenant from header "X-Tenant-ID" \(read back from the gin context key "claimed_ref"\) reaches tenantdb.WithTenant`
}

func (s *Server) mustGet(c *gin.Context) {
	_ = tenantdb.WithTenant(c.Request.Context(), s.pool, tenant.MustParse(c.MustGet("claimed_ref").(string)), noop) // want `tenant from header "X-Tenant-ID" \(read back from the gin context key "claimed_ref"\) reaches tenantdb.WithTenant`
}

func (s *Server) value(c *gin.Context) {
	tid, _ := c.Value("claimed_ref").(string)
	_ = tenantdb.WithTenant(c.Request.Context(), s.pool, tenant.MustParse(tid), noop) // want `tenant from header "X-Tenant-ID" \(read back from the gin context key "claimed_ref"\) reaches tenantdb.WithTenant`
}

// tenantOf is a getter: what it returns is a claim exactly where a claim was stored.
func tenantOf(c *gin.Context) string { // want tenantOf:`returns header "X-Tenant-ID" \(read back from the gin context key "claimed_ref"\); returns the context value under gin string "claimed_ref"`
	return c.GetString("claimed_ref")
}

func (s *Server) viaGetter(c *gin.Context) {
	_ = tenantdb.WithTenant(c.Request.Context(), s.pool, tenant.MustParse(tenantOf(c)), noop) // want `tenant from header "X-Tenant-ID" \(read back from the gin context key "claimed_ref"\) reaches tenantdb.WithTenant`
}

// atStore reads back the claim stored under a tenant key: reported at the store, not again here.
func (s *Server) atStore(c *gin.Context) {
	_ = tenantdb.WithTenant(c.Request.Context(), s.pool, tenant.MustParse(c.GetString(mw.TenantKey)), noop)
}

// echoAtStore: the same in echo's store.
func (s *Server) echoAtStore(c echo.Context) error {
	tid, _ := c.Get("tenant").(string)
	return tenantdb.WithTenant(c.Request().Context(), s.pool, tenant.MustParse(tid), noop)
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
	tid, _ := c.Get("claimed_ref").(string)
	return tenantdb.WithTenant(c.Request().Context(), s.pool, tenant.MustParse(tid), noop) // want `tenant from query parameter "tenant" \(read back from the echo context key "claimed_ref"\) reaches tenantdb.WithTenant`
}

// echoVerified: echo's store under a key no claim is stored under in echo's store (gin's store
// holds one under it).
func (s *Server) echoVerified(c echo.Context) error {
	tid, _ := c.Get("tenant_id").(string)
	return tenantdb.WithTenant(c.Request().Context(), s.pool, tenant.MustParse(tid), noop)
}
