// Package lib holds squirrel helpers another package calls: their squirrelFacts say what each
// adds to the builder it is given, or which builder it returns.
package lib

import (
	"errors"

	sq "github.com/Masterminds/squirrel"
)

// ForTenant adds the tenant predicate.
func ForTenant(b sq.SelectBuilder, tenant string) sq.SelectBuilder { // want ForTenant:`sqChain:0:where\(tenant_id = \?\)`
	return b.Where(sq.Eq{"tenant_id": tenant})
}

// ByID adds only the id.
func ByID(b sq.SelectBuilder, id string) sq.SelectBuilder { // want ByID:`sqChain:0:where\(id = \?\)`
	return b.Where("id = ?", id)
}

// TenantOrPublic adds the tenant under an OR.
func TenantOrPublic(b sq.SelectBuilder, tenant string) sq.SelectBuilder { // want TenantOrPublic:`sqChain:0:where\(\(tenant_id = \? OR public\)\)`
	return b.Where(sq.Or{sq.Eq{"tenant_id": tenant}, sq.Expr("public")})
}

// Projects returns a whole builder.
func Projects() sq.SelectBuilder { // want Projects:`sqChain:-1:select.table\(projects\)`
	return sq.Select("id", "name").From("projects")
}

// DeleteNotes returns a delete builder already scoped to the tenant when scoped is set.
func DeleteNotes(tenant string, scoped bool) sq.DeleteBuilder { // want DeleteNotes:`sqChain:-1:delete\(notes\).where\(tenant_id = \?\)\|-1:delete\(notes\)$`
	b := sq.Delete("notes")
	if scoped {
		return b.Where(sq.Eq{"tenant_id": tenant})
	}
	return b
}

// Store is a repository whose method scopes a builder.
type Store struct{ Tenant string }

// Scope adds the store's tenant.
func (s Store) Scope(b sq.SelectBuilder) sq.SelectBuilder { // want Scope:`sqChain:1:where\(tenant_id = \?\)`
	return b.Where("tenant_id = ?", s.Tenant)
}

// Recent orders the builder: it adds no predicate.
func (s Store) Recent(b sq.SelectBuilder) sq.SelectBuilder { // want Recent:`sqChain:1:`
	return b.OrderBy("created_at DESC")
}

// Pick returns q as it is for an admin, else base scoped to the tenant: each return starts
// from its own parameter.
func Pick(q, base sq.SelectBuilder, admin bool, tenant string) sq.SelectBuilder { // want Pick:`sqChain:0:\|1:where\(tenant_id = \?\)$`
	if admin {
		return q
	}
	return base.Where(sq.Eq{"tenant_id": tenant})
}

// OrAll returns a fresh builder of every project when all is set, else b scoped.
func OrAll(b sq.SelectBuilder, all bool, tenant string) sq.SelectBuilder { // want OrAll:`sqChain:-1:select.table\(projects\)\|0:where\(tenant_id = \?\)$`
	if all {
		return sq.Select("*").From("projects")
	}
	return b.Where(sq.Eq{"tenant_id": tenant})
}

// OrAllScoped is OrAll with the tenant on both paths.
func OrAllScoped(b sq.SelectBuilder, all bool, tenant string) sq.SelectBuilder { // want OrAllScoped:`sqChain:-1:select.table\(projects\).where\(tenant_id = \?\)\|0:where\(tenant_id = \?\)$`
	if all {
		return sq.Select("*").From("projects").Where(sq.Eq{"tenant_id": tenant})
	}
	return b.Where(sq.Eq{"tenant_id": tenant})
}

// Unrelated returns no builder: no fact.
func Unrelated(b sq.SelectBuilder) string { return "x" }

// Filter is a list request.
type Filter struct{ Status string }

// ListQuery returns the builder with an error, as list endpoints validating their filter do.
func ListQuery(f Filter) (sq.SelectBuilder, error) { // want ListQuery:`sqChain:-1:select.table\(projects\).where\(status = \?\)$`
	if f.Status == "" {
		return sq.SelectBuilder{}, errors.New("no status")
	}
	return sq.Select("*").From("projects").Where(sq.Eq{"status": f.Status}), nil
}

// ScopedListQuery scopes the builder it is given, with an error.
func ScopedListQuery(b sq.SelectBuilder, tenant string) (sq.SelectBuilder, error) { // want ScopedListQuery:`sqChain:0:where\(tenant_id = \?\)$`
	if tenant == "" {
		return b, errors.New("no tenant")
	}
	return b.Where(sq.Eq{"tenant_id": tenant}), nil
}
