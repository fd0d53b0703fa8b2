package rls

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

var (
	pool  *pgxpool.Pool
	sqldb *sql.DB
)

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

// A statement prepared from global SQL needs no scope, and neither does running it.
func preparedGlobal(ctx context.Context) {
	stmt, _ := sqldb.PrepareContext(ctx, "SELECT id FROM plans")
	stmt.QueryContext(ctx)
}

func preparedTenant(ctx context.Context) {
	stmt, _ := sqldb.PrepareContext(ctx, "SELECT id FROM notes") // want `query on \*sql.DB outside a tenant scope: run it inside tenantdb.WithTenantSQL`
	stmt.QueryContext(ctx)
}

// pgx runs a prepared statement when its name is passed as the SQL: the statement's SQL
// decides whether a scope is needed.
func pgxPreparedByName(ctx context.Context) {
	conn, _ := pgx.Connect(ctx, "postgres://")
	conn.Prepare(ctx, "plans_all", "SELECT id, name FROM plans")
	conn.Query(ctx, "plans_all")
	conn.Prepare(ctx, "notes_all", "SELECT id FROM notes") // want `query on \*pgx.Conn outside a tenant scope`
	conn.Query(ctx, "notes_all")                          // want `query on \*pgx.Conn outside a tenant scope`
}

// SQL whose table is chosen at run time cannot be resolved against the schema.
func dynamicTable(ctx context.Context, table string) {
	pool.Exec(ctx, "DELETE FROM "+table) // want `query on \*pgxpool.Pool outside a tenant scope runs SQL that could not be checked against the schema`
}

func dynamicGlobal(ctx context.Context, order string) {
	pool.Query(ctx, "SELECT id FROM plans ORDER BY "+order)
}
