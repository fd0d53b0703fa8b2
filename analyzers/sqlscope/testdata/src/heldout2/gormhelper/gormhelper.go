// Package gormhelper scopes gorm queries through a helper that returns the tenant's *gorm.DB.
//
// Held-out shape (qixindev/alfred internal/controller/internal/tenant.go): the controllers call
// TenantDB(c), which returns global.DB.Where("tenant_id = ?", tenant.Id); a controller that
// uses the global handle directly fetches or deletes any tenant's row by id.
package gormhelper

import "gorm.io/gorm"

var DB *gorm.DB

type Tenant struct {
	ID   uint
	Name string
}

type Client struct {
	gorm.Model

	TenantID uint
	Name     string
}

// TenantDB is the package's scope: the handle filtered by the request's tenant.
func TenantDB(t *Tenant) *gorm.DB { // want TenantDB:`gormChain:-1:where\(tenant_id = \?\)`
	return DB.Where("tenant_id = ?", t.ID)
}

func GetClient(t *Tenant, id string) (c Client, err error) {
	err = TenantDB(t).First(&c, "id = ?", id).Error
	return
}

func DeleteClient(t *Tenant, id string) error {
	return TenantDB(t).Delete(&Client{}, "id = ?", id).Error
}

func GetClientByID(id string) (c Client, err error) {
	err = DB.First(&c, "id = ?", id).Error // want `query on clients does not filter by tenant_id`
	return
}

func DeleteClientByID(id string) error {
	return DB.Delete(&Client{}, "id = ?", id).Error // want `query on clients does not filter by tenant_id`
}
