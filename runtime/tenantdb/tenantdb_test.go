package tenantdb_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/tenantvet/tenantvet/runtime/internal/pgtest"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

// seed creates tenants with n projects each and returns the tenants and their project ids.
func seed(t testing.TB, env *pgtest.Env, db tenantdb.Beginner, n int, slugs ...string) ([]tenant.ID, map[tenant.ID][]string) {
	t.Helper()
	ctx := context.Background()
	var ids []tenant.ID
	projects := map[tenant.ID][]string{}
	for _, s := range slugs {
		id := env.NewTenant(t, s)
		ids = append(ids, id)
		err := tenantdb.WithTenant(ctx, db, id, func(tx pgx.Tx) error {
			for i := range n {
				var pid string
				if err := tx.QueryRow(ctx, "INSERT INTO projects (tenant_id, name) VALUES ($1, $2) RETURNING id::text",
					id, fmt.Sprintf("%s-%d", s, i)).Scan(&pid); err != nil {
					return err
				}
				projects[id] = append(projects[id], pid)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("seed %s: %v", s, err)
		}
	}
	return ids, projects
}

type countingBeginner struct{ calls atomic.Int32 }

func (c *countingBeginner) BeginTx(context.Context, pgx.TxOptions) (pgx.Tx, error) {
	c.calls.Add(1)
	return nil, errors.New("should not be called")
}

func TestZeroTenantIsRejectedBeforeBegin(t *testing.T) {
	var b countingBeginner
	fn := func(pgx.Tx) error { t.Fatal("callback ran"); return nil }
	for _, f := range []func(context.Context, tenantdb.Beginner, tenant.ID, func(pgx.Tx) error, ...tenantdb.Option) error{
		tenantdb.WithTenant, tenantdb.WithTenantReadOnly,
	} {
		if err := f(context.Background(), &b, tenant.ID{}, fn); !errors.Is(err, tenantdb.ErrNoTenant) {
			t.Errorf("error = %v, want ErrNoTenant", err)
		}
	}
	//tenantvet:ignore TV1002 -- a fixed tenant is enough to prove an invalid setting name is rejected
	if err := tenantdb.WithTenant(context.Background(), &b, tenant.MustParse("7c9e6679-7425-40de-944b-e07fc1f90ae7"), fn,
		tenantdb.WithSetting("bad name")); err == nil {
		t.Error("invalid setting accepted")
	}
	if b.calls.Load() != 0 {
		t.Errorf("BeginTx called %d times", b.calls.Load())
	}
}

func TestTenantCannotReachOtherTenantsRows(t *testing.T) {
	env := pgtest.New(t)
	pool := env.Pool(t, 2)
	ctx := context.Background()
	ids, projects := seed(t, env, pool, 3, "acme", "globex")
	a, b := ids[0], ids[1]
	bProject := projects[b][0]

	err := tenantdb.WithTenant(ctx, pool, a, func(tx pgx.Tx) error {
		var name string
		err := tx.QueryRow(ctx, "SELECT name FROM projects WHERE id = $1", bProject).Scan(&name)
		if !errors.Is(err, pgx.ErrNoRows) {
			t.Errorf("select B's project as A: %q, %v; want no rows", name, err)
		}
		tag, err := tx.Exec(ctx, "UPDATE projects SET name = 'pwned' WHERE id = $1", bProject)
		if err != nil || tag.RowsAffected() != 0 {
			t.Errorf("update B's project as A: %v rows, %v", tag.RowsAffected(), err)
		}
		tag, err = tx.Exec(ctx, "DELETE FROM projects WHERE id = $1", bProject)
		if err != nil || tag.RowsAffected() != 0 {
			t.Errorf("delete B's project as A: %v rows, %v", tag.RowsAffected(), err)
		}
		var n int
		if err := tx.QueryRow(ctx, "SELECT count(*) FROM projects").Scan(&n); err != nil || n != 3 {
			t.Errorf("A sees %d projects (%v), want 3", n, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = tenantdb.WithTenant(ctx, pool, a, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "INSERT INTO projects (tenant_id, name) VALUES ($1, 'planted')", b)
		return err
	})
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "42501" {
		t.Errorf("insert into B as A: %v, want row level security violation", err)
	}
	err = tenantdb.WithTenantReadOnly(ctx, pool, b, func(tx pgx.Tx) error {
		var name string
		if err := tx.QueryRow(ctx, "SELECT name FROM projects WHERE id = $1", bProject).Scan(&name); err != nil {
			return err
		}
		if name != "globex-0" {
			t.Errorf("B's project name = %q", name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestQueryWithoutTenantFailsClosed(t *testing.T) {
	env := pgtest.New(t)
	pool := env.Pool(t, 1)
	ctx := context.Background()
	ids, _ := seed(t, env, pool, 2, "acme")
	conn := env.Conn(t)
	var n int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM projects").Scan(&n); err != nil || n != 0 {
		t.Errorf("count without tenant = %d, %v; want 0", n, err)
	}
	_, err := conn.Exec(ctx, "INSERT INTO projects (tenant_id, name) VALUES ($1, 'x')", ids[0])
	if err == nil {
		t.Error("insert without tenant succeeded")
	}
	// An empty setting (what RESET leaves behind) is also no tenant.
	if _, err := conn.Exec(ctx, "SELECT set_config('app.tenant_id', '', false)"); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM projects").Scan(&n); err != nil || n != 0 {
		t.Errorf("count with empty tenant = %d, %v; want 0", n, err)
	}
}

func TestReadOnly(t *testing.T) {
	env := pgtest.New(t)
	pool := env.Pool(t, 1)
	ctx := context.Background()
	id := env.NewTenant(t, "acme")
	err := tenantdb.WithTenantReadOnly(ctx, pool, id, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "INSERT INTO projects (tenant_id, name) VALUES ($1, 'x')", id)
		return err
	})
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "25006" {
		t.Errorf("insert in read-only tenant tx: %v, want read_only_sql_transaction", err)
	}
}

func TestCustomSetting(t *testing.T) {
	env := pgtest.New(t)
	pool := env.Pool(t, 1)
	ctx := context.Background()
	id := env.NewTenant(t, "acme")
	err := tenantdb.WithTenant(ctx, pool, id, func(tx pgx.Tx) error {
		var got, def string
		err := tx.QueryRow(ctx, "SELECT current_setting('acme.tenant', true), coalesce(current_setting('app.tenant_id', true), '')").Scan(&got, &def)
		if err != nil {
			return err
		}
		if got != id.String() || def != "" {
			t.Errorf("acme.tenant = %q, app.tenant_id = %q", got, def)
		}
		return nil
	}, tenantdb.WithSetting("acme.tenant"), tenantdb.WithIsolation(pgx.RepeatableRead))
	if err != nil {
		t.Fatal(err)
	}
}

// connState reports the backend pid, the tenant setting and the number of visible projects
// of the next connection the pool hands out, in a plain transaction with no tenant.
func connState(t *testing.T, pool tenantdb.Beginner) (pid uint32, setting string, rows int) {
	t.Helper()
	ctx := context.Background()
	tx, err := pool.BeginTx(ctx, pgx.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	err = tx.QueryRow(ctx, `SELECT pg_backend_pid(), coalesce(current_setting('app.tenant_id', true), ''),
		(SELECT count(*) FROM projects)`).Scan(&pid, &setting, &rows)
	if err != nil {
		t.Fatal(err)
	}
	return pid, setting, rows
}

func TestPooledConnectionCarriesNoTenant(t *testing.T) {
	env := pgtest.New(t)
	pool := env.Pool(t, 1)
	ids, _ := seed(t, env, pool, 2, "acme")
	id := ids[0]
	errBoom := errors.New("boom")

	tests := []struct {
		name     string
		run      func() error
		wantErr  func(error) bool
		samePID  bool
		panicked bool
	}{
		{"commit", func() error {
			return tenantdb.WithTenant(context.Background(), pool, id, func(tx pgx.Tx) error {
				_, err := tx.Exec(context.Background(), "SELECT count(*) FROM projects")
				return err
			})
		}, func(err error) bool { return err == nil }, true, false},
		{"rollback on error", func() error {
			return tenantdb.WithTenant(context.Background(), pool, id, func(tx pgx.Tx) error {
				return errBoom
			})
		}, func(err error) bool { return errors.Is(err, errBoom) }, true, false},
		{"rollback on panic", func() (err error) {
			defer func() {
				if p := recover(); p != "kaboom" {
					t.Errorf("recovered %v, want the re-raised panic", p)
				}
				err = errBoom
			}()
			return tenantdb.WithTenant(context.Background(), pool, id, func(tx pgx.Tx) error {
				panic("kaboom")
			})
		}, func(err error) bool { return errors.Is(err, errBoom) }, true, true},
		{"context cancelled in callback", func() error {
			ctx, cancel := context.WithCancel(context.Background())
			return tenantdb.WithTenant(ctx, pool, id, func(tx pgx.Tx) error {
				if _, err := tx.Exec(ctx, "INSERT INTO projects (tenant_id, name) VALUES ($1, 'cancelled')", id); err != nil {
					return err
				}
				cancel()
				return nil
			})
		}, func(err error) bool { return errors.Is(err, context.Canceled) }, true, false},
		{"context cancelled during query", func() error {
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			return tenantdb.WithTenant(ctx, pool, id, func(tx pgx.Tx) error {
				_, err := tx.Exec(ctx, "SELECT pg_sleep(5)")
				return err
			})
		}, func(err error) bool { return err != nil }, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			//tenantvet:ignore TV1001 -- connState inspects the pooled connection outside any tenant scope on purpose
			before, _, _ := connState(t, pool)
			if err := tt.run(); !tt.wantErr(err) {
				t.Fatalf("unexpected error %v", err)
			}
			//tenantvet:ignore TV1001 -- the next use of the connection must see no tenant: that is the assertion
			pid, setting, rows := connState(t, pool)
			if setting != "" || rows != 0 {
				t.Errorf("next use of the connection: app.tenant_id = %q, %d rows visible", setting, rows)
			}
			if tt.samePID && pid != before {
				t.Errorf("connection was replaced (pid %d -> %d), want it reused", before, pid)
			}
		})
	}
	// The cancelled insert was rolled back.
	err := tenantdb.WithTenantReadOnly(context.Background(), pool, id, func(tx pgx.Tx) error {
		var n int
		if err := tx.QueryRow(context.Background(), "SELECT count(*) FROM projects WHERE name = 'cancelled'").Scan(&n); err != nil {
			return err
		}
		if n != 0 {
			t.Errorf("cancelled insert committed")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestWithTenantOnConn runs WithTenant on a bare *pgx.Conn (no pool): after a commit, an
// error, a panic or a cancelled context the connection carries no tenant and sees no rows.
func TestWithTenantOnConn(t *testing.T) {
	env := pgtest.New(t)
	pool := env.Pool(t, 1)
	ids, projects := seed(t, env, pool, 2, "acme", "globex")
	a, b := ids[0], ids[1]
	conn := env.Conn(t)
	errBoom := errors.New("boom")
	tests := []struct {
		name string
		run  func(ctx context.Context, cancel func()) error
		want func(error) bool
	}{
		{"commit", func(ctx context.Context, _ func()) error {
			return tenantdb.WithTenant(ctx, conn, a, func(tx pgx.Tx) error {
				var name string
				err := tx.QueryRow(ctx, "SELECT name FROM projects WHERE id = $1", projects[b][0]).Scan(&name)
				if !errors.Is(err, pgx.ErrNoRows) {
					t.Errorf("B's project as A on a conn: %q, %v", name, err)
				}
				_, err = tx.Exec(ctx, "INSERT INTO projects (tenant_id, name) VALUES ($1, 'conn')", a)
				return err
			})
		}, func(err error) bool { return err == nil }},
		{"error", func(ctx context.Context, _ func()) error {
			return tenantdb.WithTenant(ctx, conn, a, func(pgx.Tx) error { return errBoom })
		}, func(err error) bool { return errors.Is(err, errBoom) }},
		{"panic", func(ctx context.Context, _ func()) (err error) {
			defer func() {
				if recover() == nil {
					t.Error("panic was swallowed")
				}
				err = errBoom
			}()
			return tenantdb.WithTenant(ctx, conn, a, func(pgx.Tx) error { panic("kaboom") })
		}, func(err error) bool { return errors.Is(err, errBoom) }},
		{"cancelled", func(ctx context.Context, cancel func()) error {
			return tenantdb.WithTenant(ctx, conn, a, func(tx pgx.Tx) error {
				if _, err := tx.Exec(ctx, "INSERT INTO projects (tenant_id, name) VALUES ($1, 'cancelled')", a); err != nil {
					return err
				}
				cancel()
				return nil
			})
		}, func(err error) bool { return errors.Is(err, context.Canceled) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if err := tt.run(ctx, cancel); !tt.want(err) {
				t.Fatalf("unexpected error %v", err)
			}
			var setting string
			var n int
			err := conn.QueryRow(context.Background(), "SELECT coalesce(current_setting('app.tenant_id', true), ''), (SELECT count(*) FROM projects)").Scan(&setting, &n)
			if err != nil || setting != "" || n != 0 {
				t.Errorf("connection afterwards: setting %q, %d rows, %v", setting, n, err)
			}
		})
	}
	err := tenantdb.WithTenantReadOnly(context.Background(), conn, a, func(tx pgx.Tx) error {
		var names []string
		rows, err := tx.Query(context.Background(), "SELECT name FROM projects WHERE name IN ('conn', 'cancelled') ORDER BY name")
		if err != nil {
			return err
		}
		if names, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
			return err
		}
		if len(names) != 1 || names[0] != "conn" {
			t.Errorf("committed rows %v, want only the committed insert", names)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// writeCounter counts client writes to the server: every round trip starts with one.
type writeCounter struct {
	net.Conn
	n *atomic.Int64
}

func (c writeCounter) Write(b []byte) (int, error) {
	c.n.Add(1)
	return c.Conn.Write(b)
}

func TestTenantCostsNoExtraRoundTrip(t *testing.T) {
	env := pgtest.New(t)
	var writes atomic.Int64
	cfg := env.AppConfig()
	dialer := &net.Dialer{}
	cfg.DialFunc = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dialer.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return writeCounter{Conn: c, n: &writes}, nil
	}
	pool := env.PoolConfig(t, cfg, 1)
	ids, projects := seed(t, env, pool, 1, "acme")
	ctx := context.Background()
	query := func(tx pgx.Tx) error {
		var name string
		err := tx.QueryRow(ctx, "SELECT name FROM projects WHERE id = $1", projects[ids[0]][0]).Scan(&name)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		return err
	}
	plain := func() error {
		tx, err := pool.BeginTx(ctx, pgx.TxOptions{})
		if err != nil {
			return err
		}
		if err := query(tx); err != nil {
			_ = tx.Rollback(ctx)
			return err
		}
		return tx.Commit(ctx)
	}
	scoped := func() error { return tenantdb.WithTenant(ctx, pool, ids[0], query) }
	count := func(f func() error) int64 {
		if err := f(); err != nil { // warm up the statement cache
			t.Fatal(err)
		}
		start := writes.Load()
		if err := f(); err != nil {
			t.Fatal(err)
		}
		return writes.Load() - start
	}
	p, s := count(plain), count(scoped)
	t.Logf("client writes per transaction: plain %d, WithTenant %d", p, s)
	if s != p {
		t.Errorf("WithTenant used %d writes, a plain transaction %d: the tenant setting costs a round trip", s, p)
	}
}

// TestStressNoCrossTenantRows runs 10,000 tenant transactions over random tenants from 64
// goroutines on a pool of 8 connections. A fifth of them write (insert a row, then roll back);
// between them run plain transactions that must see no tenant and no rows. Every transaction
// checks that it saw only its own tenant's rows and setting.
func TestStressNoCrossTenantRows(t *testing.T) {
	env := pgtest.New(t)
	pool := env.Pool(t, 8)
	const tenants, perTenant, workers, total = 16, 4, 64, 10000
	slugs := make([]string, tenants)
	for i := range slugs {
		slugs[i] = fmt.Sprintf("t%02d", i)
	}
	ids, _ := seed(t, env, pool, perTenant, slugs...)
	errRollback := errors.New("roll back the write")
	var (
		next, scoped, writes, plain             atomic.Int64
		crossRows, leaked, wrongCount, failures atomic.Int64
		wg                                      sync.WaitGroup
	)
	// check reads every visible project and counts what does not belong to id.
	check := func(ctx context.Context, tx pgx.Tx, id tenant.ID, want int) error {
		rows, err := tx.Query(ctx, "SELECT tenant_id::text, current_setting('app.tenant_id') FROM projects")
		if err != nil {
			return err
		}
		n := 0
		for rows.Next() {
			var tid, setting string
			if err := rows.Scan(&tid, &setting); err != nil {
				return err
			}
			n++
			if tid != id.String() {
				crossRows.Add(1)
			}
			if setting != id.String() {
				leaked.Add(1)
			}
		}
		if n != want {
			wrongCount.Add(1)
		}
		return rows.Err()
	}
	start := time.Now()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			rng := rand.New(rand.NewPCG(uint64(w), 42))
			for {
				if rng.IntN(10) == 0 {
					// A plain transaction must see no tenant and no rows.
					plain.Add(1)
					tx, err := pool.BeginTx(ctx, pgx.TxOptions{})
					if err != nil {
						failures.Add(1)
						continue
					}
					var setting string
					var n int
					//tenantvet:ignore TV1001 -- the stress test proves a plain transaction sees no tenant and no rows
					err = tx.QueryRow(ctx, "SELECT coalesce(current_setting('app.tenant_id', true), ''), (SELECT count(*) FROM projects)").Scan(&setting, &n)
					_ = tx.Rollback(ctx)
					if err != nil {
						failures.Add(1)
					} else if setting != "" || n != 0 {
						leaked.Add(1)
					}
					continue
				}
				if next.Add(1) > total {
					return
				}
				scoped.Add(1)
				id := ids[rng.IntN(len(ids))]
				if rng.IntN(5) == 0 {
					writes.Add(1)
					err := tenantdb.WithTenant(ctx, pool, id, func(tx pgx.Tx) error {
						if _, err := tx.Exec(ctx, "INSERT INTO projects (tenant_id, name) VALUES ($1, 'stress')", id); err != nil {
							return err
						}
						if err := check(ctx, tx, id, perTenant+1); err != nil {
							return err
						}
						return errRollback
					})
					if !errors.Is(err, errRollback) {
						failures.Add(1)
					}
					continue
				}
				err := tenantdb.WithTenantReadOnly(ctx, pool, id, func(tx pgx.Tx) error {
					return check(ctx, tx, id, perTenant)
				})
				if err != nil {
					failures.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	t.Logf("%d tenant transactions (%d writes rolled back) and %d plain ones over %d tenants with %d goroutines on 8 connections in %v",
		scoped.Load(), writes.Load(), plain.Load(), tenants, workers, time.Since(start).Round(time.Millisecond))
	if scoped.Load() != total || writes.Load() == 0 || plain.Load() == 0 {
		t.Fatalf("ran %d tenant transactions (%d writes) and %d plain ones, want %d with some of each", scoped.Load(), writes.Load(), plain.Load(), total)
	}
	if crossRows.Load() != 0 || leaked.Load() != 0 || wrongCount.Load() != 0 || failures.Load() != 0 {
		t.Fatalf("cross-tenant rows %d, leaked settings %d, wrong row counts %d, failures %d",
			crossRows.Load(), leaked.Load(), wrongCount.Load(), failures.Load())
	}
}

func TestWithTenantSQL(t *testing.T) {
	env := pgtest.New(t)
	pool := env.Pool(t, 1)
	db := env.SQLDB(t, 1)
	ctx := context.Background()
	ids, projects := seed(t, env, pool, 2, "acme", "globex")
	a, b := ids[0], ids[1]

	err := tenantdb.WithTenantSQL(ctx, db, a, func(tx *sql.Tx) error {
		var name string
		err := tx.QueryRowContext(ctx, "SELECT name FROM projects WHERE id = $1", projects[b][0]).Scan(&name)
		if !errors.Is(err, sql.ErrNoRows) {
			t.Errorf("B's project as A: %q, %v", name, err)
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO projects (tenant_id, name) VALUES ($1, 'sql')", a)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = tenantdb.WithTenantSQLReadOnly(ctx, db, a, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM projects").Scan(&n); err != nil {
			return err
		}
		if n != 3 {
			t.Errorf("A sees %d projects, want 3", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = tenantdb.WithTenantSQLReadOnly(ctx, db, a, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO projects (tenant_id, name) VALUES ($1, 'ro')", a)
		return err
	})
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "25006" {
		t.Errorf("insert in read-only transaction: %v, want read_only_sql_transaction", err)
	}
	errBoom := errors.New("boom")
	if err := tenantdb.WithTenantSQL(ctx, db, a, func(*sql.Tx) error { return errBoom }); !errors.Is(err, errBoom) {
		t.Fatalf("error = %v", err)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("panic was swallowed")
			}
		}()
		_ = tenantdb.WithTenantSQL(ctx, db, a, func(*sql.Tx) error { panic("kaboom") })
	}()
	ctx2, cancel := context.WithCancel(ctx)
	err = tenantdb.WithTenantSQL(ctx2, db, a, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx2, "INSERT INTO projects (tenant_id, name) VALUES ($1, 'cancelled')", a); err != nil {
			return err
		}
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v, want context.Canceled", err)
	}
	err = tenantdb.WithTenantSQLReadOnly(ctx, db, a, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM projects WHERE name = 'cancelled'").Scan(&n); err != nil {
			return err
		}
		if n != 0 {
			t.Errorf("the cancelled insert was committed")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The single pooled connection carries no tenant afterwards.
	var setting string
	var n int
	//tenantvet:ignore TV1001 -- proves the pooled connection carries no tenant afterwards
	err = db.QueryRowContext(ctx, "SELECT coalesce(current_setting('app.tenant_id', true), ''), (SELECT count(*) FROM projects)").Scan(&setting, &n)
	if err != nil || setting != "" || n != 0 {
		t.Errorf("after tenant transactions: setting %q, %d rows, %v", setting, n, err)
	}
	//tenantvet:ignore TV1002 -- the zero tenant is passed on purpose to prove it is rejected
	if err := tenantdb.WithTenantSQL(ctx, db, tenant.ID{}, func(*sql.Tx) error { return nil }); !errors.Is(err, tenantdb.ErrNoTenant) {
		t.Errorf("zero tenant: %v", err)
	}
}
