// Package gtx holds scope helpers sqlscope infers: no configuration names them.
package gtx

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"gorm.io/gorm"
)

// WithTenant begins a gorm transaction, sets the tenant transaction-locally and runs fn on it.
func WithTenant(ctx context.Context, db *gorm.DB, tenantID string, fn func(tx *gorm.DB) error) error { // want WithTenant:"scopeHelper" WithTenant:"queriesParam:db sql:1"
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("SELECT set_config('app.tenant_id', ?, true)", tenantID).Error; err != nil {
			return err
		}
		return fn(tx)
	})
}

// InTenant is the same helper over pgx.
func InTenant(ctx context.Context, pool *pgxpool.Pool, tenantID string, fn func(pgx.Tx) error) error { // want InTenant:"scopeHelper"
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "SELECT set_config('app.tenant_id', $1, true)", tenantID); err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// WithSession sets the tenant for the whole session, which outlives the transaction on a
// pooled connection: it is not a scope helper.
func WithSession(ctx context.Context, db *gorm.DB, tenantID string, fn func(tx *gorm.DB) error) error { // want WithSession:"queriesParam:db sql:1"
	return db.Transaction(func(tx *gorm.DB) error {
		tx.Exec("SELECT set_config('app.tenant_id', ?, false)", tenantID)
		return fn(tx)
	})
}
