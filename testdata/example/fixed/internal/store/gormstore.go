package store

import (
	"context"

	"gorm.io/gorm"

	"github.com/tenantvet/tenantvet/runtime/tenant"
)

// The gorm store, fixed: every statement runs on a handle scoped to the verified tenant, and
// statements on tables the scope does not protect name the tenant themselves.

// GormDB is the process-wide gorm handle, opened at start-up: only scope helpers use it.
var GormDB *gorm.DB

// GormNote is the notes table's gorm model.
type GormNote struct {
	ID        string
	TenantID  tenant.ID
	ProjectID string
	Title     string
}

// TableName names the table: gorm would call it gorm_notes.
func (GormNote) TableName() string { return "notes" }

// GormKey is the api_keys table's gorm model.
type GormKey struct {
	ID       string
	TenantID tenant.ID
	Name     string
}

func (GormKey) TableName() string { return "api_keys" }

// InTenantGorm runs fn in a transaction with the tenant set transaction-locally: sqlscope
// infers that it is a scope helper from what it does.
func InTenantGorm(ctx context.Context, db *gorm.DB, id tenant.ID, fn func(tx *gorm.DB) error) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("SELECT set_config('app.tenant_id', ?, true)", id.String()).Error; err != nil {
			return err
		}
		return fn(tx)
	})
}

// GormNoteByID runs on the scoped transaction: row level security confines it.
func GormNoteByID(ctx context.Context, tc tenant.Context, id string) (GormNote, error) {
	var n GormNote
	err := InTenantGorm(ctx, GormDB, tc.TenantID, func(tx *gorm.DB) error {
		return tx.Where("id = ?", id).First(&n).Error
	})
	return n, err
}

// GormNotesForTenant scopes to the verified tenant.
func GormNotesForTenant(ctx context.Context, tc tenant.Context) ([]GormNote, error) {
	var ns []GormNote
	err := InTenantGorm(ctx, GormDB, tc.TenantID, func(tx *gorm.DB) error {
		return tx.Find(&ns).Error
	})
	return ns, err
}

// GormKeysByName names the tenant in its struct condition.
func GormKeysByName(tx *gorm.DB, id tenant.ID, name string) ([]GormKey, error) {
	var ks []GormKey
	err := tx.Where(&GormKey{TenantID: id, Name: name}).Find(&ks).Error
	return ks, err
}

// GormFindKey keeps the tenant a top-level AND condition.
func GormFindKey(tx *gorm.DB, id tenant.ID, name string) (GormKey, error) {
	var k GormKey
	err := tx.Where("tenant_id = ?", id).Where("name = ?", name).First(&k).Error
	return k, err
}

// GormFilteredKeys takes a column and a value, not SQL, and adds the tenant.
func GormFilteredKeys(tx *gorm.DB, id tenant.ID, name string) ([]GormKey, error) {
	var ks []GormKey
	err := tx.Where(map[string]interface{}{"tenant_id": id, "name": name}).Find(&ks).Error
	return ks, err
}

// GormDeleteKey deletes the tenant's key only.
func GormDeleteKey(tx *gorm.DB, id tenant.ID, keyID int) error {
	return tx.Where("tenant_id = ?", id).Delete(&GormKey{}, keyID).Error
}
