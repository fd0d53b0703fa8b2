package tenantdb_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/internal/pgtest"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

// MinThroughputRatio is the least throughput of WithTenant relative to a plain transaction
// that issue 3 accepts.
const MinThroughputRatio = 0.9

// benchEnv seeds one tenant with 100 projects and returns a one-connection pgxpool, the tenant
// and a project id to look up by the (tenant_id, id) index.
//
// With sameRow, the pool's connections carry the tenant as a session default (a startup
// parameter), so a plain transaction without WithTenant reads the same row through the same row
// level security policy: both sides then run the same SELECT with the same plan and the same
// result, and the only difference is what WithTenant adds. (A session-level tenant is exactly
// what production code must not do; here it only gives the baseline equal work.) Without
// sameRow, RLS hides the row from the plain transaction, which then does less work than
// WithTenant: it returns no row.
func benchEnv(b *testing.B, sameRow bool) (*pgxpool.Pool, tenant.ID, string) {
	b.Helper()
	env := pgtest.New(b)
	ids, projects := seed(b, env, env.Pool(b, 1), 100, "bench")
	cfg := env.AppConfig()
	if sameRow {
		cfg.RuntimeParams[tenantdb.DefaultSetting] = ids[0].String()
	}
	return env.PoolConfig(b, cfg, 1), ids[0], projects[ids[0]][50]
}

func selectProject(ctx context.Context, tx pgx.Tx, id tenant.ID, project string) (bool, error) {
	var name string
	err := tx.QueryRow(ctx, "SELECT name FROM projects WHERE tenant_id = $1 AND id = $2", id, project).Scan(&name)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

func plainTx(ctx context.Context, pool *pgxpool.Pool, id tenant.ID, project string) (bool, error) {
	tx, err := pool.BeginTx(ctx, pgx.TxOptions{})
	if err != nil {
		return false, err
	}
	//tenantvet:ignore TV1001 -- the benchmark baseline is a plain transaction, by design
	found, err := selectProject(ctx, tx, id, project)
	if err != nil {
		_ = tx.Rollback(ctx)
		return false, err
	}
	return found, tx.Commit(ctx)
}

func tenantTx(ctx context.Context, pool *pgxpool.Pool, id tenant.ID, project string) (found bool, err error) {
	err = tenantdb.WithTenant(ctx, pool, id, func(tx pgx.Tx) error {
		found, err = selectProject(ctx, tx, id, project)
		return err
	})
	return found, err
}

func BenchmarkWithTenant(b *testing.B) {
	pool, id, project := benchEnv(b, false)
	ctx := context.Background()
	for b.Loop() {
		if found, err := tenantTx(ctx, pool, id, project); err != nil || !found {
			b.Fatalf("found %v, %v", found, err)
		}
	}
}

func BenchmarkPlainTx(b *testing.B) {
	pool, id, project := benchEnv(b, true)
	ctx := context.Background()
	for b.Loop() {
		if found, err := plainTx(ctx, pool, id, project); err != nil || !found {
			b.Fatalf("found %v, %v", found, err)
		}
	}
}

// BenchmarkRatio runs both kinds of transaction on the same one-connection pool, alternating
// which goes first, and reports the throughput of WithTenant relative to a plain transaction
// (1.0 means no overhead) in two ways: from the total time of each kind ("throughput-ratio")
// and from the median transaction of each kind ("median-ratio"), which a busy machine disturbs
// far less. same_row is the comparison issue 3 asks for (the same SELECT with the same result);
// it logs when the median ratio is below MinThroughputRatio. plain_sees_no_row is reported
// for reference: there the plain transaction returns no row and does less work.
func BenchmarkRatio(b *testing.B) {
	for _, c := range []struct {
		name    string
		sameRow bool
	}{{"same_row", true}, {"plain_sees_no_row", false}} {
		b.Run(c.name, func(b *testing.B) {
			pool, id, project := benchEnv(b, c.sameRow)
			ctx := context.Background()
			var plain, scoped []time.Duration
			run := func(f func(context.Context, *pgxpool.Pool, tenant.ID, string) (bool, error), wantRow bool) time.Duration {
				start := time.Now()
				found, err := f(ctx, pool, id, project)
				d := time.Since(start)
				if err != nil || found != wantRow {
					b.Fatalf("found %v, %v; want found %v", found, err, wantRow)
				}
				return d
			}
			i := 0
			for b.Loop() {
				if i%2 == 0 {
					plain = append(plain, run(plainTx, c.sameRow))
					scoped = append(scoped, run(tenantTx, true))
				} else {
					scoped = append(scoped, run(tenantTx, true))
					plain = append(plain, run(plainTx, c.sameRow))
				}
				i++
			}
			sum := func(ds []time.Duration) (s time.Duration) {
				for _, d := range ds {
					s += d
				}
				return s
			}
			median := func(ds []time.Duration) time.Duration {
				slices.Sort(ds)
				return ds[len(ds)/2]
			}
			ratio := float64(sum(plain)) / float64(sum(scoped))
			medPlain, medScoped := median(plain), median(scoped)
			medRatio := float64(medPlain) / float64(medScoped)
			b.ReportMetric(ratio, "throughput-ratio")
			b.ReportMetric(medRatio, "median-ratio")
			b.ReportMetric(float64(medPlain.Nanoseconds()), "plain-median-ns/tx")
			b.ReportMetric(float64(medScoped.Nanoseconds()), "tenant-median-ns/tx")
			// Timings are reported, never asserted: a loaded machine would make the benchmark
			// flaky. Compare median-ratio with MinThroughputRatio when reading the results.
			if c.sameRow && len(plain) >= 1000 && medRatio < MinThroughputRatio {
				b.Logf("median ratio %.3f is below the %.2f target", medRatio, MinThroughputRatio)
			}
		})
	}
}
