// Package projectstore reads projects: the repository interface the service holds and its
// PostgreSQL implementation, which scopes every query to the tenant it is given.
package projectstore

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

// Project is one project.
type Project struct {
	ID   string
	Name string
}

// Repository is what the service layer holds.
type Repository interface {
	Get(ctx context.Context, tenantID tenant.ID, id string) (Project, error)
}

// PG is the PostgreSQL repository.
type PG struct {
	Pool *pgxpool.Pool
}

// Get reads a project inside the tenant's scope: it trusts its caller for the tenant.
func (p *PG) Get(ctx context.Context, tenantID tenant.ID, id string) (Project, error) {
	var pr Project
	err := tenantdb.WithTenantReadOnly(ctx, p.Pool, tenantID, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, "SELECT id, name FROM projects WHERE id = $1", id).Scan(&pr.ID, &pr.Name)
	})
	return pr, err
}
