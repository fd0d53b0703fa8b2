// Package sites covers the query APIs beyond the common ones.
package sites

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

var (
	pool  *pgxpool.Pool
	sqldb *sql.DB
)

// --- database/sql: Conn, prepared statements ---

func sqlConn(ctx context.Context) {
	c, _ := sqldb.Conn(ctx)
	c.ExecContext(ctx, "DELETE FROM notes") // want `query on \*sql.Conn outside a tenant scope: run it inside tenantdb.WithTenantSQL`
}

// The Prepare call is the site; the statement's execution is not reported again.
func prepareOnDB(ctx context.Context) {
	stmt, _ := sqldb.PrepareContext(ctx, "SELECT id FROM notes") // want `query on \*sql.DB outside a tenant scope`
	stmt.QueryContext(ctx)
}

func prepareInScope(ctx context.Context, tc tenant.Context) error {
	return tenantdb.WithTenantSQL(ctx, sqldb, tc.TenantID, func(tx *sql.Tx) error {
		stmt, _ := tx.Prepare("SELECT id FROM notes")
		stmt.Exec()
		return nil
	})
}

// tx.StmtContext binds a statement prepared on the pool to the scoped transaction.
func stmtBoundToTx(ctx context.Context, tc tenant.Context, stmt *sql.Stmt) error {
	return tenantdb.WithTenantSQL(ctx, sqldb, tc.TenantID, func(tx *sql.Tx) error {
		tx.StmtContext(ctx, stmt).QueryContext(ctx)
		return nil
	})
}

func stmtOnPool(ctx context.Context, stmt *sql.Stmt) { // want stmtOnPool:"queriesParam:stmt"
	stmt.QueryContext(ctx)
}

// --- pgx: pooled and plain connections, batches, copies ---

func acquired(ctx context.Context) {
	c, _ := pool.Acquire(ctx)
	c.Exec(ctx, "DELETE FROM notes") // want `query on \*pgxpool.Conn outside a tenant scope`
}

func pgxConn(ctx context.Context, c *pgx.Conn) { // want pgxConn:"queriesParam:c sql:1"
	c.Exec(ctx, "DELETE FROM notes")
}

func callsPgxConn(ctx context.Context) {
	c, _ := pgx.Connect(ctx, "postgres://")
	pgxConn(ctx, c) // want `pgxConn queries through \*pgx.Conn outside a tenant scope`
}

func batchOnPool(ctx context.Context) {
	b := &pgx.Batch{}
	b.Queue("SELECT id FROM notes WHERE id = $1", 1)
	if b.Len() > 0 {
		pool.SendBatch(ctx, b) // want `query on \*pgxpool.Pool outside a tenant scope`
	}
}

func batchOnValue(ctx context.Context) {
	var b pgx.Batch
	b.Queue("DELETE FROM notes")
	pool.SendBatch(ctx, &b) // want `query on \*pgxpool.Pool outside a tenant scope`
}

// An empty batch runs nothing.
func emptyBatch(ctx context.Context) {
	pool.SendBatch(ctx, &pgx.Batch{})
}

func queueMore(b *pgx.Batch) { b.Queue("DELETE FROM notes") }

// A batch another function fills, or one that comes from elsewhere, runs SQL this function cannot
// see.
func batchFilledElsewhere(ctx context.Context) {
	b := &pgx.Batch{}
	queueMore(b)
	pool.SendBatch(ctx, b) // want `query on \*pgxpool.Pool outside a tenant scope`
}

func batchFromCaller(ctx context.Context, b *pgx.Batch) {
	pool.SendBatch(ctx, b) // want `query on \*pgxpool.Pool outside a tenant scope`
}

func copyOnPool(ctx context.Context) {
	pool.CopyFrom(ctx, pgx.Identifier{"notes"}, []string{"id"}, nil) // want `query on \*pgxpool.Pool outside a tenant scope`
}

func batchInScope(ctx context.Context, tc tenant.Context) error {
	return tenantdb.WithTenant(ctx, pool, tc.TenantID, func(tx pgx.Tx) error {
		tx.SendBatch(ctx, &pgx.Batch{})
		_, err := tx.CopyFrom(ctx, pgx.Identifier{"notes"}, []string{"id"}, nil)
		return err
	})
}

// --- sqlx ---

func sqlxMethods(ctx context.Context, x *sqlx.DB) {
	var ids []string
	x.Select(&ids, "SELECT id FROM notes")                         // want `query on \*sqlx.DB outside a tenant scope`
	x.SelectContext(ctx, &ids, "SELECT id FROM notes")             // want `query on \*sqlx.DB outside a tenant scope`
	x.NamedExec("DELETE FROM notes WHERE id = :id", nil)           // want `query on \*sqlx.DB outside a tenant scope`
	x.NamedQuery("SELECT id FROM notes WHERE id = :id", nil)       // want `query on \*sqlx.DB outside a tenant scope`
	x.Queryx("SELECT id FROM notes")                               // want `query on \*sqlx.DB outside a tenant scope`
	x.QueryRowx("SELECT id FROM notes")                            // want `query on \*sqlx.DB outside a tenant scope`
	x.MustExec("DELETE FROM notes")                                // want `query on \*sqlx.DB outside a tenant scope`
	x.MustExecContext(ctx, "DELETE FROM notes")                    // want `query on \*sqlx.DB outside a tenant scope`
	x.QueryxContext(ctx, "SELECT id FROM notes")                   // want `query on \*sqlx.DB outside a tenant scope`
	x.NamedExecContext(ctx, "DELETE FROM notes WHERE id = :id", 1) // want `query on \*sqlx.DB outside a tenant scope`
	x.QueryContext(ctx, "SELECT id FROM notes")                    // want `query on \*sql.DB outside a tenant scope`
}

func sqlxInScope(ctx context.Context, tc tenant.Context) error {
	return tenantdb.WithTenantSQL(ctx, sqldb, tc.TenantID, func(tx *sql.Tx) error {
		x := &sqlx.Tx{Tx: tx}
		var ids []string
		x.Select(&ids, "SELECT id FROM notes")
		return x.Get(&ids, "SELECT id FROM notes")
	})
}

// --- closures and dynamic SQL ---

func closureOutside(ctx context.Context) {
	tx, _ := pool.Begin(ctx)
	del := func() { tx.Exec(ctx, "DELETE FROM notes") } // want `query on pgx.Tx outside a tenant scope`
	del()
}

func dynamicTable(ctx context.Context, table string) {
	pool.Exec(ctx, "DELETE FROM "+table) // want `query on \*pgxpool.Pool outside a tenant scope`
}
