// want package:`models:comments,labels\(tenant_id\),notes\(tenant_id\),plans,projects\(tenant_id\),tasks\(tenant_id\),tenants`

// Package entedges: ent's edge predicates (HasXWith) in filter mode. It does not import the
// schema-stitching ent/runtime, so the schemas' interceptors and privacy rules do not apply:
// every query must carry the tenant predicate itself.
package entedges

import (
	"context"

	"example.com/entapp/ent"
	"example.com/entapp/ent/project"
	"example.com/entapp/ent/task"
	"example.com/entapp/ent/tenant"
)

var client *ent.Client

// --- edge predicates (HasXWith), written by ent as EXISTS over the edge's foreign key ---

// The tenant edge with the tenant's id is the tenant column.
func taskOfTenant(ctx context.Context, tid, id string) (*ent.Task, error) {
	return client.Task.Query().Where(task.HasTenantWith(tenant.ID(tid)), task.ID(id)).Only(ctx)
}

// ... and is a tenant filter only where every row must satisfy it.
func taskOfTenantOr(ctx context.Context, tid, body string) ([]*ent.Task, error) {
	return client.Task.Query().Where(task.Or(task.HasTenantWith(tenant.ID(tid)), task.Body(body))).All(ctx) // want `tenant filter on tasks sits inside an OR, so other tenants. rows escape`
}

// The project's id says nothing of the task's tenant.
func tasksOfProject(ctx context.Context, pid string) ([]*ent.Task, error) {
	return client.Task.Query().Where(task.HasProjectWith(project.ID(pid))).All(ctx) // want `query on tasks does not filter by tenant_id`
}

// A project of the tenant still does not confine the tasks, which carry a tenant of their own.
func tasksOfTenantProject(ctx context.Context, tid, pid string) ([]*ent.Task, error) {
	return client.Task.Query().Where(task.HasProjectWith(project.TenantID(tid), project.ID(pid))).All(ctx) // want `query on tasks does not filter by tenant_id`
}

func tasksOfTenantProjectFiltered(ctx context.Context, tid, pid string) ([]*ent.Task, error) {
	return client.Task.Query().Where(task.TenantID(tid), task.HasProjectWith(project.TenantID(tid), project.ID(pid))).All(ctx)
}

// The edge from the other side (O2M): projects that have a task of the tenant are not
// filtered by their own tenant column.
func projectsWithTasks(ctx context.Context, tid string) ([]*ent.Project, error) {
	return client.Project.Query().Where(project.HasTasksWith(task.TenantID(tid))).All(ctx) // want `query on projects does not filter by tenant_id`
}

func projectsWithTasksFiltered(ctx context.Context, tid string) ([]*ent.Project, error) {
	return client.Project.Query().Where(project.TenantID(tid), project.HasTasksWith(task.TenantID(tid), task.Body("todo"))).All(ctx)
}

// The sub-query over the tasks reads every tenant's tasks unless it is filtered too.
func projectsWithAnyTasks(ctx context.Context, tid string) ([]*ent.Project, error) {
	return client.Project.Query().Where(project.TenantID(tid), project.HasTasksWith(task.Body("todo"))).All(ctx) // want `query on tasks does not filter by tenant_id`
}

// Has<Edge>() is any neighbour: no tenant in it.
func tasksInAnyProject(ctx context.Context) ([]*ent.Task, error) {
	return client.Task.Query().Where(task.HasProject()).All(ctx) // want `query on tasks does not filter by tenant_id`
}

func tasksOfTenantInAnyProject(ctx context.Context, tid string) ([]*ent.Task, error) {
	return client.Task.Query().Where(task.HasTenantWith(tenant.ID(tid)), task.HasProject()).All(ctx)
}
