// Package sqlx is a stand-in for github.com/jmoiron/sqlx.
package sqlx

import (
	"context"
	"database/sql"
)

type DB struct{ *sql.DB }

type Tx struct{ *sql.Tx }

type Rows struct{ *sql.Rows }

type Row struct{}

func Connect(driverName, dataSourceName string) (*DB, error) { return nil, nil }

func (db *DB) Get(dest any, query string, args ...any) error    { return nil }
func (db *DB) Select(dest any, query string, args ...any) error { return nil }
func (db *DB) GetContext(ctx context.Context, dest any, query string, args ...any) error {
	return nil
}
func (db *DB) SelectContext(ctx context.Context, dest any, query string, args ...any) error {
	return nil
}
func (db *DB) NamedExec(query string, arg any) (sql.Result, error) { return nil, nil }
func (db *DB) NamedQuery(query string, arg any) (*Rows, error)     { return nil, nil }
func (db *DB) Queryx(query string, args ...any) (*Rows, error)     { return nil, nil }
func (db *DB) QueryRowx(query string, args ...any) *Row            { return nil }
func (db *DB) MustExec(query string, args ...any) sql.Result       { return nil }
func (db *DB) Beginx() (*Tx, error)                                { return nil, nil }
func (db *DB) MustExecContext(ctx context.Context, query string, args ...any) sql.Result {
	return nil
}
func (db *DB) QueryxContext(ctx context.Context, query string, args ...any) (*Rows, error) {
	return nil, nil
}
func (db *DB) NamedExecContext(ctx context.Context, query string, arg any) (sql.Result, error) {
	return nil, nil
}

func (tx *Tx) Get(dest any, query string, args ...any) error    { return nil }
func (tx *Tx) Select(dest any, query string, args ...any) error { return nil }
