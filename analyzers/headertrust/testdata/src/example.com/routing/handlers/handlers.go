// Package handlers holds handlers that another package registers for routes.
package handlers

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

var pool *pgxpool.Pool

func noop(pgx.Tx) error { return nil }

// IsMember is configured as a verifier (-verifiers).
func IsMember(ctx context.Context, id string) bool { return false }

// GetOrg scopes by the id in the path: a claim when the route says the id is an org's.
func GetOrg(w http.ResponseWriter, r *http.Request) { // want GetOrg:`path parameter "id" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(r.Context(), pool, tenant.MustParse(r.PathValue("id")), noop)
}

// GetOrgChecked verifies membership first: no fact.
func GetOrgChecked(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !IsMember(r.Context(), id) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	_ = tenantdb.WithTenant(r.Context(), pool, tenant.MustParse(id), noop)
}

type Gin struct{}

func (g *Gin) Workspace(c *gin.Context) { // want Workspace:`path parameter "ws" reaches tenantdb.WithTenant via handlers.scope`
	_ = scope(c.Request.Context(), c.Param("ws"))
}

func scope(ctx context.Context, id string) error { // want scope:"param 1 reaches tenantdb.WithTenant"
	return tenantdb.WithTenant(ctx, pool, tenant.MustParse(id), noop)
}
