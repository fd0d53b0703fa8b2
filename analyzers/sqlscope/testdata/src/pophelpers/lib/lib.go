// Package lib holds pop helpers another package calls: their popFacts say what each adds to
// the query or connection it is given, or which query it makes on a connection of its own.
package lib

import (
	"errors"

	"github.com/gobuffalo/pop/v6"
)

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

// Pick returns q as it is for an admin, else base scoped to the tenant: each return starts
// from its own parameter.
func Pick(q, base *pop.Query, admin bool, tenant string) *pop.Query { // want Pick:`popChain:0:\|1:where\(tenant_id = \?\)$`
	if admin {
		return q
	}
	return base.Where("tenant_id = ?", tenant)
}

// OrAll makes a query on the package's connection when all is set, else scopes q.
func OrAll(q *pop.Query, all bool, tenant string) *pop.Query { // want OrAll:`popChain:pool:start\|0:where\(tenant_id = \?\)$`
	if all {
		return DB.Q()
	}
	return q.Where("tenant_id = ?", tenant)
}

// OrAllScoped is OrAll with the tenant on both paths.
func OrAllScoped(q *pop.Query, all bool, tenant string) *pop.Query { // want OrAllScoped:`popChain:pool:start.where\(tenant_id = \?\)\|0:where\(tenant_id = \?\)$`
	if all {
		return DB.Where("tenant_id = ?", tenant)
	}
	return q.Where("tenant_id = ?", tenant)
}

// Recursive calls itself: the recursive call contributes nothing.
func Recursive(q *pop.Query, n int, project string) *pop.Query { // want Recursive:`popChain:0:where\(project_id = \?\)$`
	if n > 0 {
		return Recursive(q, n-1, project)
	}
	return q.Where("project_id = ?", project)
}

// RecursiveScoped is Recursive with the tenant.
func RecursiveScoped(q *pop.Query, n int, tenant string) *pop.Query { // want RecursiveScoped:`popChain:0:where\(tenant_id = \?\)$`
	if n > 0 {
		return RecursiveScoped(q, n-1, tenant)
	}
	return q.Where("tenant_id = ?", tenant)
}

// ByProjectChecked adds the project, with an error when there is none.
func ByProjectChecked(q *pop.Query, project string) (*pop.Query, error) { // want ByProjectChecked:`popChain:0:where\(project_id = \?\)$`
	if project == "" {
		return nil, errors.New("no project")
	}
	return q.Where("project_id = ?", project), nil
}
