// Package tenantdb is a stand-in for the tenantvet runtime's tenantdb package.
package tenantdb

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

type Beginner interface {
	Begin(ctx context.Context) (pgx.Tx, error)
}

type Option func()

func WithTenant(ctx context.Context, db Beginner, id tenant.ID, fn func(pgx.Tx) error, opts ...Option) error {
	return nil
}
func WithTenantReadOnly(ctx context.Context, db Beginner, id tenant.ID, fn func(pgx.Tx) error, opts ...Option) error {
	return nil
}
func WithTenantSQL(ctx context.Context, db *sql.DB, id tenant.ID, fn func(*sql.Tx) error, opts ...Option) error {
	return nil
}
func WithTenantSQLReadOnly(ctx context.Context, db *sql.DB, id tenant.ID, fn func(*sql.Tx) error, opts ...Option) error {
	return nil
}
