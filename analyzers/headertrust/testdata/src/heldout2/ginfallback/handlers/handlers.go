// Package handlers reads the tenant the middleware stored and lists the tenant's invoices.
package handlers

import (
	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"

	"heldout2/ginfallback/mw"
)

var Pool *pgxpool.Pool

func Routes(r *gin.Engine) {
	r.GET("/invoices", mw.Tenant(), ListInvoices)
	r.GET("/mine/invoices", mw.VerifiedTenant(), ListMyInvoices)
}

func ListInvoices(c *gin.Context) {
	tenantID := c.GetString("tenant_id")
	rows, err := Pool.Query(c.Request.Context(), "SELECT id FROM invoices WHERE tenant_id = $1", tenantID) // reported once, where mw.Tenant stores the header
	if err != nil {
		c.AbortWithStatus(500)
		return
	}
	rows.Close()
}

func ListMyInvoices(c *gin.Context) {
	tenantID := c.GetString("verified_tenant_id")
	rows, err := Pool.Query(c.Request.Context(), "SELECT id FROM invoices WHERE tenant_id = $1", tenantID)
	if err != nil {
		c.AbortWithStatus(500)
		return
	}
	rows.Close()
}
