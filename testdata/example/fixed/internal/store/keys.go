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

// The functions below run inside tenantdb.WithTenant, on the scoped transaction. api_keys has
// row level security, and the SQL filters by tenant as well: a second line of defence that
// costs nothing with the (tenant_id, ...) index.

// ListKeys lists the tenant's keys.
func ListKeys(ctx context.Context, tx pgx.Tx, id tenant.ID) ([]Key, error) {
	rows, err := tx.Query(ctx, "SELECT id, name FROM api_keys WHERE tenant_id = $1 ORDER BY created_at", id)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Key])
}

// FindKey finds one of the tenant's keys by name.
func FindKey(ctx context.Context, tx pgx.Tx, id tenant.ID, name string) (Key, error) {
	var k Key
	err := tx.QueryRow(ctx, "SELECT id, name FROM api_keys WHERE tenant_id = $1 AND name = $2", id, name).Scan(&k.ID, &k.Name)
	return k, err
}

// SortedKeys orders by a column chosen from a fixed list, so the SQL stays constant.
func SortedKeys(ctx context.Context, tx pgx.Tx, id tenant.ID, byName bool) ([]Key, error) {
	q := "SELECT id, name FROM api_keys WHERE tenant_id = $1 ORDER BY created_at"
	if byName {
		q = "SELECT id, name FROM api_keys WHERE tenant_id = $1 ORDER BY name"
	}
	rows, err := tx.Query(ctx, q, id)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Key])
}
