// Package pgxpool is a stand-in for github.com/jackc/pgx/v5/pgxpool.
package pgxpool

import (
	"context"

	"github.com/jackc/pgx/v5"
)

type Pool struct{}

func New(ctx context.Context, connString string) (*Pool, error) { return nil, nil }

func (p *Pool) Acquire(ctx context.Context) (*Conn, error) { return nil, nil }
func (p *Pool) Begin(ctx context.Context) (pgx.Tx, error)  { return nil, nil }
func (p *Pool) BeginTx(ctx context.Context, txOptions pgx.TxOptions) (pgx.Tx, error) {
	return nil, nil
}
func (p *Pool) Exec(ctx context.Context, sql string, arguments ...any) (pgx.CommandTag, error) {
	return pgx.CommandTag{}, nil
}
func (p *Pool) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return nil, nil
}
func (p *Pool) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row { return nil }
func (p *Pool) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults  { return nil }
func (p *Pool) CopyFrom(ctx context.Context, tableName pgx.Identifier, columnNames []string, rowSrc pgx.CopyFromSource) (int64, error) {
	return 0, nil
}

type Conn struct{}

func (c *Conn) Release()                                  {}
func (c *Conn) Begin(ctx context.Context) (pgx.Tx, error) { return nil, nil }
func (c *Conn) BeginTx(ctx context.Context, txOptions pgx.TxOptions) (pgx.Tx, error) {
	return nil, nil
}
func (c *Conn) Exec(ctx context.Context, sql string, arguments ...any) (pgx.CommandTag, error) {
	return pgx.CommandTag{}, nil
}
func (c *Conn) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return nil, nil
}
func (c *Conn) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row { return nil }

// Ping runs a query on the pool itself, as the real pgxpool does internally: the package that
// defines the query API is not the application's code, and sqlscope leaves it alone.
func (p *Pool) Ping(ctx context.Context) error {
	_, err := p.Exec(ctx, "SELECT 1 FROM notes")
	return err
}
