package sources

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"
	"github.com/gorilla/mux"
	"github.com/labstack/echo/v4"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"google.golang.org/grpc/metadata"
)

func sink(v any) {}

const tenantHeader = "X-Tenant-ID"

func Verify(ctx context.Context, claim string) (tenant.ID, error) { return tenant.ID{}, nil }

func headers(r *http.Request, resp *http.Response) {
	sink(r.Header.Get("X-Tenant-ID"))                             // want `ast: header "X-Tenant-ID"` `ssa: header "X-Tenant-ID"`
	sink(r.Header.Get("x-org-id"))                                // want `ast: header "x-org-id"` `ssa: header "x-org-id"`
	sink(r.Header.Get(tenantHeader))                              // want `ast: header "X-Tenant-ID"` `ssa: header "X-Tenant-ID"`
	sink(r.Header.Get(http.CanonicalHeaderKey("x-workspace-id"))) // want `ast: header "x-workspace-id"` `ssa: header "x-workspace-id"`
	sink(r.Header.Values("X-Account-ID"))                         // want `ast: header "X-Account-ID"` `ssa: header "X-Account-ID"`
	sink(r.Header["X-Tenant-Id"])                                 // want `ast: header "X-Tenant-Id"` `ssa: header "X-Tenant-Id"`
	sink(r.Header.Get("X_SCOPE_ORGID"))                           // want `ast: header "X_SCOPE_ORGID"` `ssa: header "X_SCOPE_ORGID"`
	sink(r.Header.Get("X-Request-ID"))
	sink(resp.Header.Get("X-Tenant-ID"))
	name := "X-Tenant-ID" + r.URL.Path
	sink(r.Header.Get(name))
}

func params(r *http.Request) {
	sink(r.URL.Query().Get("tenant_id")) // want `ast: query parameter "tenant_id"` `ssa: query parameter "tenant_id"`
	sink(r.FormValue("orgId"))           // want `ast: query parameter "orgId"` `ssa: query parameter "orgId"`
	sink(r.PathValue("tenantID"))        // want `ast: path parameter "tenantID"` `ssa: path parameter "tenantID"`
	sink(chi.URLParam(r, "orgID"))       // want `ast: path parameter "orgID"` `ssa: path parameter "orgID"`
	sink(mux.Vars(r)["orgID"])           // want `ast: path parameter "orgID"` `ssa: path parameter "orgID"`
	sink(r.URL.Query().Get("page"))
	sink(r.PathValue("projectID"))
	sink(mux.Vars(r)["id"])
}

func frameworks(c *gin.Context, e echo.Context, ctx context.Context) {
	sink(c.GetHeader("X-Tenant-ID"))            // want `ast: header "X-Tenant-ID"` `ssa: header "X-Tenant-ID"`
	sink(c.Request.Header.Get("X-Org-ID"))      // want `ast: header "X-Org-ID"` `ssa: header "X-Org-ID"`
	sink(c.Param("tenant"))                     // want `ast: path parameter "tenant"` `ssa: path parameter "tenant"`
	sink(c.Query("org"))                        // want `ast: query parameter "org"` `ssa: query parameter "org"`
	sink(e.Request().Header.Get("X-Tenant-ID")) // want `ast: header "X-Tenant-ID"` `ssa: header "X-Tenant-ID"`
	sink(e.Param("workspace_id"))               // want `ast: path parameter "workspace_id"` `ssa: path parameter "workspace_id"`
	sink(e.QueryParam("accountId"))             // want `ast: query parameter "accountId"` `ssa: query parameter "accountId"`
	sink(c.Param("slug"))
	if md, ok := metadata.FromIncomingContext(ctx); ok {
		sink(md.Get("x-tenant-id")) // want `ast: gRPC metadata "x-tenant-id"` `ssa: gRPC metadata "x-tenant-id"`
		sink(md["x-org-id"])        // want `ast: gRPC metadata "x-org-id"` `ssa: gRPC metadata "x-org-id"`
		sink(md.Get("x-request-id"))
	}
	if v, ok := c.GetQuery("tenant"); ok {
		sink(v) // want `ast: query parameter "tenant"` `ssa: query parameter "tenant"`
	}
}

func flows(r *http.Request, ctx context.Context) {
	h := r.Header.Get("X-Tenant-ID")
	id, err := tenant.Parse(strings.TrimSpace(h))
	_ = err
	sink(id)                                 // want `ast: header "X-Tenant-ID"` `ssa: header "X-Tenant-ID"`
	sink(id.String())                        // want `ast: header "X-Tenant-ID"` `ssa: header "X-Tenant-ID"`
	sink(uuid.MustParse(h))                  // want `ast: header "X-Tenant-ID"` `ssa: header "X-Tenant-ID"`
	sink(fmt.Sprintf("tenants/%s/files", h)) // want `ast: header "X-Tenant-ID"` `ssa: header "X-Tenant-ID"`
	sink("tenants/" + h)                     // want `ast: header "X-Tenant-ID"` `ssa: header "X-Tenant-ID"`
	sink(r.Header["X-Tenant-Id"][0])         // want `ast: header "X-Tenant-Id"` `ssa: header "X-Tenant-Id"`
	var p string
	if r.Method == "POST" {
		p = r.PathValue("tenant")
	}
	sink(p) // want `ast: path parameter "tenant"` `ssa: path parameter "tenant"`
	for _, v := range r.Header.Values("X-Tenant-ID") {
		sink(v) // want `ast: header "X-Tenant-ID"` `ssa: header "X-Tenant-ID"`
	}

	// A verifier's result is a verified value; err and ok are not claims; constants are not claims.
	verified, err := Verify(ctx, h)
	sink(verified)
	sink(err)
	sink(tenant.MustParse("7f1c5a52-8a43-4d7c-9d7e-1c2b3a4d5e6f"))
	sink(len(h) > 0)
}
