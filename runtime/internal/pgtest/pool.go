package pgtest

import (
	"context"
	"database/sql"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
)

// Pool returns a *pgxpool.Pool of at most maxConns application-role connections, closed at
// cleanup. It is pgx's own pool, so the tests prove what production code gets: a connection
// that comes back from a transaction is reused as it is, with no reset in between.
func (e *Env) Pool(t testing.TB, maxConns int) *pgxpool.Pool {
	t.Helper()
	return e.PoolConfig(t, e.AppConfig(), maxConns)
}

// PoolConfig is like Pool with a caller-supplied connection configuration (for example with
// a tracer or a dialer). cfg must come from AppConfig.
func (e *Env) PoolConfig(t testing.TB, cfg *pgx.ConnConfig, maxConns int) *pgxpool.Pool {
	t.Helper()
	pc, err := pgxpool.ParseConfig("")
	if err != nil {
		t.Fatalf("pool config: %v", err)
	}
	pc.ConnConfig = cfg
	pc.MaxConns = int32(maxConns)
	pc.MinConns = 0
	// Never ping on acquire: the round-trip and benchmark tests count every message.
	pc.ShouldPing = func(context.Context, pgxpool.ShouldPingParams) bool { return false }
	pool, err := pgxpool.NewWithConfig(context.Background(), pc)
	if err != nil {
		t.Fatalf("pool as %s: %v", e.AppRole, err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// SQLDB returns a *sql.DB connected as the application role through pgx's database/sql
// driver (github.com/jackc/pgx/v5/stdlib), closed at cleanup.
func (e *Env) SQLDB(t testing.TB, maxConns int) *sql.DB {
	t.Helper()
	db := stdlib.OpenDB(*e.AppConfig())
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	t.Cleanup(func() { _ = db.Close() })
	return db
}
