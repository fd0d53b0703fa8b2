// Package store lists a tenant's data with pgx.
package store

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

type Store struct{ pool *pgxpool.Pool }

func (s *Store) CountDevices(ctx context.Context, tenantID string) (n int, err error) { // want CountDevices:`param 1 reaches the tenant placeholder \$1 of \(\*pgxpool.Pool\).QueryRow`
	err = s.pool.QueryRow(ctx, "SELECT count(*) FROM devices WHERE tenant_id = $1", tenantID).Scan(&n)
	return n, err
}
