// Package tenant provides the tenant identifier and the verified request context that the rest
// of tenantvet's runtime library builds on.
//
// An ID holds only a valid, non-nil UUID; its zero value is unusable on purpose, so forgetting to
// resolve the tenant fails closed instead of querying without one.
//
// A tenant is never taken from what the client says. A Resolver takes a candidate from the host
// (a subdomain of a base domain, or a custom domain) or a route path segment, then verifies on
// the server that the signed-in user is a member of it. Only the verified Context, stored with
// NewContext, flows into services:
//
//	r := &tenant.Resolver{
//		BaseDomain: "example.com",
//		PathPrefix: "/t/",
//		Sessions:   tenant.SessionsFunc(sessionUser),
//		Tenants:    directory,   // slug or custom domain -> tenant ID
//		Members:    memberships, // (tenant, user) -> role
//	}
//	http.ListenAndServe(addr, r.Middleware(mux))
//
// The Resolver never reads a tenant header such as X-Tenant-ID.
//
// The sibling packages are tenantdb (tenant-scoped transactions for row level security), jobs
// (signed tenant job payloads), safelog (redacting slog handler), plan (plan limits, HTTP 402) and
// audit (audit events inside the tenant transaction).
package tenant
