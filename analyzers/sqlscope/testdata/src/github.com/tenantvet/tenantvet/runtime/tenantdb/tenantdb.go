// Package tenantdb is a stand-in for the runtime's tenantdb package.
package tenantdb

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

type Beginner interface {
	BeginTx(ctx context.Context, txOptions pgx.TxOptions) (pgx.Tx, error)
}

type SQLBeginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

type Option func(*config) error

type config struct{}

func WithTenant(ctx context.Context, db Beginner, id tenant.ID, fn func(pgx.Tx) error, opts ...Option) error {
	return nil
}
func WithTenantReadOnly(ctx context.Context, db Beginner, id tenant.ID, fn func(pgx.Tx) error, opts ...Option) error {
	return nil
}
func WithTenantSQL(ctx context.Context, db SQLBeginner, id tenant.ID, fn func(*sql.Tx) error, opts ...Option) error {
	return nil
}
func WithTenantSQLReadOnly(ctx context.Context, db SQLBeginner, id tenant.ID, fn func(*sql.Tx) error, opts ...Option) error {
	return nil
}
