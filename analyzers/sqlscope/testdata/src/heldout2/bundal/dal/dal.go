package dal // want package:`models:projects\(tenant_id\),tenants`
// dal reads rows by id through a handle another package's function returns.
//
// Held-out shape (a bun data-access package, "plato/app/pkg/dbdal", repository not named by the
// index): dbClient.GetClient().NewSelect().Model(o).Where("id = ?", id).Scan(ctx). On the
// tenants table the lookup is of global data; the same shape on a tenant-owned table is not.

import (
	"context"

	"github.com/uptrace/bun"

	"heldout2/bundal/dbclient"
)

type Tenant struct {
	bun.BaseModel `bun:"table:tenants,alias:t"`

	ID   int64  `bun:"id,pk"`
	Name string `bun:"name"`
}

type Project struct {
	bun.BaseModel `bun:"table:projects,alias:p"`

	ID       string `bun:"id,pk"`
	TenantID int64  `bun:"tenant_id"`
	Name     string `bun:"name"`
}

func GetTenantByID(ctx context.Context, id int64) (*Tenant, error) {
	t := &Tenant{}
	err := dbclient.GetClient().NewSelect().Model(t).Where("id = ?", id).Scan(ctx)
	return t, err
}

func GetProjectByID(ctx context.Context, id string) (*Project, error) {
	p := &Project{}
	err := dbclient.GetClient().NewSelect().Model(p).Where("id = ?", id).Scan(ctx) // want `query on projects p does not filter by p\.tenant_id`
	return p, err
}

func GetProjectInTenant(ctx context.Context, tenantID int64, id string) (*Project, error) {
	p := &Project{}
	err := dbclient.GetClient().NewSelect().Model(p).
		Where("p.tenant_id = ?", tenantID).
		Where("p.id = ?", id).
		Scan(ctx)
	return p, err
}
