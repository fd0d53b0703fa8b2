package bunscope

import (
	"context"
	"database/sql"

	"github.com/uptrace/bun"
)

var db *bun.DB

type Note struct {
	bun.BaseModel `bun:"table:notes"`

	ID       string `bun:",pk"`
	TenantID string
}

// InTenant is a scope helper sqlscope infers.
func InTenant(ctx context.Context, db *bun.DB, tenantID string, fn func(ctx context.Context, tx bun.Tx) error) error { // want InTenant:"scopeHelper"
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.ExecContext(ctx, "SELECT set_config('app.tenant_id', $1, true)", tenantID); err != nil {
			return err
		}
		return fn(ctx, tx)
	})
}

func global(ctx context.Context, id string) (n Note, err error) {
	err = db.NewSelect().Model(&n).Where("id = ?", id).Scan(ctx) // want `query on \*bun.DB outside a tenant scope: run it inside tenantdb.WithTenant`
	return n, err
}

func runInTx(ctx context.Context, id string) error {
	// RunInTx is a transaction, not a tenant scope.
	return db.RunInTx(ctx, &sql.TxOptions{}, func(ctx context.Context, tx bun.Tx) error {
		_, err := tx.NewDelete().Model((*Note)(nil)).Where("id = ?", id).Exec(ctx) // want `query on bun.Tx outside a tenant scope`
		return err
	})
}

func scoped(ctx context.Context, tenantID, id string) error {
	return InTenant(ctx, db, tenantID, func(ctx context.Context, tx bun.Tx) error {
		_, err := tx.NewDelete().Model((*Note)(nil)).Where("id = ?", id).Exec(ctx)
		return err
	})
}

func constantTenant(ctx context.Context, id string) error {
	return InTenant(ctx, db, "acme", func(ctx context.Context, tx bun.Tx) error { // want `tenant for bunscope.InTenant is a constant`
		_, err := tx.NewDelete().Model((*Note)(nil)).Where("id = ?", id).Exec(ctx)
		return err
	})
}

func idb(ctx context.Context, q bun.IDB, id string) error { // want idb:"queriesParam:q sql:1"
	// Left to the callers: the handle is a parameter.
	_, err := q.NewDelete().Model((*Note)(nil)).Where("id = ?", id).Exec(ctx)
	return err
}

func callers(ctx context.Context, tenantID, id string) error {
	idb(ctx, db, id) // want `idb queries through \*bun.DB outside a tenant scope`
	return InTenant(ctx, db, tenantID, func(ctx context.Context, tx bun.Tx) error {
		return idb(ctx, tx, id)
	})
}
