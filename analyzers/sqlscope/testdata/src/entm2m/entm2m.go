// want package:`models:comments,labels\(tenant_id\),notes\(tenant_id\),plans,projects\(tenant_id\),tasks\(tenant_id\)`

// Package entm2m: ent's many-to-many edges (tasks and labels through the join table
// task_labels) in filter mode, in edge predicates and traversals. It does not import the
// schema-stitching ent/runtime: every query must carry the tenant predicate itself.
package entm2m

import (
	"context"

	"example.com/entapp/ent"
	"example.com/entapp/ent/label"
	"example.com/entapp/ent/task"
)

var client *ent.Client

// --- HasLabelsWith, HasLabels: tasks.id IN (SELECT task_id FROM task_labels WHERE label_id IN
// (SELECT labels.id FROM labels WHERE ...)) ---

func tasksWithLabel(ctx context.Context, tid, body string) ([]*ent.Task, error) {
	return client.Task.Query().Where(task.TenantID(tid), task.HasLabelsWith(label.TenantID(tid), label.Body(body))).All(ctx)
}

func tasksWithAnyTenantsLabel(ctx context.Context, tid, body string) ([]*ent.Task, error) {
	return client.Task.Query().Where(task.TenantID(tid), task.HasLabelsWith(label.Body(body))).All(ctx) // want `query on labels does not filter by tenant_id`
}

func tasksWithTenantLabel(ctx context.Context, tid, body string) ([]*ent.Task, error) {
	return client.Task.Query().Where(task.HasLabelsWith(label.TenantID(tid), label.Body(body))).All(ctx) // want `query on tasks does not filter by tenant_id`
}

// The join table has no tenant column: its tenant is its rows' task's and label's. A
// sub-query on it by a label's id alone (task_labels.label_id = ?), or on all of it, reads
// every tenant's rows, and is judged as the SQL path judges
// id IN (SELECT task_id FROM task_labels WHERE label_id = $1).
func tasksWithLabelID(ctx context.Context, tid, lid string) ([]*ent.Task, error) {
	return client.Task.Query().Where(task.TenantID(tid), task.HasLabelsWith(label.ID(lid))).All(ctx) // want `query on task_labels, which belongs to a tenant through tasks, is not confined to one tenant`
}

func tasksWithLabels(ctx context.Context, tid string) ([]*ent.Task, error) {
	return client.Task.Query().Where(task.TenantID(tid), task.HasLabels()).All(ctx) // want `query on task_labels, which belongs to a tenant through tasks, is not confined to one tenant`
}

// The inverse side: labels.id IN (SELECT label_id FROM task_labels WHERE task_id IN ...).
func labelsOnTenantTasks(ctx context.Context, tid string) ([]*ent.Label, error) {
	return client.Label.Query().Where(label.TenantID(tid), label.HasTasksWith(task.TenantID(tid))).All(ctx)
}

// --- traversals: labels.id IN (SELECT label_id FROM task_labels WHERE task_id IN (SELECT
// tasks.id FROM tasks WHERE ...)) ---

func labelsOfTask(ctx context.Context, tid, id string) ([]*ent.Label, error) {
	return client.Task.Query().Where(task.TenantID(tid), task.ID(id)).QueryLabels().All(ctx) // want `query on labels does not filter by tenant_id`
}

func labelsOfTaskFiltered(ctx context.Context, tid, id string) ([]*ent.Label, error) {
	return client.Task.Query().Where(task.TenantID(tid), task.ID(id)).QueryLabels().Where(label.TenantID(tid)).All(ctx)
}

func labelsOfAnyTask(ctx context.Context, tid, body string) ([]*ent.Label, error) {
	return client.Task.Query().Where(task.Body(body)).QueryLabels().Where(label.TenantID(tid)).All(ctx) // want `query on tasks does not filter by tenant_id`
}

func tasksOfLabel(ctx context.Context, tid, lid string) ([]*ent.Task, error) {
	return client.Label.Query().Where(label.TenantID(tid), label.ID(lid)).QueryTasks().Where(task.TenantID(tid)).All(ctx)
}

func labelsOfFetchedTask(ctx context.Context, tid, id string) ([]*ent.Label, error) {
	t, err := client.Task.Query().Where(task.TenantID(tid), task.ID(id)).Only(ctx)
	if err != nil {
		return nil, err
	}
	return t.QueryLabels().Where(label.TenantID(tid)).All(ctx)
}

// From an entity of unknown provenance: the join table by its key alone
// (task_labels.task_id = ?), a key the caller chose.
func labelsOf(ctx context.Context, t *ent.Task, tid string) ([]*ent.Label, error) {
	return t.QueryLabels().Where(label.TenantID(tid)).All(ctx) // want `query on task_labels, which belongs to a tenant through tasks, is not confined to one tenant`
}

func labelsOfUnfiltered(ctx context.Context, t *ent.Task) ([]*ent.Label, error) {
	return client.Task.QueryLabels(t).All(ctx) // want `query on labels does not filter by tenant_id` `query on task_labels, which belongs to a tenant through tasks`
}

// --- an edge from tasks to tasks through an edge schema (the blocks join table): the
// blockers of a query's tasks are tasks with a tenant column of their own, and the query they
// start from confines the join table's rows ---

func blockersOfTask(ctx context.Context, tid, id string) ([]*ent.Task, error) {
	return client.Task.Query().Where(task.TenantID(tid), task.ID(id)).QueryBlockers().Where(task.TenantID(tid)).All(ctx)
}

// The blockers need their own tenant filter, as any neighbour with a tenant column...
func blockersOfTaskUnfiltered(ctx context.Context, tid, id string) ([]*ent.Task, error) {
	return client.Task.Query().Where(task.TenantID(tid), task.ID(id)).QueryBlockers().All(ctx) // want `query on tasks does not filter by tenant_id`
}

// ... and the tasks they start from theirs.
func blockersOfAnyTask(ctx context.Context, tid, id string) ([]*ent.Task, error) {
	return client.Task.Query().Where(task.ID(id)).QueryBlockers().Where(task.TenantID(tid)).All(ctx) // want `query on tasks does not filter by tenant_id`
}

func blockersOfFetchedTask(ctx context.Context, tid, id string) ([]*ent.Task, error) {
	t, err := client.Task.Query().Where(task.TenantID(tid), task.ID(id)).Only(ctx)
	if err != nil {
		return nil, err
	}
	return t.QueryBlockers().Where(task.TenantID(tid)).All(ctx)
}

// From an entity of unknown provenance: the join table by its key alone.
func blockersOf(ctx context.Context, t *ent.Task, tid string) ([]*ent.Task, error) {
	return t.QueryBlockers().Where(task.TenantID(tid)).All(ctx) // want `query on blocks, which belongs to a tenant through tasks, is not confined to one tenant`
}
