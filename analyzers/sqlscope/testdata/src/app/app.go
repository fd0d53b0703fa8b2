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

func register(f func(context.Context) (pgx.Rows, error)) {}

// A repository built on the pool in another package: its method value escapes unscoped.
func (s *Server) Wire() {
	register(store.NewRepo(s.pool).Notes) // want `method value Notes queries through \*store.Repo outside a tenant scope`
}

func (s *Server) WireScoped(ctx context.Context, tc tenant.Context) error {
	return tenantdb.WithTenant(ctx, s.pool, tc.TenantID, func(tx pgx.Tx) error {
		register(store.NewRepo(tx).Notes)
		return nil
	})
}
