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
func MaybeTenant(db *gorm.DB, t string, all bool) *gorm.DB { // want MaybeTenant:`gormChain:0:\|where\(tenant_id = \?\)`
	if all {
		return db
	}
	return db.Where("tenant_id = ?", t)
}

// Memo is a model whose table is named by its TableName method.
type Memo struct { // want Memo:`gormTable:notes`
	ID       string
	TenantID string
	Body     string
}

func (Memo) TableName() string { return "notes" }
