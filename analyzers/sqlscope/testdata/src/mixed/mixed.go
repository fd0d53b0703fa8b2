// Package mixed runs queries inside a tenant scope on a schema where one tenant table has row
// level security and another does not.
package mixed

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

var pool *pgxpool.Pool

// Row level security confines notes inside the scope: no filter is needed.
func notesInScope(ctx context.Context, id tenant.ID) error {
	return tenantdb.WithTenant(ctx, pool, id, func(tx pgx.Tx) error {
		_, err := tx.Query(ctx, "SELECT id, body FROM notes ORDER BY id")
		return err
	})
}

// api_keys has no row level security: inside the scope the query still sees every tenant.
func keysInScope(ctx context.Context, id tenant.ID) error {
	return tenantdb.WithTenant(ctx, pool, id, func(tx pgx.Tx) error {
		_, err := tx.Query(ctx, "SELECT id, label FROM api_keys ORDER BY id") // want `query on api_keys does not filter by tenant_id, and the table has no row level security, so the tenant scope does not confine it: add tenant_id = <verified tenant> to its WHERE clause or enable row level security on the table \(TV1003\)`
		return err
	})
}

func keysFiltered(ctx context.Context, id tenant.ID) error {
	return tenantdb.WithTenant(ctx, pool, id, func(tx pgx.Tx) error {
		_, err := tx.Query(ctx, "SELECT id, label FROM api_keys WHERE tenant_id = $1 ORDER BY id", id)
		return err
	})
}

func keysOr(ctx context.Context, id tenant.ID, label string) error {
	return tenantdb.WithTenant(ctx, pool, id, func(tx pgx.Tx) error {
		_, err := tx.Query(ctx, "SELECT id FROM api_keys WHERE tenant_id = $1 OR label = $2", id, label) // want `tenant filter on api_keys sits inside an OR, so other tenants' rows escape, and the table has no row level security`
		return err
	})
}

func keysInsert(ctx context.Context, id tenant.ID, label string) error {
	return tenantdb.WithTenant(ctx, pool, id, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "INSERT INTO api_keys (id, label) VALUES (gen_random_uuid(), $1)", label) // want `insert into api_keys does not set tenant_id, and the table has no row level security`
		return err
	})
}

func keysDynamic(ctx context.Context, id tenant.ID, order string) error {
	return tenantdb.WithTenant(ctx, pool, id, func(tx pgx.Tx) error {
		_, err := tx.Query(ctx, "SELECT id FROM api_keys ORDER BY "+order) // want `SQL built at run time reaches tenant table api_keys, and the table has no row level security, so the tenant scope does not confine it and could not be checked`
		return err
	})
}

// A helper that queries through its parameter is checked where its SQL is written, once.
func countKeys(ctx context.Context, tx pgx.Tx) error { // want countKeys:"queriesParam:tx sql:1"
	_, err := tx.Exec(ctx, "DELETE FROM api_keys") // want `query on api_keys does not filter by tenant_id, and the table has no row level security`
	return err
}

func callsHelper(ctx context.Context, id tenant.ID) error {
	return tenantdb.WithTenant(ctx, pool, id, func(tx pgx.Tx) error {
		return countKeys(ctx, tx)
	})
}
