package store

import (
	"context"

	"gorm.io/gorm"

	"github.com/tenantvet/tenantvet/runtime/tenant"
)

// The gorm store: the same leaks as the SQL store, written the way a gorm codebase writes them.

// GormDB is the process-wide gorm handle, opened at start-up: outside any tenant scope.
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

// GormNoteByID fetches the note the caller names on the global handle: no tenant is set, so
// any tenant who knows an id reads the note (the advisory shape: Where("id = ?").First).
func GormNoteByID(ctx context.Context, id string) (GormNote, error) {
	var n GormNote
	err := GormDB.WithContext(ctx).Where("id = ?", id).First(&n).Error
	return n, err
}

// GormNotesForTenant scopes to a tenant written into the code: every caller reads that tenant.
func GormNotesForTenant(ctx context.Context) ([]GormNote, error) {
	var ns []GormNote
	err := InTenantGorm(ctx, GormDB, tenant.MustParse("6f1c2a8e-8a7e-4c1e-9a53-3f2f2b1f4d10"), func(tx *gorm.DB) error {
		return tx.Find(&ns).Error
	})
	return ns, err
}

// The functions below run on the scoped transaction, but api_keys has no row level security
// in this twin's migrations, so only the statement's own tenant filter would confine them.

// GormKeysByName has no tenant condition.
func GormKeysByName(tx *gorm.DB, name string) ([]GormKey, error) {
	var ks []GormKey
	err := tx.Where(&GormKey{Name: name}).Find(&ks).Error
	return ks, err
}

// GormFindKey joins the tenant with Or: another tenant's key with the same name matches.
func GormFindKey(tx *gorm.DB, id tenant.ID, name string) (GormKey, error) {
	var k GormKey
	err := tx.Where("tenant_id = ?", id).Or("name = ?", name).First(&k).Error
	return k, err
}

// GormFilteredKeys takes its condition from the caller: nothing can check it.
func GormFilteredKeys(tx *gorm.DB, filter string) ([]GormKey, error) {
	var ks []GormKey
	err := tx.Where(filter).Find(&ks).Error
	return ks, err
}

// GormDeleteKey deletes by primary key alone, whoever owns the key.
func GormDeleteKey(tx *gorm.DB, projectID string, keyID int) error {
	return tx.Delete(&GormKey{}, keyID).Error
}
