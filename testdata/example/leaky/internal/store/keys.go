package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/tenantvet/tenantvet/runtime/tenant"
)

// Key is an API key's public part.
type Key struct {
	ID   string
	Name string
}

// The functions below run inside tenantdb.WithTenant, on the scoped transaction, but api_keys
// has no row level security in this twin's migrations (TV5004), so the scope confines nothing:
// only the SQL's own tenant filter would.

// ListKeys has no tenant filter: every tenant's keys come back.
func ListKeys(ctx context.Context, tx pgx.Tx) ([]Key, error) {
	rows, err := tx.Query(ctx, "SELECT id, name FROM api_keys ORDER BY created_at")
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Key])
}

// FindKey filters by tenant inside an OR: another tenant's key with the same name matches.
func FindKey(ctx context.Context, tx pgx.Tx, id tenant.ID, name string) (Key, error) {
	var k Key
	err := tx.QueryRow(ctx, "SELECT id, name FROM api_keys WHERE tenant_id = $1 OR name = $2", id, name).Scan(&k.ID, &k.Name)
	return k, err
}

// SortedKeys builds its SQL at run time, so nothing can check it.
func SortedKeys(ctx context.Context, tx pgx.Tx, order string) ([]Key, error) {
	rows, err := tx.Query(ctx, "SELECT id, name FROM api_keys ORDER BY "+order)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Key])
}
