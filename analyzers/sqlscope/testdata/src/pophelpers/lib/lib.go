// Package lib holds pop helpers another package calls: their popFacts say what each adds to
// the query or connection it is given, or which query it makes on a connection of its own.
package lib

import "github.com/gobuffalo/pop/v6"

// DB is the package's connection.
var DB *pop.Connection

// ForTenant adds the tenant predicate.
func ForTenant(q *pop.Query, tenant string) *pop.Query { // want ForTenant:`popChain:0:where\(tenant_id = \?\)`
	return q.Where("tenant_id = ?", tenant)
}

// ByProject adds only the project.
func ByProject(q *pop.Query, project string) *pop.Query { // want ByProject:`popChain:0:where\(project_id = \?\)`
	return q.Where("project_id = ?", project)
}

// KeysetAfter is the keyset-pagination OR built as a string.
func KeysetAfter(q *pop.Query, tenant, after string) *pop.Query { // want KeysetAfter:`popChain:0:where\(tenant_id = \? OR id > \?\)`
	return q.Where("tenant_id = ? OR id > ?", tenant, after)
}

// OnConn makes a query on the connection it is given.
func OnConn(c *pop.Connection, tenant string) *pop.Query { // want OnConn:`popChain:0:start.where\(tenant_id = \?\)`
	return c.Where("tenant_id = ?", tenant)
}

// Public makes a query on the package's connection, with no tenant.
func Public() *pop.Query { // want Public:`popChain:pool:start.where\(public\)`
	return DB.Where("public")
}

// Tenant makes a query on the package's connection, filtered by the tenant.
func Tenant(tenant string) *pop.Query { // want Tenant:`popChain:pool:start.where\(tenant_id = \?\)`
	return DB.Where("tenant_id = ?", tenant)
}

// TenantScope is a scope function.
func TenantScope(q *pop.Query) *pop.Query { // want TenantScope:`popChain:0:where\(tenant_id = current_setting\('app.tenant_id'\)::uuid\)`
	return q.Where("tenant_id = current_setting('app.tenant_id')::uuid")
}

// Newest orders the query: it adds no predicate.
func Newest(q *pop.Query) *pop.Query { // want Newest:`popChain:0:$`
	return q.Order("created_at DESC")
}
