package sqhelpers

import (
	"context"
	"database/sql"
	"errors"

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

// recursive calls itself: the recursive call contributes nothing, the other return counts.
func recursive(b sq.SelectBuilder, n int, id string) sq.SelectBuilder { // want recursive:`sqChain:0:where\(id = \?\)$`
	if n > 0 {
		return recursive(b, n-1, id)
	}
	return b.Where("id = ?", id)
}

func recursiveScoped(b sq.SelectBuilder, n int, t string) sq.SelectBuilder { // want recursiveScoped:`sqChain:0:where\(tenant_id = \?\)$`
	if n > 0 {
		return recursiveScoped(b, n-1, t)
	}
	return b.Where(sq.Eq{"tenant_id": t})
}

// pick's returns start from different parameters.
func pick(q, base sq.SelectBuilder, admin bool, t string) sq.SelectBuilder { // want pick:`sqChain:0:\|1:where\(tenant_id = \?\)$`
	if admin {
		return q
	}
	return base.Where(sq.Eq{"tenant_id": t})
}

// orAll's returns start from a parameter and from a fresh builder.
func orAll(b sq.SelectBuilder, all bool, t string) sq.SelectBuilder { // want orAll:`sqChain:-1:select.table\(projects\)\|0:where\(tenant_id = \?\)$`
	if all {
		return sq.Select("*").From("projects")
	}
	return b.Where(sq.Eq{"tenant_id": t})
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
	_, err := pool.Query(ctx, q, args...) // want `query on projects does not filter by tenant_id`
	return err
}

func sameRecursiveScoped(ctx context.Context, t, id string) error {
	q, args, _ := recursiveScoped(sq.Select("*").From("projects"), 3, t).Where("id = ?", id).ToSql()
	_, err := pool.Query(ctx, q, args...)
	return err
}

func samePickAdmin(ctx context.Context, t, id string, admin bool) error {
	// The admin path runs q as given: without the tenant.
	q, args, _ := pick(sq.Select("*").From("projects").Where("id = ?", id), sq.Select("*").From("projects"), admin, t).ToSql()
	_, err := pool.Query(ctx, q, args...) // want `query on projects does not filter by tenant_id`
	return err
}

func samePickBothScoped(ctx context.Context, t string, admin bool) error {
	q, args, _ := pick(sq.Select("*").From("projects").Where("tenant_id = ?", t), sq.Select("*").From("projects"), admin, t).ToSql()
	_, err := pool.Query(ctx, q, args...)
	return err
}

func sameOrAll(ctx context.Context, t string, all bool) error {
	q, args, _ := orAll(sq.Select("*").From("projects"), all, t).ToSql()
	_, err := pool.Query(ctx, q, args...) // want `query on projects does not filter by tenant_id`
	return err
}

func sameOrAllThenScoped(ctx context.Context, t string, all bool) error {
	q, args, _ := orAll(sq.Select("*").From("projects"), all, t).Where(sq.Eq{"tenant_id": t}).ToSql()
	_, err := pool.Query(ctx, q, args...)
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

func libPick(ctx context.Context, t, id string, admin bool) error {
	q, args, _ := lib.Pick(sq.Select("*").From("projects").Where("id = ?", id), sq.Select("*").From("projects"), admin, t).ToSql()
	_, err := pool.Query(ctx, q, args...) // want `query on projects does not filter by tenant_id`
	return err
}

func libPickBothScoped(ctx context.Context, t string, admin bool) error {
	q, args, _ := lib.Pick(lib.ForTenant(lib.Projects(), t), lib.Projects(), admin, t).ToSql()
	_, err := pool.Query(ctx, q, args...)
	return err
}

func libOrAll(ctx context.Context, t string, all bool) error {
	q, args, _ := lib.OrAll(sq.Select("*").From("projects"), all, t).ToSql()
	_, err := pool.Query(ctx, q, args...) // want `query on projects does not filter by tenant_id`
	return err
}

func libOrAllScoped(ctx context.Context, t string, all bool) error {
	q, args, _ := lib.OrAllScoped(sq.Select("*").From("projects"), all, t).ToSql()
	_, err := pool.Query(ctx, q, args...)
	return err
}

func listQuery(f lib.Filter) (sq.SelectBuilder, error) { // want listQuery:`sqChain:-1:select.table\(projects\).where\(status = \?\)$`
	if f.Status == "" {
		return sq.SelectBuilder{}, errors.New("no status")
	}
	return sq.Select("*").From("projects").Where(sq.Eq{"status": f.Status}), nil
}

func sameListQuery(ctx context.Context, f lib.Filter) error {
	b, err := listQuery(f)
	if err != nil {
		return err
	}
	q, args, _ := b.ToSql()
	_, err = pool.Query(ctx, q, args...) // want `query on projects does not filter by tenant_id`
	return err
}

func sameListQueryTenant(ctx context.Context, t string, f lib.Filter) error {
	b, err := listQuery(f)
	if err != nil {
		return err
	}
	q, args, _ := b.Where(sq.Eq{"tenant_id": t}).ToSql()
	_, err = pool.Query(ctx, q, args...)
	return err
}

func libListQuery(ctx context.Context, f lib.Filter) error {
	b, err := lib.ListQuery(f)
	if err != nil {
		return err
	}
	q, args, _ := b.ToSql()
	_, err = pool.Query(ctx, q, args...) // want `query on projects does not filter by tenant_id`
	return err
}

func libListQueryScoped(ctx context.Context, t string, f lib.Filter) error {
	b, err := lib.ListQuery(f)
	if err != nil {
		return err
	}
	b, err = lib.ScopedListQuery(b, t)
	if err != nil {
		return err
	}
	q, args, _ := b.ToSql()
	_, err = pool.Query(ctx, q, args...)
	return err
}

// --- RunWith inside a helper: the finding is at the caller's finisher ---

type noteStore struct{ db *sql.DB }

func (s *noteStore) base() sq.SelectBuilder { // want base:`sqChain:-1:select.table\(notes\) runner:0.db$`
	return sq.Select("*").From("notes").RunWith(s.db)
}

func (s *noteStore) get(ctx context.Context, id string) error {
	_, err := s.base().Where(sq.Eq{"id": id}).QueryContext(ctx) // want `query on notes does not filter by tenant_id`
	return err
}

func (s *noteStore) getTenant(ctx context.Context, t, id string) error {
	_, err := s.base().Where(sq.Eq{"tenant_id": t, "id": id}).QueryContext(ctx)
	return err
}
