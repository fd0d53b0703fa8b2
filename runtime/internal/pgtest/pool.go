package pgtest

import (
	"context"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Pool is a minimal connection pool for the tests, standing in for *pgxpool.Pool: BeginTx
// takes a connection and the returned transaction gives it back on Commit or Rollback. Like
// pgxpool it discards connections that are closed or not idle (for example after a cancelled
// query) instead of reusing them. (pgxpool itself needs github.com/jackc/puddle/v2, which
// go.sum does not list.)
type Pool struct {
	cfg   *pgx.ConnConfig
	slots chan *pgx.Conn // nil entries are free slots without a connection yet

	mu  sync.Mutex
	all map[*pgx.Conn]struct{}
}

// Pool returns a pool of at most maxConns application-role connections, closed at cleanup.
func (e *Env) Pool(t testing.TB, maxConns int) *Pool {
	return e.PoolConfig(t, e.AppConfig(), maxConns)
}

// PoolConfig is like Pool with a caller-supplied configuration (for example with a tracer).
func (e *Env) PoolConfig(t testing.TB, cfg *pgx.ConnConfig, maxConns int) *Pool {
	p := &Pool{cfg: cfg, slots: make(chan *pgx.Conn, maxConns), all: map[*pgx.Conn]struct{}{}}
	for range maxConns {
		p.slots <- nil
	}
	t.Cleanup(p.Close)
	return p
}

// Acquire takes a connection, dialling one if the slot is empty.
func (p *Pool) Acquire(ctx context.Context) (*pgx.Conn, error) {
	var c *pgx.Conn
	select {
	case c = <-p.slots:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if c != nil && !c.IsClosed() {
		return c, nil
	}
	c, err := pgx.ConnectConfig(ctx, p.cfg.Copy())
	if err != nil {
		p.slots <- nil
		return nil, err
	}
	p.mu.Lock()
	p.all[c] = struct{}{}
	p.mu.Unlock()
	return c, nil
}

// Release gives a connection back, closing it when it is broken or inside a transaction.
func (p *Pool) Release(c *pgx.Conn) {
	if c.IsClosed() || c.PgConn().IsBusy() || c.PgConn().TxStatus() != 'I' {
		_ = c.Close(context.Background())
		p.mu.Lock()
		delete(p.all, c)
		p.mu.Unlock()
		c = nil
	}
	p.slots <- c
}

// BeginTx begins a transaction on a pooled connection.
func (p *Pool) BeginTx(ctx context.Context, opts pgx.TxOptions) (pgx.Tx, error) {
	c, err := p.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	tx, err := c.BeginTx(ctx, opts)
	if err != nil {
		p.Release(c)
		return nil, err
	}
	return &poolTx{Tx: tx, pool: p, conn: c}, nil
}

// Close closes all connections.
func (p *Pool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.all {
		_ = c.Close(context.Background())
	}
	p.all = map[*pgx.Conn]struct{}{}
}

type poolTx struct {
	pgx.Tx
	pool *Pool
	conn *pgx.Conn
	once sync.Once
}

func (t *poolTx) release() { t.once.Do(func() { t.pool.Release(t.conn) }) }

func (t *poolTx) Commit(ctx context.Context) error {
	err := t.Tx.Commit(ctx)
	t.release()
	return err
}

func (t *poolTx) Rollback(ctx context.Context) error {
	err := t.Tx.Rollback(ctx)
	t.release()
	return err
}
