// Package pgx is a stand-in for github.com/jackc/pgx/v5 with the signatures the tests need.
package pgx

import "context"

type CommandTag struct{}

type Rows interface {
	Close()
	Next() bool
	Scan(dest ...any) error
}

type Row interface {
	Scan(dest ...any) error
}

type Batch struct {
	QueuedQueries []*QueuedQuery
}

type QueuedQuery struct {
	SQL       string
	Arguments []any
}

func (b *Batch) Queue(query string, arguments ...any) *QueuedQuery {
	q := &QueuedQuery{SQL: query, Arguments: arguments}
	b.QueuedQueries = append(b.QueuedQueries, q)
	return q
}

func (b *Batch) Len() int { return len(b.QueuedQueries) }

type BatchResults interface{ Close() error }

type TxOptions struct{}

type Identifier []string

type CopyFromSource interface{ Next() bool }

type Tx interface {
	Begin(ctx context.Context) (Tx, error)
	Commit(ctx context.Context) error
	Rollback(ctx context.Context) error
	CopyFrom(ctx context.Context, tableName Identifier, columnNames []string, rowSrc CopyFromSource) (int64, error)
	SendBatch(ctx context.Context, b *Batch) BatchResults
	Exec(ctx context.Context, sql string, arguments ...any) (commandTag CommandTag, err error)
	Query(ctx context.Context, sql string, args ...any) (Rows, error)
	Prepare(ctx context.Context, name, sql string) (*StatementDescription, error)
	QueryRow(ctx context.Context, sql string, args ...any) Row
}

type Conn struct{}

// StatementDescription stands in for pgconn.StatementDescription.
type StatementDescription struct{ Name, SQL string }

func (c *Conn) Prepare(ctx context.Context, name, sql string) (*StatementDescription, error) {
	return nil, nil
}

func Connect(ctx context.Context, connString string) (*Conn, error) { return nil, nil }

func (c *Conn) Begin(ctx context.Context) (Tx, error) { return nil, nil }
func (c *Conn) BeginTx(ctx context.Context, txOptions TxOptions) (Tx, error) {
	return nil, nil
}
func (c *Conn) Exec(ctx context.Context, sql string, arguments ...any) (CommandTag, error) {
	return CommandTag{}, nil
}
func (c *Conn) Query(ctx context.Context, sql string, args ...any) (Rows, error) { return nil, nil }
func (c *Conn) QueryRow(ctx context.Context, sql string, args ...any) Row        { return nil }
