package gormscope

import (
	"context"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"gormscope/gtx"
)

var db *gorm.DB

type Note struct {
	ID       int
	TenantID string
	Body     string
}

// --- the global handle, outside and inside an inferred scope ---

func global(id int) (n Note) {
	db.First(&n, id) // want `query on \*gorm.DB outside a tenant scope: run it inside a tenant scope helper \(a transaction that sets app.tenant_id with set_config\(..., true\)\) \(TV1001\)`
	return n
}

func scoped(ctx context.Context, tenantID string, id int) (n Note) {
	gtx.WithTenant(ctx, db, tenantID, func(tx *gorm.DB) error {
		return tx.Where("id = ?", id).First(&n).Error
	})
	return n
}

func bypass(ctx context.Context, tenantID string, id int) (n Note) {
	gtx.WithTenant(ctx, db, tenantID, func(tx *gorm.DB) error {
		return db.First(&n, id).Error // want `query on \*gorm.DB bypasses the tenant scope of gtx.WithTenant: run it on the scoped handle`
	})
	return n
}

func constantTenant(ctx context.Context, id int) (n Note) {
	gtx.WithTenant(ctx, db, "acme", func(tx *gorm.DB) error { // want `tenant for gtx.WithTenant is a constant`
		return tx.First(&n, id).Error
	})
	return n
}

func sessionSetting(ctx context.Context, id int) (n Note) {
	// Not a scope helper: its tenant is not checked, and the callback is not scoped.
	gtx.WithSession(ctx, db, "acme", func(tx *gorm.DB) error {
		return db.First(&n, id).Error // want `query on \*gorm.DB outside a tenant scope`
	})
	return n
}

func pgxConstantTenant(ctx context.Context) {
	gtx.InTenant(ctx, nil, "acme", func(tx pgx.Tx) error { // want `tenant for gtx.InTenant is a constant`
		_, err := tx.Exec(ctx, "DELETE FROM notes")
		return err
	})
}

// --- gorm's Transaction is a transaction, not a tenant scope ---

func transaction(id int) {
	db.Transaction(func(tx *gorm.DB) error {
		return tx.Delete(&Note{}, id).Error // want `query on \*gorm.DB outside a tenant scope`
	})
}

func transactionInScope(ctx context.Context, tenantID string, id int) {
	gtx.WithTenant(ctx, db, tenantID, func(tx *gorm.DB) error {
		return tx.Transaction(func(inner *gorm.DB) error {
			return inner.Delete(&Note{}, id).Error
		})
	})
}

// --- scope tracked by value: chains, variables, closures, structs, constructors ---

type repo struct{ db *gorm.DB }

func newRepo(db *gorm.DB) *repo { return &repo{db: db} }

func (r *repo) list() (ns []Note) { // want list:"queriesParam:recv sql:1"
	r.db.Find(&ns)
	return ns
}

func chainInScope(ctx context.Context, tenantID string) (ns []Note) {
	gtx.WithTenant(ctx, db, tenantID, func(tx *gorm.DB) error {
		q := tx.Model(&Note{}).Where("body <> ''")
		run := func() error { return q.Find(&ns).Error }
		return run()
	})
	return ns
}

func chainOnGlobal() (ns []Note) {
	q := db.Model(&Note{}).Where("body <> ''")
	q.Find(&ns) // want `query on \*gorm.DB outside a tenant scope`
	return ns
}

func structInScope(ctx context.Context, tenantID string) (ns []Note) {
	gtx.WithTenant(ctx, db, tenantID, func(tx *gorm.DB) error {
		r := &repo{db: tx}
		ns = r.list()
		return nil
	})
	return ns
}

func constructorInScope(ctx context.Context, tenantID string) (ns []Note) {
	gtx.WithTenant(ctx, db, tenantID, func(tx *gorm.DB) error {
		ns = newRepo(tx).list()
		return nil
	})
	return ns
}

func constructorOnGlobal() []Note {
	return newRepo(db).list() // want `list queries through \*gormscope.repo outside a tenant scope`
}
