// want package:`models:comments,labels\(tenant_id\),notes\(tenant_id\),plans,projects\(tenant_id\),tasks\(tenant_id\)`

// Package entmodels has no SQL migrations: the schema comes from the entity packages ent
// generated (project.Table, project.FieldTenantID...), so projects is tenant-owned and plans,
// with no tenant column, is global.
package entmodels

import (
	"context"

	"example.com/entapp/ent"
	"example.com/entapp/ent/plan"
	"example.com/entapp/ent/project"
)

var client *ent.Client

func projectByID(ctx context.Context, id string) (*ent.Project, error) {
	return client.Project.Query().Where(project.ID(id)).Only(ctx) // want `query on projects does not filter by tenant_id`
}

func projectByIDWithTenant(ctx context.Context, tid, id string) (*ent.Project, error) {
	return client.Project.Query().Where(project.ID(id), project.TenantID(tid)).Only(ctx)
}

func planByID(ctx context.Context, id string) (*ent.Plan, error) {
	return client.Plan.Query().Where(plan.ID(id)).Only(ctx)
}
