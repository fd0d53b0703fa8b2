// Package lib holds bun helpers another package calls: their bunFacts say what each adds to
// the query it is given, or which query it makes on the handle it is given.
package lib

import (
	"errors"

	"github.com/uptrace/bun"
)

// ForTenant adds the tenant predicate.
func ForTenant(q *bun.SelectQuery, tenant string) *bun.SelectQuery { // want ForTenant:`bunChain:0:where\(\?TableAlias.tenant_id = \?\)`
	return q.Where("?TableAlias.tenant_id = ?", tenant)
}

// ByID adds only the id.
func ByID(q *bun.SelectQuery, id string) *bun.SelectQuery { // want ByID:`bunChain:0:where\(\?TableAlias.id = \?\)`
	return q.Where("?TableAlias.id = ?", id)
}

// TenantOrPublic adds the tenant, then an OR.
func TenantOrPublic(q *bun.SelectQuery, tenant string) *bun.SelectQuery { // want TenantOrPublic:`bunChain:0:where\(tenant_id = \?\).or\(public\)`
	return q.Where("tenant_id = ?", tenant).WhereOr("public")
}

// Notes makes a query on the handle it is given.
func Notes(db bun.IDB) *bun.SelectQuery { // want Notes:`bunChain:0:new.table\(notes\)`
	return db.NewSelect().Table("notes")
}

// ScopeTenant is applied with Apply.
func ScopeTenant(q *bun.SelectQuery) *bun.SelectQuery { // want ScopeTenant:`bunChain:0:where\(tenant_id = current_setting\('app.tenant_id'\)::uuid\)`
	return q.Where("tenant_id = current_setting('app.tenant_id')::uuid")
}

// Recent orders the query: it adds no predicate.
func Recent(q *bun.SelectQuery) *bun.SelectQuery { // want Recent:`bunChain:0:`
	return q.Order("created_at DESC")
}

// DB is the package's pool.
var DB *bun.DB

// AllNotes makes a query on the package's pool, with no condition.
func AllNotes() *bun.SelectQuery { // want AllNotes:`bunChain:pool:new.table\(notes\)`
	return DB.NewSelect().Table("notes")
}

// TenantNotes makes a query on the package's pool, filtered by the tenant.
func TenantNotes(tenant string) *bun.SelectQuery { // want TenantNotes:`bunChain:pool:new.table\(notes\).where\(tenant_id = \?\)`
	return DB.NewSelect().Table("notes").Where("tenant_id = ?", tenant)
}

// Pick returns q as it is for an admin, else base scoped to the tenant: each return starts
// from its own parameter.
func Pick(q, base *bun.SelectQuery, admin bool, tenant string) *bun.SelectQuery { // want Pick:`bunChain:0:\|1:where\(\?TableAlias.tenant_id = \?\)$`
	if admin {
		return q
	}
	return base.Where("?TableAlias.tenant_id = ?", tenant)
}

// OrAll makes a query of every note on the package's pool when all is set, else scopes q.
func OrAll(q *bun.SelectQuery, all bool, tenant string) *bun.SelectQuery { // want OrAll:`bunChain:pool:new.table\(notes\)\|0:where\(tenant_id = \?\)$`
	if all {
		return DB.NewSelect().Table("notes")
	}
	return q.Where("tenant_id = ?", tenant)
}

// OrAllScoped is OrAll with the tenant on both paths.
func OrAllScoped(q *bun.SelectQuery, all bool, tenant string) *bun.SelectQuery { // want OrAllScoped:`bunChain:pool:new.table\(notes\).where\(tenant_id = \?\)\|0:where\(tenant_id = \?\)$`
	if all {
		return DB.NewSelect().Table("notes").Where("tenant_id = ?", tenant)
	}
	return q.Where("tenant_id = ?", tenant)
}

// Recursive calls itself: the recursive call contributes nothing.
func Recursive(q *bun.SelectQuery, n int, id string) *bun.SelectQuery { // want Recursive:`bunChain:0:where\(id = \?\)$`
	if n > 0 {
		return Recursive(q, n-1, id)
	}
	return q.Where("id = ?", id)
}

// ByStatus returns the query with an error, as list endpoints validating their filter do.
func ByStatus(db bun.IDB, status string) (*bun.SelectQuery, error) { // want ByStatus:`bunChain:0:new.table\(notes\).where\(status = \?\)$`
	if status == "" {
		return nil, errors.New("no status")
	}
	return db.NewSelect().Table("notes").Where("status = ?", status), nil
}
