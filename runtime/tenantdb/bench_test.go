package tenantdb_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/internal/pgtest"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

// benchEnv seeds one tenant with 100 projects and returns a one-connection pool, the tenant
// and a project id to look up by the (tenant_id, id) index. Both benchmarks run the same
// SELECT on the same row-level-secured table; the plain transaction has no tenant, so RLS hides
// the row from it and it does slightly less work than WithTenant, which favours the plain side.
func benchEnv(b *testing.B) (*pgxpool.Pool, tenant.ID, string) {
	b.Helper()
	env := pgtest.New(b)
	pool := env.Pool(b, 1)
	ids, projects := seed(b, env, pool, 100, "bench")
	return pool, ids[0], projects[ids[0]][50]
}

func selectProject(ctx context.Context, tx pgx.Tx, id tenant.ID, project string) error {
	var name string
	err := tx.QueryRow(ctx, "SELECT name FROM projects WHERE tenant_id = $1 AND id = $2", id, project).Scan(&name)
	if errors.Is(err, pgx.ErrNoRows) { // the plain transaction has no tenant: RLS hides the row
		return nil
	}
	return err
}

func plainTx(ctx context.Context, pool *pgxpool.Pool, id tenant.ID, project string) error {
	tx, err := pool.BeginTx(ctx, pgx.TxOptions{})
	if err != nil {
		return err
	}
	//tenantvet:ignore TV1001 -- the benchmark baseline is a plain transaction without a tenant, by design
	if err := selectProject(ctx, tx, id, project); err != nil {
		_ = tx.Rollback(ctx)
		return err
	}
	return tx.Commit(ctx)
}

func tenantTx(ctx context.Context, pool *pgxpool.Pool, id tenant.ID, project string) error {
	return tenantdb.WithTenant(ctx, pool, id, func(tx pgx.Tx) error {
		return selectProject(ctx, tx, id, project)
	})
}

func BenchmarkWithTenant(b *testing.B) {
	pool, id, project := benchEnv(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if err := tenantTx(ctx, pool, id, project); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPlainTx(b *testing.B) {
	pool, id, project := benchEnv(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if err := plainTx(ctx, pool, id, project); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRatio interleaves both kinds of transaction on the same pool and reports the
// throughput of WithTenant relative to a plain transaction (1.0 means no overhead).
func BenchmarkRatio(b *testing.B) {
	pool, id, project := benchEnv(b)
	ctx := context.Background()
	b.Run("withtenant_vs_plain", func(b *testing.B) {
		var plain, scoped time.Duration
		for b.Loop() {
			start := time.Now()
			if err := plainTx(ctx, pool, id, project); err != nil {
				b.Fatal(err)
			}
			mid := time.Now()
			if err := tenantTx(ctx, pool, id, project); err != nil {
				b.Fatal(err)
			}
			scoped += time.Since(mid)
			plain += mid.Sub(start)
		}
		if scoped > 0 {
			b.ReportMetric(float64(plain)/float64(scoped), "throughput-ratio")
			b.ReportMetric(float64(plain.Nanoseconds())/float64(b.N), "plain-ns/tx")
			b.ReportMetric(float64(scoped.Nanoseconds())/float64(b.N), "tenant-ns/tx")
		}
	})
}
