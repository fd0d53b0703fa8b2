// Package gscopes holds gorm scopes and chain helpers another package uses: their facts say
// what they add.
package gscopes

import "gorm.io/gorm"

// ByTenant is a scope factory: the closure it returns adds the tenant.
func ByTenant(t string) func(*gorm.DB) *gorm.DB { // want ByTenant:`gormScope:where\(tenant_id = \?\)`
	return func(db *gorm.DB) *gorm.DB {
		return db.Where("tenant_id = ?", t)
	}
}

// Public is a scope function that adds no tenant.
func Public(db *gorm.DB) *gorm.DB { // want Public:`gormChain:0:where\(public = \?\)`
	return db.Where("public = ?", true)
}

// ForTenant returns the handle derived from its first parameter with the tenant added.
func ForTenant(db *gorm.DB, t string) *gorm.DB { // want ForTenant:`gormChain:0:where\(tenant_id = \?\)`
	return db.Where("tenant_id = ?", t)
}

// ForTenantAfter recurses before it adds the tenant: the recursive call adds nothing.
func ForTenantAfter(db *gorm.DB, t string, n int) *gorm.DB { // want ForTenantAfter:`gormChain:0:where\(tenant_id = \?\)$`
	if n > 0 {
		return ForTenantAfter(db, t, n-1)
	}
	return db.Where("tenant_id = ?", t)
}

// MaybeTenant leaves the tenant out when all is set.
func MaybeTenant(db *gorm.DB, t string, all bool) *gorm.DB { // want MaybeTenant:`gormChain:0:\|0:where\(tenant_id = \?\)`
	if all {
		return db
	}
	return db.Where("tenant_id = ?", t)
}

// Fallback is the handle a helper falls back on.
var Fallback *gorm.DB

// ForTenantOr adds the tenant on both paths, one derived from its parameter and one from the
// package's own handle: each return keeps its own start.
func ForTenantOr(db *gorm.DB, t, other string) *gorm.DB { // want ForTenantOr:`gormChain:-1:where\(tenant_id = \?\)\|0:where\(tenant_id = \?\)$`
	if other != "" {
		return Fallback.Where("tenant_id = ?", t)
	}
	return db.Where("tenant_id = ?", t)
}

// FromEither adds the tenant on whichever handle it picks: each return starts from its own
// parameter.
func FromEither(db, other *gorm.DB, t string, useOther bool) *gorm.DB { // want FromEither:`gormChain:1:where\(tenant_id = \?\)\|0:where\(tenant_id = \?\)$`
	if useOther {
		return other.Where("tenant_id = ?", t)
	}
	return db.Where("tenant_id = ?", t)
}

// OwnOrGiven adds the tenant on its own handle, and returns the one it is given as it is.
func OwnOrGiven(db *gorm.DB, t string, own bool) *gorm.DB { // want OwnOrGiven:`gormChain:-1:where\(tenant_id = \?\)\|0:$`
	if own {
		return Fallback.Where("tenant_id = ?", t)
	}
	return db
}

// Memo is a model whose table is named by its TableName method.
type Memo struct { // want Memo:`gormTable:notes`
	ID       string
	TenantID string
	Body     string
}

func (Memo) TableName() string { return "notes" }
