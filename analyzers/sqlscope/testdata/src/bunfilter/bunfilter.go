package bunfilter

import (
	"context"

	"github.com/uptrace/bun"
)

var db *bun.DB

type Note struct {
	bun.BaseModel `bun:"table:notes,alias:n"`

	ID        string `bun:",pk"`
	TenantID  string
	ProjectID string
	Body      string
	Public    bool
}

// Project has bun's default names: table projects, alias project.
type Project struct {
	ID       string `bun:",pk"`
	TenantID string
	Name     string
}

// --- the advisory shape: rules read, edited and deleted by id alone ---

func get(ctx context.Context, id string) (n Note, err error) {
	err = db.NewSelect().Model(&n).Where("id = ?", id).Scan(ctx) // want `query on notes n does not filter by n.tenant_id: add n.tenant_id = <verified tenant> to its WHERE clause or run it inside tenantdb.WithTenant \(TV1003\)`
	return n, err
}

func getWithTenant(ctx context.Context, t, id string) (n Note, err error) {
	err = db.NewSelect().Model(&n).Where("tenant_id = ?", t).Where("id = ?", id).Scan(ctx)
	return n, err
}

func update(ctx context.Context, id, body string) error {
	_, err := db.NewUpdate().Model((*Note)(nil)).Set("body = ?", body).Where("id = ?", id).Exec(ctx) // want `query on notes n does not filter by n.tenant_id`
	return err
}

func updateWithTenant(ctx context.Context, t, id, body string) error {
	_, err := db.NewUpdate().Model((*Note)(nil)).Set("body = ?", body).Where("n.tenant_id = ?", t).Where("id = ?", id).Exec(ctx)
	return err
}

func deleteByID(ctx context.Context, id string) error {
	_, err := db.NewDelete().Model((*Note)(nil)).Where("id = ?", id).Exec(ctx) // want `query on notes n does not filter by n.tenant_id`
	return err
}

func deleteWithTenant(ctx context.Context, t, id string) error {
	_, err := db.NewDelete().Model((*Note)(nil)).Where("?TableAlias.tenant_id = ?", t).Where("id = ?", id).Exec(ctx)
	return err
}

func deletePK(ctx context.Context, n *Note) error {
	_, err := db.NewDelete().Model(n).WherePK().Exec(ctx) // want `query on notes n does not filter by n.tenant_id`
	return err
}

func deleteNothing(ctx context.Context) error {
	// bun refuses an UPDATE or DELETE without a condition: nothing is sent.
	_, err := db.NewDelete().Model((*Note)(nil)).Exec(ctx)
	return err
}

// --- OR: every condition is parenthesised and joined by its separator ---

func orEscape(ctx context.Context, t string) (ns []Note, err error) {
	err = db.NewSelect().Model(&ns).Where("tenant_id = ?", t).WhereOr("public").Scan(ctx) // want `tenant filter on notes n sits inside an OR, so other tenants' rows escape`
	return ns, err
}

func orGrouped(ctx context.Context, t, id string) (ns []Note, err error) {
	err = db.NewSelect().Model(&ns).Where("tenant_id = ?", t).
		WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("public").WhereOr("id = ?", id)
		}).Scan(ctx)
	return ns, err
}

func orGroupedEscape(ctx context.Context, t, id string) (ns []Note, err error) {
	err = db.NewSelect().Model(&ns).Where("public"). // want `tenant filter on notes n sits inside an OR`
		WhereGroup(" OR ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("tenant_id = ?", t).Where("id = ?", id)
		}).Scan(ctx)
	return ns, err
}

// --- identifiers, default names, a chain kept in a variable ---

func ident(ctx context.Context, t string) (ns []Note, err error) {
	err = db.NewSelect().Model(&ns).Where("? = ?", bun.Ident("n.tenant_id"), t).Scan(ctx)
	return ns, err
}

func defaultNames(ctx context.Context, id string) (p Project, err error) {
	err = db.NewSelect().Model(&p).Where("project.id = ?", id).Scan(ctx) // want `query on projects project does not filter by project.tenant_id`
	return p, err
}

func defaultNamesWithTenant(ctx context.Context, t, id string) (p Project, err error) {
	err = db.NewSelect().Model(&p).Where("project.tenant_id = ?", t).Where("project.id = ?", id).Scan(ctx)
	return p, err
}

func chainInVariable(ctx context.Context, t string, onlyPublic bool) (ns []Note, err error) {
	q := db.NewSelect().Model(&ns)
	if onlyPublic {
		q = q.Where("public")
	}
	err = q.Scan(ctx) // want `query on notes n does not filter by n.tenant_id`
	return ns, err
}

func chainInVariableWithTenant(ctx context.Context, t string, onlyPublic bool) (ns []Note, err error) {
	q := db.NewSelect().Model(&ns).Where("tenant_id = ?", t)
	if onlyPublic {
		q = q.Where("public")
	}
	err = q.Scan(ctx)
	return ns, err
}

// --- INSERT, raw SQL, run-time conditions ---

func insert(ctx context.Context, id, body string) error {
	_, err := db.NewInsert().Model(&Note{ID: id, Body: body}).Exec(ctx) // want `insert into notes does not set tenant_id`
	return err
}

func insertWithTenant(ctx context.Context, t, id, body string) error {
	_, err := db.NewInsert().Model(&Note{ID: id, TenantID: t, Body: body}).Exec(ctx)
	return err
}

func raw(ctx context.Context, id string) (ns []Note, err error) {
	err = db.NewRaw("SELECT * FROM notes WHERE id = ?", id).Scan(ctx, &ns) // want `query on notes does not filter by tenant_id`
	return ns, err
}

func rawWithTenant(ctx context.Context, t, id string) (ns []Note, err error) {
	err = db.NewRaw("SELECT * FROM notes WHERE tenant_id = ? AND id = ?", t, id).Scan(ctx, &ns)
	return ns, err
}

func dynamic(ctx context.Context, cond string) (ns []Note, err error) {
	err = db.NewSelect().Model(&ns).Where(cond).Scan(ctx) // want `SQL built at run time reaches tenant table notes and could not be checked`
	return ns, err
}
