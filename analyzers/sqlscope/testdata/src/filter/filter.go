package filter

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"

	"filter/fdb"
)

var pool *pgxpool.Pool

const byID = "SELECT id, body FROM notes WHERE id = $1"

func unfiltered(ctx context.Context, id string) {
	pool.QueryRow(ctx, byID, id) // want `query on notes does not filter by tenant_id: add tenant_id = <verified tenant> to its WHERE clause or run it inside tenantdb.WithTenant \(TV1003\)`
}

func filtered(ctx context.Context, tenantID, id string) {
	pool.QueryRow(ctx, "SELECT id, body FROM notes WHERE tenant_id = $1 AND id = $2", tenantID, id)
}

func concatenated(ctx context.Context, tenantID, id string) {
	const cols = "id, body"
	pool.QueryRow(ctx, "SELECT "+cols+" FROM notes WHERE tenant_id = $1 "+"AND id = $2", tenantID, id)
}

func orEscape(ctx context.Context, tenantID string) {
	pool.Query(ctx, "SELECT id FROM notes WHERE tenant_id = $1 OR public", tenantID) // want `tenant filter on notes sits inside an OR, so other tenants' rows escape: make tenant_id = <verified tenant> a top-level AND condition \(TV1004\)`
}

func orInside(ctx context.Context, tenantID, userID string) {
	pool.Query(ctx, "SELECT id FROM notes WHERE tenant_id = $1 AND (public OR body = $2)", tenantID, userID)
}

func joinWithoutPredicate(ctx context.Context, tenantID string) {
	pool.Query(ctx, "SELECT n.id FROM notes n JOIN projects p ON p.id = n.project_id WHERE n.tenant_id = $1", tenantID) // want `query on projects p does not filter by p.tenant_id`
}

func joinWithPredicate(ctx context.Context, tenantID string) {
	pool.Query(ctx, "SELECT n.id FROM notes n JOIN projects p ON p.id = n.project_id AND p.tenant_id = n.tenant_id WHERE n.tenant_id = $1", tenantID)
}

func cte(ctx context.Context) {
	pool.Query(ctx, "WITH recent AS (SELECT * FROM notes ORDER BY id LIMIT 10) SELECT * FROM recent") // want `query on notes does not filter`
}

func insertWithoutTenant(ctx context.Context, body string) {
	pool.Exec(ctx, "INSERT INTO notes (id, body) VALUES (gen_random_uuid(), $1)", body) // want `insert into notes does not set tenant_id: set it to the verified tenant`
}

func insertWithTenant(ctx context.Context, tenantID, body string) {
	pool.Exec(ctx, "INSERT INTO notes (id, tenant_id, body) VALUES (gen_random_uuid(), $1, $2)", tenantID, body)
}

// The SQL queued on a batch is checked where the batch is sent.
func batchUnfiltered(ctx context.Context, tenantID string) {
	b := &pgx.Batch{}
	b.Queue("SELECT id FROM notes WHERE tenant_id = $1", tenantID)
	b.Queue("SELECT id FROM projects")
	b.Queue("SELECT id, name FROM plans")
	pool.SendBatch(ctx, b) // want `query on projects does not filter by tenant_id`
}

func batchFiltered(ctx context.Context, tenantID string) {
	var b pgx.Batch
	b.Queue("SELECT id FROM notes WHERE tenant_id = $1", tenantID)
	b.Queue("SELECT id, name FROM plans")
	pool.SendBatch(ctx, &b)
}

// A copy is an insert: it must set the tenant column.
func copyWithoutTenant(ctx context.Context) {
	pool.CopyFrom(ctx, pgx.Identifier{"notes"}, []string{"id", "body"}, nil) // want `insert into notes does not set tenant_id`
}

func copyWithTenant(ctx context.Context) {
	pool.CopyFrom(ctx, pgx.Identifier{"public", "notes"}, []string{"id", "tenant_id", "body"}, nil)
	pool.CopyFrom(ctx, pgx.Identifier{"plans"}, []string{"id", "name"}, nil)
}

// Columns chosen at run time cannot be checked.
func copyDynamic(ctx context.Context, cols []string) {
	pool.CopyFrom(ctx, pgx.Identifier{"notes"}, cols, nil) // want `SQL built at run time reaches tenant table notes and could not be checked`
	pool.CopyFrom(ctx, pgx.Identifier{"plans"}, cols, nil)
}

// A statement pgx runs by name is checked where it is prepared.
func pgxPreparedByName(ctx context.Context) {
	conn, _ := pgx.Connect(ctx, "postgres://")
	conn.Prepare(ctx, "notes_all", "SELECT id FROM notes") // want `query on notes does not filter by tenant_id`
	conn.Query(ctx, "notes_all")
}

func globalTable(ctx context.Context) {
	pool.Query(ctx, "SELECT id, name FROM plans")
}

func updateUnfiltered(ctx context.Context, id string) {
	pool.Exec(ctx, "UPDATE notes SET body = '' WHERE id = $1", id) // want `query on notes does not filter by tenant_id`
}

func dynamic(ctx context.Context, tenantID, cond string) {
	pool.Query(ctx, "SELECT id FROM notes WHERE tenant_id = $1 AND "+cond, tenantID) // want `SQL built at run time reaches tenant table notes and could not be checked: .* \(TV1006\)`
}

func dynamicGlobal(ctx context.Context, order string) {
	pool.Query(ctx, "SELECT id FROM plans ORDER BY "+order)
}

func inScope(ctx context.Context, tc tenant.Context, id string) error {
	return tenantdb.WithTenant(ctx, pool, tc.TenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "DELETE FROM notes WHERE id = $1", id)
		return err
	})
}

// The SQL in a function's fact is checked where the function gets an unscoped handle.
func deleteNote(ctx context.Context, tx pgx.Tx, id string) error { // want deleteNote:"queriesParam:tx sql:1"
	_, err := tx.Exec(ctx, "DELETE FROM notes WHERE id = $1", id)
	return err
}

func callsDeleteOutsideScope(ctx context.Context, id string) {
	tx, _ := pool.Begin(ctx)
	deleteNote(ctx, tx, id) // want `query on notes does not filter by tenant_id`
}

// A project parameter that is never used.
func listByProject(ctx context.Context, tenantID, projectID string) { // want `listByProject queries tenant data but never uses its tenant parameter projectID: filter the query by it or remove the parameter \(TV1005\)`
	pool.Query(ctx, "SELECT id FROM notes WHERE tenant_id = $1", tenantID)
}

// sqlc-generated queries are checked by their SQL constants once, where the generated code runs
// them (fdb), not again at each call that runs them on the pool.
func sqlcUnfiltered(ctx context.Context, id string) {
	fdb.New(pool).GetNote(ctx, id)
}

func sqlcFiltered(ctx context.Context, tenantID, id string) {
	fdb.New(pool).GetTenantNote(ctx, tenantID, id)
}
