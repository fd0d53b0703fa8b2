package fix

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

type Server struct{ pool *pgxpool.Pool }

func (s *Server) Delete(ctx context.Context, tc tenant.Context, id string) error { // want Delete:"queriesOwn:1"
	return tenantdb.WithTenant(ctx, s.pool, tc.TenantID, func(tx pgx.Tx) error {
		_, err := s.pool.Exec(ctx, "DELETE FROM rules WHERE id = $1", id) // want `query on \*pgxpool.Pool bypasses the tenant scope of tenantdb.WithTenant: run it on tx`
		return err
	})
}

// No fix when the scoped handle's name is shadowed at the query.
func (s *Server) Shadowed(ctx context.Context, tc tenant.Context, id string) error { // want Shadowed:"queriesOwn:1"
	return tenantdb.WithTenant(ctx, s.pool, tc.TenantID, func(tx pgx.Tx) error {
		for tx := range 1 {
			_ = tx
			_, err := s.pool.Exec(ctx, "DELETE FROM rules WHERE id = $1", id) // want `query on \*pgxpool.Pool bypasses the tenant scope of tenantdb.WithTenant: run it on the scoped handle`
			return err
		}
		return nil
	})
}
