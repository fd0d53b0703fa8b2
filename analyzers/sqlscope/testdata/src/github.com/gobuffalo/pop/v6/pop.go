// Package pop is a stand-in for github.com/gobuffalo/pop/v6 v6.4.1: the signatures sqlscope's
// tests use, checked against the real module. The bodies do nothing.
package pop

import (
	"context"
	"database/sql"
)

// Connection is a database connection or a transaction (pop's Transaction callback receives a
// *Connection too).
type Connection struct {
	ID    string
	Store store
	TX    *Tx
}

type store interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Tx is a pop transaction.
type Tx struct {
	ID int
	*sql.Tx
}

// Query is a statement under construction.
type Query struct {
	RawSQL     *clause
	Connection *Connection
}

type clause struct {
	Fragment  string
	Arguments []any
}

// ScopeFunc is applied to a query by Scope.
type ScopeFunc func(q *Query) *Query

// TableNameAble is a model that names its table.
type TableNameAble interface {
	TableName() string
}

func Connect(env string) (*Connection, error) { return &Connection{}, nil }

func NewConnection(deets any) (*Connection, error) { return &Connection{}, nil }

func Q(c *Connection) *Query { return &Query{Connection: c} }

func (c *Connection) Q() *Query                                       { return Q(c) }
func (c *Connection) WithContext(ctx context.Context) *Connection     { return c }
func (c *Connection) Transaction(fn func(tx *Connection) error) error { return fn(c) }
func (c *Connection) NewTransaction() (*Connection, error)            { return c, nil }
func (c *Connection) Close() error                                    { return nil }

func (c *Connection) Where(stmt string, args ...any) *Query    { return Q(c) }
func (c *Connection) RawQuery(stmt string, args ...any) *Query { return Q(c) }
func (c *Connection) Order(stmt string, args ...any) *Query    { return Q(c) }
func (c *Connection) Limit(limit int) *Query                   { return Q(c) }
func (c *Connection) Paginate(page, perPage int) *Query        { return Q(c) }
func (c *Connection) Select(fields ...string) *Query           { return Q(c) }
func (c *Connection) Eager(fields ...string) *Connection       { return c }
func (c *Connection) Scope(sf ScopeFunc) *Query                { return Q(c) }

func (c *Connection) Find(model, id any) error                             { return nil }
func (c *Connection) First(model any) error                                { return nil }
func (c *Connection) Last(model any) error                                 { return nil }
func (c *Connection) All(models any) error                                 { return nil }
func (c *Connection) Count(model any) (int, error)                         { return 0, nil }
func (c *Connection) Reload(model any) error                               { return nil }
func (c *Connection) Create(model any, excludeColumns ...string) error     { return nil }
func (c *Connection) Save(model any, excludeColumns ...string) error       { return nil }
func (c *Connection) Update(model any, excludeColumns ...string) error     { return nil }
func (c *Connection) UpdateColumns(model any, columnNames ...string) error { return nil }
func (c *Connection) Destroy(model any) error                              { return nil }

func (q *Query) Where(stmt string, args ...any) *Query          { return q }
func (q *Query) RawQuery(stmt string, args ...any) *Query       { return q }
func (q *Query) Order(stmt string, args ...any) *Query          { return q }
func (q *Query) Limit(limit int) *Query                         { return q }
func (q *Query) Paginate(page, perPage int) *Query              { return q }
func (q *Query) Select(fields ...string) *Query                 { return q }
func (q *Query) Eager(fields ...string) *Query                  { return q }
func (q *Query) Scope(sf ScopeFunc) *Query                      { return sf(q) }
func (q *Query) GroupBy(field string, fields ...string) *Query  { return q }
func (q *Query) Join(table, on string, args ...any) *Query      { return q }
func (q *Query) LeftJoin(table, on string, args ...any) *Query  { return q }
func (q *Query) InnerJoin(table, on string, args ...any) *Query { return q }

func (q *Query) Find(model, id any) error                                    { return nil }
func (q *Query) First(model any) error                                       { return nil }
func (q *Query) Last(model any) error                                        { return nil }
func (q *Query) All(models any) error                                        { return nil }
func (q *Query) Exists(model any) (bool, error)                              { return false, nil }
func (q *Query) Exec() error                                                 { return nil }
func (q *Query) ExecWithCount() (int, error)                                 { return 0, nil }
func (q *Query) Delete(model any) error                                      { return nil }
func (q *Query) UpdateQuery(model any, columnNames ...string) (int64, error) { return 0, nil }

// Count and CountByField have value receivers, as in pop.
func (q Query) Count(model any) (int, error)                      { return 0, nil }
func (q Query) CountByField(model any, field string) (int, error) { return 0, nil }
