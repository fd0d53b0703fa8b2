package bunstmt // want package:`models:labels\(tenant_id\)`
// bunstmt builds a bun query in statements: bun's Where mutates the query it is called
// on, so a Where whose result is dropped still adds the condition.
//
// Held-out shape (golangFame/user-svc models/dummy.go): query := db.NewSelect().Model(d);
// query.Where("id=?", d.ID); err = query.Scan(ctx).

import (
	"context"

	"github.com/uptrace/bun"
)

type Label struct {
	bun.BaseModel `bun:"table:labels"`

	ID       int64  `bun:"id,pk"`
	TenantID string `bun:"tenant_id"`
	Name     string `bun:"name"`
}

func (l *Label) Fetch(ctx context.Context, db *bun.DB) error { // want Fetch:"queriesOwn:1"
	query := db.NewSelect().Model(l)
	query.Where("id = ?", l.ID)
	return query.Scan(ctx) // want `query on labels label does not filter by label\.tenant_id`
}

func (l *Label) FetchInTenant(ctx context.Context, db *bun.DB) error { // want FetchInTenant:"queriesOwn:1"
	query := db.NewSelect().Model(l)
	query.Where("id = ?", l.ID)
	query.Where("tenant_id = ?", l.TenantID)
	return query.Scan(ctx)
}

func RenameInTenant(ctx context.Context, db *bun.DB, tenantID string, id int64, name string) error {
	q := db.NewUpdate().Model((*Label)(nil)).Set("name = ?", name)
	q.Where("id = ?", id)
	q.Where("tenant_id = ?", tenantID)
	_, err := q.Exec(ctx)
	return err
}

func Rename(ctx context.Context, db *bun.DB, id int64, name string) error {
	q := db.NewUpdate().Model((*Label)(nil)).Set("name = ?", name)
	q.Where("id = ?", id)
	_, err := q.Exec(ctx) // want `query on labels label does not filter by label\.tenant_id`
	return err
}

// FetchMaybeInTenant filters by the tenant only when one is given: the query may run without it.
func (l *Label) FetchMaybeInTenant(ctx context.Context, db *bun.DB) error { // want FetchMaybeInTenant:"queriesOwn:1"
	query := db.NewSelect().Model(l)
	query.Where("id = ?", l.ID)
	if l.TenantID != "" {
		query.Where("tenant_id = ?", l.TenantID)
	}
	return query.Scan(ctx) // want `query on labels label does not filter by label\.tenant_id`
}
