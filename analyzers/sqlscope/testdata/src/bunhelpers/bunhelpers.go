package bunhelpers // want package:`models:notes\(tenant_id\)`

import (
	"context"
	"errors"

	"github.com/uptrace/bun"

	"bunhelpers/lib"
)

var db *bun.DB

type Note struct {
	bun.BaseModel `bun:"table:notes,alias:n"`

	ID       string `bun:",pk"`
	TenantID string
	Body     string
}

// --- helpers of this package ---

func scoped(q *bun.SelectQuery, t string) *bun.SelectQuery { // want scoped:`bunChain:0:where\(n.tenant_id = \?\)`
	return q.Where("n.tenant_id = ?", t)
}

func onlyID(q *bun.SelectQuery, id string) *bun.SelectQuery { // want onlyID:`bunChain:0:where\(n.id = \?\)`
	return q.Where("n.id = ?", id)
}

func notesQ(ns *[]Note) *bun.SelectQuery { // want notesQ:`bunChain:pool:new.model\(notes\)`
	return db.NewSelect().Model(ns)
}

// pick's returns start from different parameters.
func pick(q, base *bun.SelectQuery, admin bool, t string) *bun.SelectQuery { // want pick:`bunChain:0:\|1:where\(n.tenant_id = \?\)$`
	if admin {
		return q
	}
	return base.Where("n.tenant_id = ?", t)
}

// orAll's returns start from a parameter and from a fresh query on the pool.
func orAll(q *bun.SelectQuery, all bool, t string) *bun.SelectQuery { // want orAll:`bunChain:pool:new.model\(notes\)\|0:where\(n.tenant_id = \?\)$`
	if all {
		return db.NewSelect().Model((*Note)(nil))
	}
	return q.Where("n.tenant_id = ?", t)
}

// recursive calls itself: the recursive call contributes nothing, the other return counts.
func recursive(q *bun.SelectQuery, n int, id string) *bun.SelectQuery { // want recursive:`bunChain:0:where\(n.id = \?\)$`
	if n > 0 {
		return recursive(q, n-1, id)
	}
	return q.Where("n.id = ?", id)
}

func recursiveScoped(q *bun.SelectQuery, n int, t string) *bun.SelectQuery { // want recursiveScoped:`bunChain:0:where\(n.tenant_id = \?\)$`
	if n > 0 {
		return recursiveScoped(q, n-1, t)
	}
	return q.Where("n.tenant_id = ?", t)
}

func samePickAdmin(ctx context.Context, t, id string, admin bool) (ns []Note, err error) {
	err = pick(db.NewSelect().Model(&ns).Where("n.id = ?", id), db.NewSelect().Model(&ns), admin, t).Scan(ctx) // want `query on notes n does not filter by n.tenant_id`
	return ns, err
}

func samePickBothScoped(ctx context.Context, t string, admin bool) (ns []Note, err error) {
	err = pick(db.NewSelect().Model(&ns).Where("n.tenant_id = ?", t), db.NewSelect().Model(&ns), admin, t).Scan(ctx)
	return ns, err
}

func sameOrAll(ctx context.Context, t string, all bool) (ns []Note, err error) {
	err = orAll(db.NewSelect().Model(&ns), all, t).Scan(ctx, &ns) // want `query on notes n does not filter by n.tenant_id`
	return ns, err
}

func sameOrAllThenScoped(ctx context.Context, t string, all bool) (ns []Note, err error) {
	err = orAll(db.NewSelect().Model(&ns), all, t).Where("n.tenant_id = ?", t).Scan(ctx, &ns)
	return ns, err
}

func sameRecursive(ctx context.Context, id string) (ns []Note, err error) {
	err = recursive(db.NewSelect().Model(&ns), 3, id).Scan(ctx) // want `query on notes n does not filter by n.tenant_id`
	return ns, err
}

func sameRecursiveScoped(ctx context.Context, t, id string) (ns []Note, err error) {
	err = recursiveScoped(db.NewSelect().Model(&ns), 3, t).Where("n.id = ?", id).Scan(ctx)
	return ns, err
}

func sameScoped(ctx context.Context, t, id string) (ns []Note, err error) {
	err = scoped(db.NewSelect().Model(&ns), t).Where("n.id = ?", id).Scan(ctx)
	return ns, err
}

func sameOnlyID(ctx context.Context, id string) (ns []Note, err error) {
	err = onlyID(db.NewSelect().Model(&ns), id).Scan(ctx) // want `query on notes n does not filter by n.tenant_id`
	return ns, err
}

func sameBuilder(ctx context.Context, id string) (ns []Note, err error) {
	err = notesQ(&ns).Where("n.id = ?", id).Scan(ctx) // want `query on notes n does not filter by n.tenant_id`
	return ns, err
}

func sameBuilderTenant(ctx context.Context, t, id string) (ns []Note, err error) {
	err = notesQ(&ns).Where("n.tenant_id = ?", t).Where("n.id = ?", id).Scan(ctx)
	return ns, err
}

// --- helpers of another package (facts) ---

func libScoped(ctx context.Context, t, id string) (ns []Note, err error) {
	err = lib.ForTenant(db.NewSelect().Model(&ns), t).Where("n.id = ?", id).Scan(ctx)
	return ns, err
}

func libOnlyID(ctx context.Context, id string) (ns []Note, err error) {
	err = lib.ByID(db.NewSelect().Model(&ns), id).Scan(ctx) // want `query on notes n does not filter by n.tenant_id`
	return ns, err
}

func libOr(ctx context.Context, t string) (ns []Note, err error) {
	err = lib.TenantOrPublic(db.NewSelect().Model(&ns), t).Scan(ctx) // want `tenant filter on notes n sits inside an OR`
	return ns, err
}

func libNothing(ctx context.Context, id string) (ns []Note, err error) {
	err = lib.Recent(db.NewSelect().Model(&ns).Where("n.id = ?", id)).Scan(ctx) // want `query on notes n does not filter by n.tenant_id`
	return ns, err
}

func libNothingTenant(ctx context.Context, t string) (ns []Note, err error) {
	err = lib.Recent(db.NewSelect().Model(&ns).Where("n.tenant_id = ?", t)).Scan(ctx)
	return ns, err
}

func libOnHandle(ctx context.Context, id string) error {
	err := lib.Notes(db).Where("id = ?", id).Scan(ctx) // want `query on notes does not filter by tenant_id`
	return err
}

func libOnHandleTenant(ctx context.Context, t, id string) error {
	err := lib.Notes(db).Where("tenant_id = ?", t).Where("id = ?", id).Scan(ctx)
	return err
}

func libApply(ctx context.Context, id string) (ns []Note, err error) {
	err = db.NewSelect().Model(&ns).Apply(lib.ScopeTenant).Where("n.id = ?", id).Scan(ctx)
	return ns, err
}

func libApplyNothing(ctx context.Context, id string) (ns []Note, err error) {
	err = db.NewSelect().Model(&ns).Apply(lib.Recent).Where("n.id = ?", id).Scan(ctx) // want `query on notes n does not filter by n.tenant_id`
	return ns, err
}

func libOwnPool(ctx context.Context, id string) error {
	return lib.AllNotes().Where("id = ?", id).Scan(ctx) // want `query on notes does not filter by tenant_id`
}

func libOwnPoolTenant(ctx context.Context, t, id string) error {
	return lib.TenantNotes(t).Where("id = ?", id).Scan(ctx)
}

func libPick(ctx context.Context, t, id string, admin bool) (ns []Note, err error) {
	err = lib.Pick(db.NewSelect().Model(&ns).Where("n.id = ?", id), db.NewSelect().Model(&ns), admin, t).Scan(ctx) // want `query on notes n does not filter by n.tenant_id`
	return ns, err
}

func libPickBothScoped(ctx context.Context, t string, admin bool) (ns []Note, err error) {
	err = lib.Pick(lib.ForTenant(db.NewSelect().Model(&ns), t), db.NewSelect().Model(&ns), admin, t).Scan(ctx)
	return ns, err
}

func libOrAll(ctx context.Context, t string, all bool) error {
	return lib.OrAll(db.NewSelect().Table("notes"), all, t).Scan(ctx) // want `query on notes does not filter by tenant_id`
}

func libOrAllScoped(ctx context.Context, t string, all bool) error {
	return lib.OrAllScoped(db.NewSelect().Table("notes"), all, t).Scan(ctx)
}

func libRecursive(ctx context.Context, id string) error {
	return lib.Recursive(db.NewSelect().Table("notes"), 3, id).Scan(ctx) // want `query on notes does not filter by tenant_id`
}

func libRecursiveScoped(ctx context.Context, t, id string) error {
	return lib.Recursive(db.NewSelect().Table("notes").Where("tenant_id = ?", t), 3, id).Scan(ctx)
}

func listQuery(ns *[]Note, status string) (*bun.SelectQuery, error) { // want listQuery:`bunChain:pool:new.model\(notes\).where\(n.status = \?\)$`
	if status == "" {
		return nil, errors.New("no status")
	}
	return db.NewSelect().Model(ns).Where("n.status = ?", status), nil
}

func sameListQuery(ctx context.Context, status string) (ns []Note, err error) {
	q, err := listQuery(&ns, status)
	if err != nil {
		return nil, err
	}
	err = q.Scan(ctx) // want `query on notes n does not filter by n.tenant_id`
	return ns, err
}

func sameListQueryTenant(ctx context.Context, t, status string) (ns []Note, err error) {
	q, err := listQuery(&ns, status)
	if err != nil {
		return nil, err
	}
	err = q.Where("n.tenant_id = ?", t).Scan(ctx)
	return ns, err
}

func libByStatus(ctx context.Context, status string) error {
	q, err := lib.ByStatus(db, status)
	if err != nil {
		return err
	}
	return q.Scan(ctx) // want `query on notes does not filter by tenant_id`
}

func libByStatusTenant(ctx context.Context, t, status string) error {
	q, err := lib.ByStatus(db, status)
	if err != nil {
		return err
	}
	return q.Where("tenant_id = ?", t).Scan(ctx)
}
