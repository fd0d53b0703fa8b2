// Package bun is a stand-in for github.com/uptrace/bun v1.3: the signatures sqlscope's tests
// use, checked against the real module. The bodies do nothing.
package bun

import (
	"context"
	"database/sql"

	"github.com/uptrace/bun/schema"
)

type (
	Ident     = schema.Ident
	Safe      = schema.Safe
	BaseModel = schema.BaseModel
)

type IConn interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

type IDB interface {
	IConn
	NewSelect() *SelectQuery
	NewInsert() *InsertQuery
	NewUpdate() *UpdateQuery
	NewDelete() *DeleteQuery
	NewRaw(query string, args ...any) *RawQuery
	BeginTx(ctx context.Context, opts *sql.TxOptions) (Tx, error)
	RunInTx(ctx context.Context, opts *sql.TxOptions, f func(ctx context.Context, tx Tx) error) error
}

type DB struct{ *sql.DB }

type Tx struct{ *sql.Tx }

type Conn struct{ *sql.Conn }

func NewDB(sqldb *sql.DB, dialect any) *DB { return &DB{DB: sqldb} }

func In(slice any) any { return slice }

func (db *DB) NewSelect() *SelectQuery                    { return &SelectQuery{} }
func (db *DB) NewInsert() *InsertQuery                    { return &InsertQuery{} }
func (db *DB) NewUpdate() *UpdateQuery                    { return &UpdateQuery{} }
func (db *DB) NewDelete() *DeleteQuery                    { return &DeleteQuery{} }
func (db *DB) NewRaw(query string, args ...any) *RawQuery { return &RawQuery{} }
func (db *DB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return nil, nil
}
func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return nil, nil
}

func (tx Tx) NewSelect() *SelectQuery                    { return &SelectQuery{} }
func (tx Tx) NewInsert() *InsertQuery                    { return &InsertQuery{} }
func (tx Tx) NewUpdate() *UpdateQuery                    { return &UpdateQuery{} }
func (tx Tx) NewDelete() *DeleteQuery                    { return &DeleteQuery{} }
func (tx Tx) NewRaw(query string, args ...any) *RawQuery { return &RawQuery{} }
func (tx Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return nil, nil
}
func (tx Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return nil, nil
}

func (c Conn) NewSelect() *SelectQuery                    { return &SelectQuery{} }
func (c Conn) NewInsert() *InsertQuery                    { return &InsertQuery{} }
func (c Conn) NewUpdate() *UpdateQuery                    { return &UpdateQuery{} }
func (c Conn) NewDelete() *DeleteQuery                    { return &DeleteQuery{} }
func (c Conn) NewRaw(query string, args ...any) *RawQuery { return &RawQuery{} }
func (c Conn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return nil, nil
}
func (c Conn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return nil, nil
}

func (db *DB) BeginTx(ctx context.Context, opts *sql.TxOptions) (Tx, error) { return Tx{}, nil }
func (db *DB) RunInTx(ctx context.Context, opts *sql.TxOptions, fn func(ctx context.Context, tx Tx) error) error {
	return nil
}
func (tx Tx) BeginTx(ctx context.Context, opts *sql.TxOptions) (Tx, error) { return tx, nil }
func (tx Tx) RunInTx(ctx context.Context, _ *sql.TxOptions, fn func(ctx context.Context, tx Tx) error) error {
	return nil
}
func (tx Tx) Commit() error   { return nil }
func (tx Tx) Rollback() error { return nil }

type RawQuery struct{}

func (q *RawQuery) Scan(ctx context.Context, dest ...any) error               { return nil }
func (q *RawQuery) Exec(ctx context.Context, dest ...any) (sql.Result, error) { return nil, nil }

type SelectQuery struct{}

func (q *SelectQuery) Model(model any) *SelectQuery { return q }

func (q *SelectQuery) Table(tables ...string) *SelectQuery { return q }

func (q *SelectQuery) TableExpr(query string, args ...any) *SelectQuery { return q }

func (q *SelectQuery) ModelTableExpr(query string, args ...any) *SelectQuery { return q }

func (q *SelectQuery) Column(columns ...string) *SelectQuery { return q }

func (q *SelectQuery) ColumnExpr(query string, args ...any) *SelectQuery { return q }

func (q *SelectQuery) WherePK(cols ...string) *SelectQuery { return q }

func (q *SelectQuery) Where(query string, args ...any) *SelectQuery { return q }

func (q *SelectQuery) WhereOr(query string, args ...any) *SelectQuery { return q }

func (q *SelectQuery) WhereGroup(sep string, fn func(*SelectQuery) *SelectQuery) *SelectQuery {
	return q
}

func (q *SelectQuery) WhereDeleted() *SelectQuery { return q }

func (q *SelectQuery) WhereAllWithDeleted() *SelectQuery { return q }

func (q *SelectQuery) Join(join string, args ...any) *SelectQuery { return q }

func (q *SelectQuery) JoinOn(cond string, args ...any) *SelectQuery { return q }

func (q *SelectQuery) JoinOnOr(cond string, args ...any) *SelectQuery { return q }

func (q *SelectQuery) Order(orders ...string) *SelectQuery { return q }

func (q *SelectQuery) Limit(n int) *SelectQuery { return q }

func (q *SelectQuery) Offset(n int) *SelectQuery { return q }

func (q *SelectQuery) Relation(name string, apply ...func(*SelectQuery) *SelectQuery) *SelectQuery {
	return q
}

func (q *SelectQuery) Apply(fns ...func(*SelectQuery) *SelectQuery) *SelectQuery { return q }

func (q *SelectQuery) Exec(ctx context.Context, dest ...any) (sql.Result, error) { return nil, nil }

func (q *SelectQuery) Scan(ctx context.Context, dest ...any) error                { return nil }
func (q *SelectQuery) Count(ctx context.Context) (int64, error)                     { return 0, nil }
func (q *SelectQuery) ScanAndCount(ctx context.Context, dest ...any) (int64, error) { return 0, nil }
func (q *SelectQuery) Exists(ctx context.Context) (bool, error)                   { return false, nil }

type InsertQuery struct{}

func (q *InsertQuery) Model(model any) *InsertQuery { return q }

func (q *InsertQuery) Table(tables ...string) *InsertQuery { return q }

func (q *InsertQuery) ModelTableExpr(query string, args ...any) *InsertQuery { return q }

func (q *InsertQuery) Column(columns ...string) *InsertQuery { return q }

func (q *InsertQuery) Value(column string, expr string, args ...any) *InsertQuery { return q }

func (q *InsertQuery) On(s string, args ...any) *InsertQuery { return q }

func (q *InsertQuery) Returning(query string, args ...any) *InsertQuery { return q }

func (q *InsertQuery) Exec(ctx context.Context, dest ...any) (sql.Result, error) { return nil, nil }

func (q *InsertQuery) Scan(ctx context.Context, dest ...any) error { return nil }

type UpdateQuery struct{}

func (q *UpdateQuery) Model(model any) *UpdateQuery { return q }

func (q *UpdateQuery) Table(tables ...string) *UpdateQuery { return q }

func (q *UpdateQuery) ModelTableExpr(query string, args ...any) *UpdateQuery { return q }

func (q *UpdateQuery) Column(columns ...string) *UpdateQuery { return q }

func (q *UpdateQuery) Set(query string, args ...any) *UpdateQuery { return q }

func (q *UpdateQuery) Value(column string, query string, args ...any) *UpdateQuery { return q }

func (q *UpdateQuery) OmitZero() *UpdateQuery { return q }

func (q *UpdateQuery) WherePK(cols ...string) *UpdateQuery { return q }

func (q *UpdateQuery) Where(query string, args ...any) *UpdateQuery { return q }

func (q *UpdateQuery) WhereOr(query string, args ...any) *UpdateQuery { return q }

func (q *UpdateQuery) WhereGroup(sep string, fn func(*UpdateQuery) *UpdateQuery) *UpdateQuery {
	return q
}

func (q *UpdateQuery) Returning(query string, args ...any) *UpdateQuery { return q }

func (q *UpdateQuery) Exec(ctx context.Context, dest ...any) (sql.Result, error) { return nil, nil }

func (q *UpdateQuery) Scan(ctx context.Context, dest ...any) error { return nil }

type DeleteQuery struct{}

func (q *DeleteQuery) Model(model any) *DeleteQuery { return q }

func (q *DeleteQuery) Table(tables ...string) *DeleteQuery { return q }

func (q *DeleteQuery) ModelTableExpr(query string, args ...any) *DeleteQuery { return q }

func (q *DeleteQuery) WherePK(cols ...string) *DeleteQuery { return q }

func (q *DeleteQuery) Where(query string, args ...any) *DeleteQuery { return q }

func (q *DeleteQuery) WhereOr(query string, args ...any) *DeleteQuery { return q }

func (q *DeleteQuery) WhereGroup(sep string, fn func(*DeleteQuery) *DeleteQuery) *DeleteQuery {
	return q
}

func (q *DeleteQuery) ForceDelete() *DeleteQuery { return q }

func (q *DeleteQuery) Returning(query string, args ...any) *DeleteQuery { return q }

func (q *DeleteQuery) Exec(ctx context.Context, dest ...any) (sql.Result, error) { return nil, nil }

func (q *DeleteQuery) Scan(ctx context.Context, dest ...any) error { return nil }
