// Package repo holds the repository interface and its PostgreSQL implementation.
package repo

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

type Project struct{ ID, Name string }

// Repository is what the service holds: an interface.
type Repository interface {
	Get(ctx context.Context, tenantID, id string) (Project, error)
	Count(ctx context.Context, label string) (int, error)
}

// PG is the implementation.
type PG struct{ pool *pgxpool.Pool }

func NewPG(pool *pgxpool.Pool) Repository { return &PG{pool: pool} } // want NewPG:`builds \*repo.PG: Get param 1 reaches the tenant placeholder \$1 of \(\*pgxpool.Pool\).QueryRow`

func (r *PG) Get(ctx context.Context, tenantID, id string) (Project, error) { // want Get:`param 1 reaches the tenant placeholder \$1 of \(\*pgxpool.Pool\).QueryRow`
	var p Project
	err := r.pool.QueryRow(ctx, "SELECT id, name FROM projects WHERE tenant_id = $1 AND id = $2", tenantID, id).Scan(&p.ID, &p.Name)
	return p, err
}

func (r *PG) Count(ctx context.Context, label string) (int, error) {
	var n int
	err := r.pool.QueryRow(ctx, "SELECT count(*) FROM labels WHERE name = $1", label).Scan(&n)
	return n, err
}
