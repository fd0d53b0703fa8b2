package fiberapp

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

// Route patterns and parameter keys held in package constants and in unexported package
// variables assigned once.
const (
	workspaceRoute = "/workspaces/:ws"
	wsParam        = "ws"
)

var (
	accountRoute = "/accounts/:acct"
	acctGroup    = "/accounts/:acct/billing"
	acctParam    = "acct"
	// docRoute is assigned twice: not a constant.
	docRoute = "/orgs/:doc"
)

func init() { docRoute = "/docs/:doc" }

func (s *Server) KeyRoutes(app *fiber.App) {
	app.Get(workspaceRoute, s.workspace)
	app.Get(accountRoute, s.account)
	app.Group(acctGroup).Get("/invoices", s.invoices)
	app.Get(docRoute, s.doc)
}

func (s *Server) workspace(c *fiber.Ctx) error {
	return tenantdb.WithTenant(c.UserContext(), s.pool, tenant.MustParse(c.Params(wsParam)), noop) // want `tenant from path parameter "ws" of route "/workspaces/:ws" reaches tenantdb.WithTenant`
}

func (s *Server) account(c *fiber.Ctx) error {
	return tenantdb.WithTenant(c.UserContext(), s.pool, tenant.MustParse(c.Params(acctParam)), noop) // want `tenant from path parameter "acct" of route "/accounts/:acct" reaches tenantdb.WithTenant`
}

func (s *Server) invoices(c *fiber.Ctx) error {
	return tenantdb.WithTenant(c.UserContext(), s.pool, tenant.MustParse(c.Params(acctParam)), noop) // want `tenant from path parameter "acct" of route "/accounts/:acct/billing/invoices" reaches tenantdb.WithTenant`
}

// doc: the pattern's variable is assigned twice, so it names no known route.
func (s *Server) doc(c *fiber.Ctx) error { // want doc:`path parameter "doc" reaches tenantdb.WithTenant`
	return tenantdb.WithTenant(c.UserContext(), s.pool, tenant.MustParse(c.Params("doc")), noop)
}

// MoreRoutes uses fiber's Route, an optional parameter and a constraint.
func (s *Server) MoreRoutes(app *fiber.App) {
	app.Route("/organizations/:oid", func(r fiber.Router) {
		r.Get("/usage", s.routeUsage)
	})
	app.Route("/reports/:oid", func(r fiber.Router) {
		r.Get("/usage", s.reportUsage)
	})
	app.Get("/org/:ref?", s.optional)
	app.Get("/workspace/:w<guid>/members", s.constrained)
}

func (s *Server) routeUsage(c *fiber.Ctx) error {
	return tenantdb.WithTenant(c.UserContext(), s.pool, tenant.MustParse(c.Params("oid")), noop) // want `tenant from path parameter "oid" of route "/organizations/:oid/usage" reaches tenantdb.WithTenant`
}

// reportUsage: the route's parameter is a report.
func (s *Server) reportUsage(c *fiber.Ctx) error { // want reportUsage:`path parameter "oid" reaches tenantdb.WithTenant`
	return tenantdb.WithTenant(c.UserContext(), s.pool, tenant.MustParse(c.Params("oid")), noop)
}

func (s *Server) optional(c *fiber.Ctx) error {
	return tenantdb.WithTenant(c.UserContext(), s.pool, tenant.MustParse(c.Params("ref")), noop) // want `tenant from path parameter "ref" of route "/org/:ref\?" reaches tenantdb.WithTenant`
}

func (s *Server) constrained(c *fiber.Ctx) error {
	return tenantdb.WithTenant(c.UserContext(), s.pool, tenant.MustParse(c.Params("w")), noop) // want `tenant from path parameter "w" of route "/workspace/:w<guid>/members" reaches tenantdb.WithTenant`
}
