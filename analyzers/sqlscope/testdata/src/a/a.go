package a

import (
	"context"
	"database/sql"
	"net/http"

	"a/db"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

var pool *pgxpool.Pool

// --- the shared pool, outside and inside a scope ---

func handlerQueriesPool(ctx context.Context, id string) {
	pool.QueryRow(ctx, "SELECT id FROM rules WHERE id = $1", id) // want `query on \*pgxpool.Pool outside a tenant scope: run it inside tenantdb.WithTenant \(TV1001\)`
}

func scopedTx(ctx context.Context, tc tenant.Context, id string) error {
	return tenantdb.WithTenant(ctx, pool, tc.TenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "UPDATE rules SET enabled = false WHERE id = $1", id)
		return err
	})
}

func scopedReadOnly(ctx context.Context, tc tenant.Context) error {
	return tenantdb.WithTenantReadOnly(ctx, pool, tc.TenantID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT id FROM rules")
		if err != nil {
			return err
		}
		rows.Close()
		return nil
	})
}

type Store struct {
	pool *pgxpool.Pool
}

func (s *Store) Get(ctx context.Context, id string) { // want Get:"queriesOwn:1"
	s.pool.QueryRow(ctx, "SELECT id FROM rules WHERE id = $1", id) // want `query on \*pgxpool.Pool outside a tenant scope`
}

func poolParam(ctx context.Context, p *pgxpool.Pool) {
	p.Exec(ctx, "DELETE FROM rules") // want `query on \*pgxpool.Pool outside a tenant scope`
}

// --- transactions begun outside a scope helper ---

func beginOutside(ctx context.Context) {
	tx, _ := pool.Begin(ctx)
	tx.Exec(ctx, "DELETE FROM rules") // want `query on pgx.Tx outside a tenant scope`
}

func savepointInside(ctx context.Context, tc tenant.Context) error {
	return tenantdb.WithTenant(ctx, pool, tc.TenantID, func(tx pgx.Tx) error {
		sp, err := tx.Begin(ctx)
		if err != nil {
			return err
		}
		_, err = sp.Exec(ctx, "DELETE FROM rules")
		return err
	})
}

// --- closures capturing the scoped handle ---

func closureCapturesTx(ctx context.Context, tc tenant.Context, ids []string) error {
	return tenantdb.WithTenant(ctx, pool, tc.TenantID, func(tx pgx.Tx) error {
		del := func(id string) error {
			_, err := tx.Exec(ctx, "DELETE FROM rules WHERE id = $1", id)
			return err
		}
		var saved pgx.Tx
		saved = tx
		for _, id := range ids {
			if err := del(id); err != nil {
				return err
			}
		}
		_, err := saved.Exec(ctx, "SELECT 1 FROM rules")
		return err
	})
}

// --- a struct built inside the scope ---

type repo struct {
	tx  pgx.Tx
	log string
}

func (r *repo) archive(ctx context.Context, id string) error { // want archive:"queriesParam:recv"
	_, err := r.tx.Exec(ctx, "UPDATE rules SET archived = true WHERE id = $1", id)
	return err
}

func structInScope(ctx context.Context, tc tenant.Context) error {
	return tenantdb.WithTenant(ctx, pool, tc.TenantID, func(tx pgx.Tx) error {
		r := &repo{tx: tx, log: "x"}
		_, err := r.tx.Exec(ctx, "DELETE FROM rules")
		if err != nil {
			return err
		}
		return r.archive(ctx, "1")
	})
}

func structOutside(ctx context.Context) error {
	tx, _ := pool.Begin(ctx)
	r := &repo{tx: tx}
	return r.archive(ctx, "1") // want `archive queries through \*a.repo outside a tenant scope`
}

// --- sqlc ---

func sqlcInScope(ctx context.Context, tc tenant.Context, id string) error {
	return tenantdb.WithTenant(ctx, pool, tc.TenantID, func(tx pgx.Tx) error {
		q := db.New(tx)
		_, err := q.GetNote(ctx, id)
		return err
	})
}

func sqlcWithTx(ctx context.Context, tc tenant.Context, q *db.Queries, id string) error {
	return tenantdb.WithTenant(ctx, pool, tc.TenantID, func(tx pgx.Tx) error {
		_, err := q.WithTx(tx).GetNote(ctx, id)
		return err
	})
}

func sqlcOnPool(ctx context.Context, id string) {
	q := db.New(pool)
	q.GetNote(ctx, id) // want `GetNote queries through \*db.Queries outside a tenant scope: call it inside tenantdb.WithTenant with the scoped transaction`
}

// A Queries passed in: the caller decides, so this function gets a fact.
func sqlcParam(ctx context.Context, q *db.Queries, id string) { // want sqlcParam:"queriesParam:q sql:1"
	q.GetNote(ctx, id)
}

func callsSqlcParamOnPool(ctx context.Context) {
	sqlcParam(ctx, db.New(pool), "1") // want `sqlcParam queries through \*db.Queries outside a tenant scope`
}

func callsSqlcParamInScope(ctx context.Context, tc tenant.Context) error {
	return tenantdb.WithTenant(ctx, pool, tc.TenantID, func(tx pgx.Tx) error {
		sqlcParam(ctx, db.New(tx), "1")
		return nil
	})
}

// --- database/sql and sqlx ---

var sqldb *sql.DB

func databaseSQL(ctx context.Context, id string) {
	sqldb.QueryRowContext(ctx, "SELECT id FROM rules WHERE id = $1", id) // want `query on \*sql.DB outside a tenant scope: run it inside tenantdb.WithTenantSQL`
}

func databaseSQLScoped(ctx context.Context, tc tenant.Context, id string) error {
	return tenantdb.WithTenantSQL(ctx, sqldb, tc.TenantID, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM rules WHERE id = $1", id)
		return err
	})
}

func sqlxGet(x *sqlx.DB, id string) {
	var name string
	x.Get(&name, "SELECT name FROM rules WHERE id = $1", id) // want `query on \*sqlx.DB outside a tenant scope`
}

// --- queries that need no scope ---

func healthCheck(ctx context.Context) {
	pool.Exec(ctx, "SELECT 1")
}

// --- suppression ---

func metrics(ctx context.Context) {
	//tenantvet:ignore sqlscope -- platform metrics count rows across tenants by design
	pool.QueryRow(ctx, "SELECT count(*) FROM rules")
}

// --- the tenant of the scope ---

func constantTenant(ctx context.Context) error {
	return tenantdb.WithTenant(ctx, pool, tenant.MustParse("6f1c2a8e-8a7e-4c1e-9a53-3f2f2b1f4d10"), func(tx pgx.Tx) error { // want `tenant for tenantdb.WithTenant is parsed from a constant`
		return nil
	})
}

func zeroTenant(ctx context.Context) error {
	return tenantdb.WithTenant(ctx, pool, tenant.ID{}, func(tx pgx.Tx) error { // want `tenant for tenantdb.WithTenant is the zero tenant.ID`
		return nil
	})
}

func headerTenant(r *http.Request) error {
	id, err := tenant.Parse(r.Header.Get("X-Tenant-ID"))
	if err != nil {
		return err
	}
	return tenantdb.WithTenant(r.Context(), pool, id, func(tx pgx.Tx) error { // want `tenant for tenantdb.WithTenant comes from the request header "X-Tenant-ID" without verification`
		return nil
	})
}

func queryTenant(r *http.Request) error {
	id, err := tenant.Parse(r.URL.Query().Get("tenant"))
	if err != nil {
		return err
	}
	return tenantdb.WithTenant(r.Context(), pool, id, func(tx pgx.Tx) error { // want `tenant for tenantdb.WithTenant comes from the request query parameter "tenant" without verification`
		return nil
	})
}

func pathTenant(r *http.Request) error {
	id, err := tenant.Parse(r.PathValue("tenantID"))
	if err != nil {
		return err
	}
	return tenantdb.WithTenant(r.Context(), pool, id, func(tx pgx.Tx) error { // want `tenant for tenantdb.WithTenant comes from the request path parameter "tenantID" without verification`
		return nil
	})
}

// A query or path parameter that does not name the tenant is not a tenant claim.
func pathProject(r *http.Request) error {
	tc, ok := tenant.FromContext(r.Context())
	if !ok {
		return nil
	}
	project := r.PathValue("projectID")
	return tenantdb.WithTenant(r.Context(), pool, tc.TenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(r.Context(), "DELETE FROM rules WHERE project_id = $1", project)
		return err
	})
}

func verifiedTenant(r *http.Request) error {
	tc, ok := tenant.FromContext(r.Context())
	if !ok {
		return nil
	}
	return tenantdb.WithTenant(r.Context(), pool, tc.TenantID, func(tx pgx.Tx) error {
		return nil
	})
}

// --- unused tenant parameters ---

func listNotes(ctx context.Context, tx pgx.Tx, projectID string) { // want `listNotes queries tenant data but never uses its tenant parameter projectID` listNotes:"queriesParam:tx"
	tx.Query(ctx, "SELECT id FROM notes")
}

func listNotesFiltered(ctx context.Context, tx pgx.Tx, projectID string) { // want listNotesFiltered:"queriesParam:tx"
	tx.Query(ctx, "SELECT id FROM notes WHERE project_id = $1", projectID)
}

func byTenantType(ctx context.Context, tx pgx.Tx, t tenant.ID) { // want `byTenantType queries tenant data but never uses its tenant parameter t` byTenantType:"queriesParam:tx"
	tx.Query(ctx, "SELECT id FROM notes")
}

func noQuery(projectID string) {}
