package pgtest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/jackc/pgx/v5"
)

// SQLDB returns a *sql.DB connected as the application role through a minimal database/sql
// driver over pgx (github.com/jackc/pgx/v5/stdlib needs a module go.sum does not list). It
// supports what the tests use: BeginTx with isolation and read-only options, ExecContext and
// QueryContext with arguments.
func (e *Env) SQLDB(t testing.TB, maxConns int) *sql.DB {
	db := sql.OpenDB(connector{cfg: e.AppConfig()})
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	t.Cleanup(func() { _ = db.Close() })
	return db
}

type connector struct{ cfg *pgx.ConnConfig }

func (c connector) Connect(ctx context.Context) (driver.Conn, error) {
	pc, err := pgx.ConnectConfig(ctx, c.cfg.Copy())
	if err != nil {
		return nil, err
	}
	return &sqlConn{c: pc}, nil
}

func (c connector) Driver() driver.Driver { return sqlDriver{} }

type sqlDriver struct{}

func (sqlDriver) Open(string) (driver.Conn, error) {
	return nil, errors.New("pgtest driver: use sql.OpenDB")
}

type sqlConn struct{ c *pgx.Conn }

var (
	_ driver.ConnBeginTx       = (*sqlConn)(nil)
	_ driver.ExecerContext     = (*sqlConn)(nil)
	_ driver.QueryerContext    = (*sqlConn)(nil)
	_ driver.NamedValueChecker = (*sqlConn)(nil)
	_ driver.SessionResetter   = (*sqlConn)(nil)
	_ driver.Validator         = (*sqlConn)(nil)
)

func (s *sqlConn) Prepare(string) (driver.Stmt, error) {
	return nil, errors.New("pgtest driver: prepared statements are not supported")
}

func (s *sqlConn) Close() error { return s.c.Close(context.Background()) }

func (s *sqlConn) Begin() (driver.Tx, error) {
	return s.BeginTx(context.Background(), driver.TxOptions{})
}

func (s *sqlConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	var o pgx.TxOptions
	switch sql.IsolationLevel(opts.Isolation) {
	case sql.LevelDefault:
	case sql.LevelReadCommitted:
		o.IsoLevel = pgx.ReadCommitted
	case sql.LevelRepeatableRead:
		o.IsoLevel = pgx.RepeatableRead
	case sql.LevelSerializable:
		o.IsoLevel = pgx.Serializable
	default:
		return nil, fmt.Errorf("pgtest driver: isolation level %d not supported", opts.Isolation)
	}
	if opts.ReadOnly {
		o.AccessMode = pgx.ReadOnly
	}
	tx, err := s.c.BeginTx(ctx, o)
	if err != nil {
		return nil, err
	}
	return sqlTx{tx}, nil
}

func (s *sqlConn) CheckNamedValue(*driver.NamedValue) error { return nil }

func (s *sqlConn) ResetSession(context.Context) error {
	if !s.IsValid() {
		return driver.ErrBadConn
	}
	return nil
}

func (s *sqlConn) IsValid() bool {
	return !s.c.IsClosed() && s.c.PgConn().TxStatus() == 'I'
}

func args(nv []driver.NamedValue) []any {
	out := make([]any, len(nv))
	for i, v := range nv {
		out[i] = v.Value
	}
	return out
}

func (s *sqlConn) ExecContext(ctx context.Context, q string, nv []driver.NamedValue) (driver.Result, error) {
	tag, err := s.c.Exec(ctx, q, args(nv)...)
	if err != nil {
		return nil, err
	}
	return driver.RowsAffected(tag.RowsAffected()), nil
}

func (s *sqlConn) QueryContext(ctx context.Context, q string, nv []driver.NamedValue) (driver.Rows, error) {
	rows, err := s.c.Query(ctx, q, args(nv)...)
	if err != nil {
		return nil, err
	}
	return &sqlRows{rows: rows}, nil
}

type sqlTx struct{ tx pgx.Tx }

func (t sqlTx) Commit() error   { return t.tx.Commit(context.Background()) }
func (t sqlTx) Rollback() error { return t.tx.Rollback(context.Background()) }

type sqlRows struct{ rows pgx.Rows }

func (r *sqlRows) Columns() []string {
	fds := r.rows.FieldDescriptions()
	names := make([]string, len(fds))
	for i, fd := range fds {
		names[i] = fd.Name
	}
	return names
}

func (r *sqlRows) Close() error {
	r.rows.Close()
	return r.rows.Err()
}

func (r *sqlRows) Next(dest []driver.Value) error {
	if !r.rows.Next() {
		if err := r.rows.Err(); err != nil {
			return err
		}
		return io.EOF
	}
	vals, err := r.rows.Values()
	if err != nil {
		return err
	}
	for i, v := range vals {
		switch x := v.(type) {
		case nil, string, int64, float64, bool, []byte:
			dest[i] = x
		case int32:
			dest[i] = int64(x)
		case int16:
			dest[i] = int64(x)
		case [16]byte:
			dest[i] = fmt.Sprintf("%x-%x-%x-%x-%x", x[0:4], x[4:6], x[6:8], x[8:10], x[10:16])
		default:
			dest[i] = fmt.Sprint(x)
		}
	}
	return nil
}
