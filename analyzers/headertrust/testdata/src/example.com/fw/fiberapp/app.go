package fiberapp // want package:`fiber string "ref" holds query parameter "org_id"; type example.com/fw/fiberapp.tenantKey holds query parameter "tenant_id"`

// The application's claims: path parameters of tenant routes and groups, headers, query
// parameters and fiber's request store.

import (
	"context"
	"log"

	"github.com/gofiber/fiber/v2"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"

	"example.com/fw/fibermw"
)

type Server struct{ pool *pgxpool.Pool }

func noop(pgx.Tx) error { return nil }

// IsMember is configured as a verifier (-verifiers).
func IsMember(ctx context.Context, tenantID string) bool { return false }

// VerifyCtx is configured as a verifier taking the request (-verifiers).
func VerifyCtx(c *fiber.Ctx) error { return nil }

func (s *Server) Routes(app *fiber.App) {
	app.Use(fibermw.Tenant(), fibermw.Auth(), fibermw.RequestID())
	app.Get("/orgs/:id", s.getOrg)
	app.Get("/orgs/:id/checked", s.getOrgChecked)
	app.Get("/projects/:id", s.getProject)
	orgs := app.Group("/tenants/:tid")
	orgs.Get("/usage", s.usage)
	docs := app.Group("/docs/:tid")
	docs.Get("/usage", s.docUsage)
	app.Get("/me", s.header)
	app.Get("/me/checked", s.headerChecked)
	app.Get("/me/request", s.requestID)
	app.Get("/me/all", s.allHeaders)
	app.Get("/reports", s.query)
	app.Get("/reports/logged", s.queryLogged)
	app.Get("/stored", s.stored)
	app.Get("/stored/verified", s.storedVerified)
	app.Get("/stored/request", s.storedRequestID)
}

func (s *Server) getOrg(c *fiber.Ctx) error {
	return tenantdb.WithTenant(c.UserContext(), s.pool, tenant.MustParse(c.Params("id")), noop) // want `tenant from path parameter "id" of route "/orgs/:id" reaches tenantdb.WithTenant`
}

func (s *Server) getOrgChecked(c *fiber.Ctx) error {
	id := c.Params("id")
	if !IsMember(c.UserContext(), id) {
		return c.SendStatus(403)
	}
	return tenantdb.WithTenant(c.UserContext(), s.pool, tenant.MustParse(id), noop)
}

// getProject: the project is not the tenant.
func (s *Server) getProject(c *fiber.Ctx) error { // want getProject:`path parameter "id" reaches tenantdb.WithTenant`
	return tenantdb.WithTenant(c.UserContext(), s.pool, tenant.MustParse(c.Params("id")), noop)
}

func (s *Server) usage(c *fiber.Ctx) error {
	return tenantdb.WithTenant(c.UserContext(), s.pool, tenant.MustParse(c.Params("tid")), noop) // want `tenant from path parameter "tid" of route "/tenants/:tid/usage" reaches tenantdb.WithTenant`
}

// docUsage: the group's parameter is a document.
func (s *Server) docUsage(c *fiber.Ctx) error { // want docUsage:`path parameter "tid" reaches tenantdb.WithTenant`
	return tenantdb.WithTenant(c.UserContext(), s.pool, tenant.MustParse(c.Params("tid")), noop)
}

func (s *Server) header(c *fiber.Ctx) error {
	return tenantdb.WithTenant(c.UserContext(), s.pool, tenant.MustParse(c.Get("X-Tenant-ID")), noop) // want `tenant from header "X-Tenant-ID" reaches tenantdb.WithTenant`
}

func (s *Server) headerChecked(c *fiber.Ctx) error {
	if err := VerifyCtx(c); err != nil {
		return err
	}
	return tenantdb.WithTenant(c.UserContext(), s.pool, tenant.MustParse(c.Get("X-Tenant-ID")), noop)
}

// requestID: a header that names no tenant, and a response header.
func (s *Server) requestID(c *fiber.Ctx) error {
	if err := tenantdb.WithTenant(c.UserContext(), s.pool, tenant.MustParse(c.Get("X-Request-ID")), noop); err != nil {
		return err
	}
	return tenantdb.WithTenant(c.UserContext(), s.pool, tenant.MustParse(c.GetRespHeader("X-Tenant-ID")), noop)
}

func (s *Server) allHeaders(c *fiber.Ctx) error {
	return tenantdb.WithTenant(c.UserContext(), s.pool, tenant.MustParse(c.GetReqHeaders()["X-Tenant-Id"][0]), noop) // want `tenant from header "X-Tenant-Id" reaches tenantdb.WithTenant`
}

func (s *Server) query(c *fiber.Ctx) error {
	ctx := context.WithValue(c.UserContext(), tenantKey{}, c.Query("tenant_id")) // want `tenant from query parameter "tenant_id" reaches the request context \(context.WithValue key tenantKey\)`
	c.SetUserContext(ctx)
	return c.Next()
}

// queryLogged only logs the claim.
func (s *Server) queryLogged(c *fiber.Ctx) error {
	log.Printf("tenant %s", c.Query("tenant_id"))
	return c.Next()
}

type tenantKey struct{}

// stored reads back the claim the middleware of another package stored in c.Locals.
func (s *Server) stored(c *fiber.Ctx) error {
	tid := c.Locals(fibermw.ClaimKey).(string)
	return tenantdb.WithTenant(c.UserContext(), s.pool, tenant.MustParse(tid), noop) // want `tenant from header "X-Tenant-ID" \(read back from the fiber context key "claimed_ref"\) reaches tenantdb.WithTenant`
}

// storedAtStore reads back the claim stored under a tenant key: reported at the store.
func (s *Server) storedAtStore(c *fiber.Ctx) error {
	tid := c.Locals(fibermw.TenantKey).(string)
	return tenantdb.WithTenant(c.UserContext(), s.pool, tenant.MustParse(tid), noop)
}

// storedVerified reads back the tenant the auth middleware resolved.
func (s *Server) storedVerified(c *fiber.Ctx) error {
	tid := c.Locals("verified_tenant").(string)
	return tenantdb.WithTenant(c.UserContext(), s.pool, tenant.MustParse(tid), noop)
}

// storedRequestID reads back a value stored from a header that names no tenant.
func (s *Server) storedRequestID(c *fiber.Ctx) error {
	tid := c.Locals("request_id").(string)
	return tenantdb.WithTenant(c.UserContext(), s.pool, tenant.MustParse(tid), noop)
}

// localInPackage stores and reads back a claim in one package.
func (s *Server) localInPackage(c *fiber.Ctx) error {
	c.Locals("ref", c.Query("org_id"))
	return tenantdb.WithTenant(c.UserContext(), s.pool, tenant.MustParse(c.Locals("ref").(string)), noop) // want `tenant from query parameter "org_id" \(read back from the fiber context key "ref"\) reaches tenantdb.WithTenant`
}

// orgInPackage stores a claim under a tenant key: reported at the store, once.
func (s *Server) orgInPackage(c *fiber.Ctx) error {
	c.Locals("org", c.Query("org_id")) // want `tenant from query parameter "org_id" reaches the fiber context \(c.Locals key "org"\) without verification`
	return tenantdb.WithTenant(c.UserContext(), s.pool, tenant.MustParse(c.Locals("org").(string)), noop)
}
