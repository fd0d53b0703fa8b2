package frameworks

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/gorilla/mux"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/labstack/echo/v4"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
	"google.golang.org/grpc/metadata"
)

var pool *pgxpool.Pool

func noop(pgx.Tx) error { return nil }

func scope(ctx context.Context, s string) error { // want scope:"param 1 reaches tenantdb.WithTenant"
	return tenantdb.WithTenant(ctx, pool, tenant.MustParse(s), noop)
}

func ginHandler(c *gin.Context) { // want ginHandler:`path parameter "noteID" reaches tenantdb.WithTenant`
	ctx := c.Request.Context()
	_ = tenantdb.WithTenant(ctx, pool, tenant.MustParse(c.GetHeader("X-Tenant-ID")), noop)       // want `tenant from header "X-Tenant-ID" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(ctx, pool, tenant.MustParse(c.Request.Header.Get("X-Org-ID")), noop) // want `tenant from header "X-Org-ID" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(ctx, pool, tenant.MustParse(c.Param("orgID")), noop)                 // want `tenant from path parameter "orgID" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(ctx, pool, tenant.MustParse(c.Query("tenant")), noop)                // want `tenant from query parameter "tenant" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(ctx, pool, tenant.MustParse(c.Param("noteID")), noop)
	_ = tenantdb.WithTenant(ctx, pool, tenant.MustParse(c.GetHeader("X-Request-ID")), noop)
	c.Header("X-Tenant-ID", c.GetHeader("X-Tenant-ID"))
}

func echoHandler(c echo.Context) error {
	ctx := c.Request().Context()
	_ = tenantdb.WithTenant(ctx, pool, tenant.MustParse(c.Request().Header.Get("X-Tenant-ID")), noop) // want `tenant from header "X-Tenant-ID" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(ctx, pool, tenant.MustParse(c.Param("tenant_id")), noop)                  // want `tenant from path parameter "tenant_id" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(ctx, pool, tenant.MustParse(c.QueryParam("workspaceId")), noop)           // want `tenant from query parameter "workspaceId" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(ctx, pool, tenant.MustParse(c.QueryParam("q")), noop)
	return nil
}

func chiHandler(w http.ResponseWriter, r *http.Request) { // want chiHandler:`path parameter "noteID" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(r.Context(), pool, tenant.MustParse(chi.URLParam(r, "tenantID")), noop) // want `tenant from path parameter "tenantID" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(r.Context(), pool, tenant.MustParse(chi.URLParam(r, "noteID")), noop)
}

func muxHandler(w http.ResponseWriter, r *http.Request) { // want muxHandler:`path parameter "id" reaches tenantdb.WithTenant`
	vars := mux.Vars(r)
	_ = tenantdb.WithTenant(r.Context(), pool, tenant.MustParse(vars["orgID"]), noop) // want `tenant from path parameter "orgID" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(r.Context(), pool, tenant.MustParse(vars["id"]), noop)
}

func grpcHandler(ctx context.Context) error {
	md, ok := metadata.FromIncomingContext(ctx)
	if !ok {
		return nil
	}
	if v := md.Get("x-tenant-id"); len(v) > 0 {
		_ = tenantdb.WithTenant(ctx, pool, tenant.MustParse(v[0]), noop) // want `tenant from gRPC metadata "x-tenant-id" reaches tenantdb.WithTenant`
	}
	if v := md.Get("x-request-id"); len(v) > 0 {
		_ = tenantdb.WithTenant(ctx, pool, tenant.MustParse(v[0]), noop)
	}
	// Forwarding the claim to the next service is not a finding.
	_ = metadata.NewOutgoingContext(ctx, metadata.Pairs("x-tenant-id", md.Get("x-tenant-id")[0]))
	return nil
}

func localHelper(w http.ResponseWriter, r *http.Request) {
	_ = scope(r.Context(), r.Header.Get("X-Tenant-ID")) // want `tenant from header "X-Tenant-ID" reaches tenantdb.WithTenant through frameworks.scope \(param 1\)`
}

func grpcMore(ctx context.Context, c *gin.Context) error {
	if v := metadata.ValueFromIncomingContext(ctx, "X-Org-ID"); len(v) > 0 {
		_ = tenantdb.WithTenant(ctx, pool, tenant.MustParse(v[0]), noop) // want `tenant from gRPC metadata "X-Org-ID" reaches tenantdb.WithTenant`
	}
	md, _ := metadata.FromIncomingContext(ctx)
	_ = tenantdb.WithTenant(ctx, pool, tenant.MustParse(md["x-workspace-id"][0]), noop) // want `tenant from gRPC metadata "x-workspace-id" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(ctx, pool, tenant.MustParse(md["x-trace-id"][0]), noop)
	if v := metadata.ValueFromIncomingContext(ctx, "x-request-id"); len(v) > 0 {
		_ = tenantdb.WithTenant(ctx, pool, tenant.MustParse(v[0]), noop)
	}
	_ = tenantdb.WithTenant(ctx, pool, tenant.MustParse(c.Request.Header["X-Tenant-Id"][0]), noop) // want `tenant from header "X-Tenant-Id" reaches tenantdb.WithTenant`
	v, _ := c.GetQuery("org_id")
	_ = tenantdb.WithTenant(ctx, pool, tenant.MustParse(v), noop)                               // want `tenant from query parameter "org_id" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(ctx, pool, tenant.MustParse(c.DefaultQuery("workspace", "")), noop) // want `tenant from query parameter "workspace" reaches tenantdb.WithTenant`
	return nil
}

func echoMore(c echo.Context) error {
	ctx := c.Request().Context()
	_ = tenantdb.WithTenant(ctx, pool, tenant.MustParse(c.Request().Header.Values("X-Account-ID")[0]), noop) // want `tenant from header "X-Account-ID" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(ctx, pool, tenant.MustParse(c.FormValue("tenant")), noop)                        // want `tenant from query parameter "tenant" reaches tenantdb.WithTenant`
	return nil
}
