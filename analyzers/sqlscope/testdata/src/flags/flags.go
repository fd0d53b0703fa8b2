package flags

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

var pool *pgxpool.Pool

// inTenant is the project's own scope helper: -scope-helpers=flags.inTenant:2:1.
func inTenant(ctx context.Context, id tenant.ID, fn func(db pgx.Tx) error) error {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	tx.Exec(ctx, "SELECT set_config('app.tenant_id', $1, true)", id) // the helper itself: tables none
	return fn(tx)
}

func usesHelper(ctx context.Context, tc tenant.Context, id string) error {
	return inTenant(ctx, tc.TenantID, func(db pgx.Tx) error {
		_, err := db.Exec(ctx, "DELETE FROM rules WHERE id = $1", id)
		return err
	})
}

func helperWithZeroTenant(ctx context.Context) error {
	return inTenant(ctx, tenant.ID{}, func(db pgx.Tx) error { return nil }) // want `tenant for flags.inTenant is the zero tenant.ID`
}

// Runner is the project's query wrapper: -query-functions=flags.Runner.Run.
type Runner struct{ pool *pgxpool.Pool }

func (r *Runner) Run(ctx context.Context, sql string) error { return nil }

var runner = &Runner{pool: pool}

func usesRunner(ctx context.Context) {
	runner.Run(ctx, "DELETE FROM rules") // want `query on \*flags.Runner outside a tenant scope`
}

// migrateAll is allowed: -allow-functions=flags.migrateAll.
func migrateAll(ctx context.Context) {
	pool.Exec(ctx, "UPDATE rules SET version = 2")
}
