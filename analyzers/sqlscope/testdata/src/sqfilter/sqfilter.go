package sqfilter

import (
	"context"
	"database/sql"

	sq "github.com/Masterminds/squirrel"
	"github.com/jackc/pgx/v5/pgxpool"
)

var (
	pool *pgxpool.Pool
	db   *sql.DB
)

const notesTable = "notes"

var psql = sq.StatementBuilder.PlaceholderFormat(sq.Dollar)

// --- built, then run with pgx: the finding is where it runs ---

func byID(ctx context.Context, id string) error {
	q, args, err := psql.Select("id", "body").From(notesTable).Where("id = ?", id).ToSql()
	if err != nil {
		return err
	}
	_, err = pool.Query(ctx, q, args...) // want `query on notes does not filter by tenant_id: add tenant_id = <verified tenant> to its WHERE clause or run it inside tenantdb.WithTenant \(TV1003\)`
	return err
}

func byIDWithTenant(ctx context.Context, t, id string) error {
	q, args, err := psql.Select("id", "body").From(notesTable).Where(sq.Eq{"tenant_id": t, "id": id}).ToSql()
	if err != nil {
		return err
	}
	_, err = pool.Query(ctx, q, args...)
	return err
}

// --- the background job: a Delete built without the tenant ---

func purge(ctx context.Context, projectID string) error {
	q, args, _ := sq.Delete("notes").Where(sq.Eq{"project_id": projectID}).PlaceholderFormat(sq.Dollar).ToSql()
	_, err := pool.Exec(ctx, q, args...) // want `query on notes does not filter by tenant_id`
	return err
}

func purgeWithTenant(ctx context.Context, t, projectID string) error {
	q, args, _ := sq.Delete("notes").Where(sq.Eq{"project_id": projectID}).Where(sq.Eq{"tenant_id": t}).ToSql()
	_, err := pool.Exec(ctx, q, args...)
	return err
}

// --- OR: Where parts are joined with AND without parentheses ---

func orEscape(ctx context.Context, t string) error {
	q, args, _ := sq.Select("id").From("notes").Where(sq.Or{sq.Eq{"tenant_id": t}, sq.Expr("public")}).ToSql()
	_, err := pool.Query(ctx, q, args...) // want `tenant filter on notes sits inside an OR`
	return err
}

func orInString(ctx context.Context, t, id string) error {
	q, args, _ := sq.Select("id").From("notes").Where("public OR id = ?", id).Where("tenant_id = ?", t).ToSql()
	_, err := pool.Query(ctx, q, args...) // want `tenant filter on notes sits inside an OR`
	return err
}

func orInside(ctx context.Context, t, id string) error {
	q, args, _ := sq.Select("id").From("notes").Where(sq.And{sq.Eq{"tenant_id": t}, sq.Or{sq.Expr("public"), sq.Eq{"id": id}}}).ToSql()
	_, err := pool.Query(ctx, q, args...)
	return err
}

// --- RunWith: the handle is RunWith's argument ---

func runWith(id string) error {
	_, err := sq.Update("notes").Set("body", "x").Where(sq.Eq{"id": id}).RunWith(db).Exec() // want `query on notes does not filter by tenant_id`
	return err
}

func runWithTenant(t, id string) error {
	_, err := sq.Update("notes").Set("body", "x").Where(sq.Eq{"id": id, "tenant_id": t}).RunWith(db).Exec()
	return err
}

// --- INSERT, run-time parts ---

func insert(ctx context.Context, id, body string) error {
	q, args, _ := sq.Insert("notes").Columns("id", "body").Values(id, body).ToSql()
	_, err := pool.Exec(ctx, q, args...) // want `insert into notes does not set tenant_id`
	return err
}

func insertWithTenant(ctx context.Context, t, id, body string) error {
	q, args, _ := sq.Insert("notes").SetMap(map[string]interface{}{"id": id, "tenant_id": t, "body": body}).ToSql()
	_, err := pool.Exec(ctx, q, args...)
	return err
}

func dynamicTable(ctx context.Context, table, id string) error {
	q, args, _ := sq.Select("id").From(table).Where("id = ?", id).ToSql()
	_, err := pool.Query(ctx, q, args...)
	return err
}

func conditional(ctx context.Context, t string, all bool) error {
	b := sq.Select("id").From("notes")
	if !all {
		b = b.Where(sq.Eq{"tenant_id": t})
	}
	q, args, _ := b.ToSql()
	_, err := pool.Query(ctx, q, args...) // want `query on notes does not filter by tenant_id`
	return err
}
