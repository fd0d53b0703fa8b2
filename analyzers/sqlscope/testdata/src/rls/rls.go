package rls

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

var pool *pgxpool.Pool

func tenantTable(ctx context.Context, tenantID, id string) {
	// With row level security a WHERE clause does not replace the scope.
	pool.QueryRow(ctx, "SELECT body FROM notes WHERE tenant_id = $1 AND id = $2", tenantID, id) // want `query on \*pgxpool.Pool outside a tenant scope`
}

func globalTable(ctx context.Context) {
	pool.Query(ctx, "SELECT id, name FROM plans")
}

func unknownTable(ctx context.Context) {
	pool.Query(ctx, "SELECT version FROM schema_migrations")
}
