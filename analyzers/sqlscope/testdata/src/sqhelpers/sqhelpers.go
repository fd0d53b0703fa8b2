package sqhelpers

import (
	"context"
	"database/sql"

	sq "github.com/Masterminds/squirrel"
	"github.com/jackc/pgx/v5/pgxpool"

	"sqhelpers/lib"
)

var (
	pool *pgxpool.Pool
	db   *sql.DB
)

// --- helpers of this package ---

func scoped(b sq.SelectBuilder, tenant string) sq.SelectBuilder { // want scoped:`sqChain:0:where\(tenant_id = \?\)`
	return b.Where(sq.Eq{"tenant_id": tenant})
}

func passThrough(b sq.SelectBuilder) sq.SelectBuilder { // want passThrough:`sqChain:0:`
	return b.OrderBy("id")
}

func onlyID(b sq.SelectBuilder, id string) sq.SelectBuilder { // want onlyID:`sqChain:0:where\(id = \?\)`
	return b.Where(sq.Eq{"id": id})
}

func orScoped(b sq.SelectBuilder, tenant string) sq.SelectBuilder { // want orScoped:`sqChain:0:where\(\(tenant_id = \? OR public\)\)`
	return b.Where(sq.Or{sq.Eq{"tenant_id": tenant}, sq.Expr("public")})
}

func projectsQ() sq.SelectBuilder { // want projectsQ:`sqChain:-1:select.table\(projects\)`
	return sq.Select("*").From("projects")
}

// recursive calls itself: the recursion adds nothing and ends.
func recursive(b sq.SelectBuilder, n int, id string) sq.SelectBuilder { // want recursive:`sqChain:-1:\|where\(id = \?\)`
	if n > 0 {
		return recursive(b, n-1, id)
	}
	return b.Where("id = ?", id)
}

func sameScoped(ctx context.Context, t, id string) error {
	q, args, _ := scoped(sq.Select("*").From("projects"), t).Where(sq.Eq{"id": id}).ToSql()
	_, err := pool.Query(ctx, q, args...)
	return err
}

func samePassThrough(ctx context.Context, id string) error {
	q, args, _ := passThrough(sq.Select("*").From("projects")).Where(sq.Eq{"id": id}).ToSql()
	_, err := pool.Query(ctx, q, args...) // want `query on projects does not filter by tenant_id`
	return err
}

func samePassThroughTenant(ctx context.Context, t string) error {
	q, args, _ := passThrough(sq.Select("*").From("projects").Where("tenant_id = ?", t)).ToSql()
	_, err := pool.Query(ctx, q, args...)
	return err
}

func sameOnlyID(ctx context.Context, id string) error {
	q, args, _ := onlyID(sq.Select("*").From("projects"), id).ToSql()
	_, err := pool.Query(ctx, q, args...) // want `query on projects does not filter by tenant_id`
	return err
}

func sameOr(ctx context.Context, t string) error {
	q, args, _ := orScoped(sq.Select("*").From("projects"), t).ToSql()
	_, err := pool.Query(ctx, q, args...) // want `tenant filter on projects sits inside an OR`
	return err
}

func sameBuilderReturned(ctx context.Context, id string) error {
	q, args, _ := projectsQ().Where(sq.Eq{"id": id}).ToSql()
	_, err := pool.Query(ctx, q, args...) // want `query on projects does not filter by tenant_id`
	return err
}

func sameBuilderReturnedTenant(ctx context.Context, t, id string) error {
	q, args, _ := projectsQ().Where(sq.Eq{"tenant_id": t}).Where(sq.Eq{"id": id}).ToSql()
	_, err := pool.Query(ctx, q, args...)
	return err
}

func sameBuilderInVariable(ctx context.Context, t, id string) error {
	b := projectsQ()
	b = scoped(b, t)
	q, args, _ := b.Where("id = ?", id).ToSql()
	_, err := pool.Query(ctx, q, args...)
	return err
}

func sameRecursive(ctx context.Context, id string) error {
	q, args, _ := recursive(sq.Select("*").From("projects"), 3, id).ToSql()
	_, err := pool.Query(ctx, q, args...) // the recursive path starts at the parameter: no SQL known
	return err
}

func sameRunWith(t, id string) error {
	_, err := scoped(projectsQ(), t).Where(sq.Eq{"id": id}).RunWith(db).Query()
	return err
}

func sameRunWithLeak(id string) error {
	_, err := onlyID(projectsQ(), id).RunWith(db).Query() // want `query on projects does not filter by tenant_id`
	return err
}

// --- helpers of another package (facts) ---

func libScoped(ctx context.Context, t, id string) error {
	q, args, _ := lib.ForTenant(sq.Select("*").From("projects"), t).Where(sq.Eq{"id": id}).ToSql()
	_, err := pool.Query(ctx, q, args...)
	return err
}

func libOnlyID(ctx context.Context, id string) error {
	q, args, _ := lib.ByID(sq.Select("*").From("projects"), id).ToSql()
	_, err := pool.Query(ctx, q, args...) // want `query on projects does not filter by tenant_id`
	return err
}

func libOr(ctx context.Context, t string) error {
	q, args, _ := lib.TenantOrPublic(sq.Select("*").From("projects"), t).ToSql()
	_, err := pool.Query(ctx, q, args...) // want `tenant filter on projects sits inside an OR`
	return err
}

func libBuilder(ctx context.Context, id string) error {
	q, args, _ := lib.Projects().Where("id = ?", id).ToSql()
	_, err := pool.Query(ctx, q, args...) // want `query on projects does not filter by tenant_id`
	return err
}

func libBuilderTenant(ctx context.Context, t, id string) error {
	q, args, _ := lib.Projects().Where("tenant_id = ? AND id = ?", t, id).ToSql()
	_, err := pool.Query(ctx, q, args...)
	return err
}

func libBuilderThenScoped(ctx context.Context, t, id string) error {
	q, args, _ := lib.ForTenant(lib.Projects(), t).Where("id = ?", id).ToSql()
	_, err := pool.Query(ctx, q, args...)
	return err
}

func libVariants(ctx context.Context, t string, scoped bool) error {
	q, args, _ := lib.DeleteNotes(t, scoped).ToSql()
	_, err := pool.Exec(ctx, q, args...) // want `query on notes does not filter by tenant_id`
	return err
}

func libVariantsTenant(ctx context.Context, t string, scoped bool) error {
	q, args, _ := lib.DeleteNotes(t, scoped).Where(sq.Eq{"tenant_id": t}).ToSql()
	_, err := pool.Exec(ctx, q, args...)
	return err
}

func libMethod(ctx context.Context, s lib.Store, id string) error {
	q, args, _ := s.Scope(lib.Projects()).Where("id = ?", id).ToSql()
	_, err := pool.Query(ctx, q, args...)
	return err
}

func libMethodNoTenant(ctx context.Context, s lib.Store, id string) error {
	q, args, _ := s.Recent(lib.Projects()).Where("id = ?", id).ToSql()
	_, err := pool.Query(ctx, q, args...) // want `query on projects does not filter by tenant_id`
	return err
}
