package app

import (
	"context"

	"store"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

type Server struct {
	pool *pgxpool.Pool
}

func (s *Server) List(ctx context.Context, tc tenant.Context) {
	store.ListNotes(ctx, s.pool, "t") // want `ListNotes queries through \*pgxpool.Pool outside a tenant scope: call it inside tenantdb.WithTenant with the scoped transaction \(TV1001\)`
}

func (s *Server) Delete(ctx context.Context, id string) {
	tx, _ := s.pool.Begin(ctx)
	store.Archive(ctx, tx, id) // want `Archive queries through pgx.Tx outside a tenant scope`
}

func (s *Server) DeleteScoped(ctx context.Context, tc tenant.Context, id string) error {
	return tenantdb.WithTenant(ctx, s.pool, tc.TenantID, func(tx pgx.Tx) error {
		if _, err := store.ListNotes(ctx, tx, "t"); err != nil {
			return err
		}
		store.Touch(s.pool)
		return store.Archive(ctx, tx, id)
	})
}
