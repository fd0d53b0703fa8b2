// want package:`models:comments,labels\(tenant_id\),notes\(tenant_id\),plans,projects\(tenant_id\),tasks\(tenant_id\)`

// Package enttraverse: ent's edge traversals (Query<Edge>) in filter mode, from a query, from
// an entity the function fetched and from one it was handed. It does not import the
// schema-stitching ent/runtime: every query must carry the tenant predicate itself. comments
// has no tenant column: its tenant is its task's (a child table).
package enttraverse

import (
	"context"

	"example.com/entapp/ent"
	"example.com/entapp/ent/comment"
	"example.com/entapp/ent/project"
	"example.com/entapp/ent/task"
)

var client *ent.Client

// --- from a query: the neighbours of the rows it selects, over the edge's key ---

// The comments of the tenant's task: comments.task_id IN (SELECT tasks.id FROM tasks WHERE
// tenant_id = ? AND id = ?).
func commentsOfTenantTask(ctx context.Context, tid, id string) ([]*ent.Comment, error) {
	return client.Task.Query().Where(task.TenantID(tid), task.ID(id)).QueryComments().All(ctx)
}

// The task looked up by its id alone: the tasks the sub-query reads are any tenant's.
func commentsOfTask(ctx context.Context, id string) ([]*ent.Comment, error) {
	return client.Task.Query().Where(task.ID(id)).QueryComments().All(ctx) // want `query on tasks does not filter by tenant_id`
}

func commentsOfAnyTask(ctx context.Context) ([]*ent.Comment, error) {
	return client.Task.Query().QueryComments().All(ctx) // want `query on tasks does not filter by tenant_id`
}

// The parent's filter inside an OR confines nothing.
func commentsOfTaskOr(ctx context.Context, tid, body string) ([]*ent.Comment, error) {
	return client.Task.Query().Where(task.Or(task.TenantID(tid), task.Body(body))).QueryComments().All(ctx) // want `tenant filter on tasks sits inside an OR`
}

// Kept in variables, the child's own predicates added after the traversal.
func commentsChain(ctx context.Context, tid, body string) ([]*ent.Comment, error) {
	tq := client.Task.Query().Where(task.TenantID(tid))
	cq := tq.QueryComments()
	return cq.Where(comment.Body(body)).All(ctx)
}

func commentsChainUnfiltered(ctx context.Context, body string) (int, error) {
	tq := client.Task.Query().Where(task.Body(body))
	cq := tq.QueryComments()
	return cq.Where(comment.Body(body)).Count(ctx) // want `query on tasks does not filter by tenant_id`
}

// A parent query made elsewhere is its maker's to judge.
func commentsOfQuery(ctx context.Context, tq *ent.TaskQuery) ([]*ent.Comment, error) { // want commentsOfQuery:"queriesParam:tq"
	return tq.QueryComments().All(ctx)
}

// Tasks carry a tenant of their own: the project's tenant does not confine them, as with
// task.HasProjectWith(project.TenantID(tid)).
func tasksOfTenantProject(ctx context.Context, tid, pid string) ([]*ent.Task, error) {
	return client.Project.Query().Where(project.TenantID(tid), project.ID(pid)).QueryTasks().All(ctx) // want `query on tasks does not filter by tenant_id`
}

func tasksOfTenantProjectFiltered(ctx context.Context, tid, pid string) ([]*ent.Task, error) {
	return client.Project.Query().Where(project.TenantID(tid), project.ID(pid)).QueryTasks().Where(task.TenantID(tid)).All(ctx)
}

// M2O: the project of the tenant's tasks is any tenant's project unless it is filtered.
func projectOfTenantTasks(ctx context.Context, tid string) (*ent.Project, error) {
	return client.Task.Query().Where(task.TenantID(tid)).QueryProject().First(ctx) // want `query on projects does not filter by tenant_id`
}

func projectOfTenantTasksFiltered(ctx context.Context, tid string) (*ent.Project, error) {
	return client.Task.Query().Where(task.TenantID(tid)).QueryProject().Where(project.TenantID(tid)).First(ctx)
}

// --- from an entity the function fetched: one of the rows of that query ---

func commentsOfFetchedTask(ctx context.Context, tid, id string) ([]*ent.Comment, error) {
	t, err := client.Task.Query().Where(task.TenantID(tid), task.ID(id)).Only(ctx)
	if err != nil {
		return nil, err
	}
	return t.QueryComments().All(ctx)
}

func commentsOfFetchedTaskByClient(ctx context.Context, tid, id string) ([]*ent.Comment, error) {
	t, err := client.Task.Query().Where(task.TenantID(tid), task.ID(id)).First(ctx)
	if err != nil {
		return nil, err
	}
	return client.Task.QueryComments(t).All(ctx)
}

func commentsOfEachTask(ctx context.Context, tid string) (n int, err error) {
	ts, err := client.Task.Query().Where(task.TenantID(tid)).All(ctx)
	if err != nil {
		return 0, err
	}
	for _, t := range ts {
		c, err := t.QueryComments().Count(ctx)
		if err != nil {
			return 0, err
		}
		n += c
	}
	return n, nil
}

// Fetched by its id alone: its comments are any tenant's (the Get is the first finding).
func commentsOfTaskByID(ctx context.Context, id string) ([]*ent.Comment, error) {
	t, err := client.Task.Get(ctx, id) // want `query on tasks does not filter by tenant_id`
	if err != nil {
		return nil, err
	}
	return t.QueryComments().All(ctx) // want `query on tasks does not filter by tenant_id`
}

// --- from an entity of unknown provenance: its key alone, as a caller-supplied key ---

func commentsOf(ctx context.Context, t *ent.Task) ([]*ent.Comment, error) {
	return t.QueryComments().All(ctx) // want `query on comments, which belongs to a tenant through tasks, is not confined to one tenant`
}

func commentsOfByClient(ctx context.Context, t *ent.Task) ([]*ent.Comment, error) {
	return client.Task.QueryComments(t).All(ctx) // want `query on comments, which belongs to a tenant through tasks, is not confined to one tenant`
}

// ... and filtered by the child's own predicate, still by a key the caller chose.
func commentsOfWithBody(ctx context.Context, t *ent.Task, body string) ([]*ent.Comment, error) {
	return t.QueryComments().Where(comment.Body(body)).All(ctx) // want `query on comments, which belongs to a tenant through tasks`
}

// --- an edge from tasks to tasks over a key (edge.To("subtasks", Task.Type).From("parent")):
// the subtasks of a query's tasks (tasks.task_subtasks IN (SELECT tasks.id ...)) and their
// parent (tasks.id IN (SELECT tasks.task_subtasks ...)) are tasks with a tenant column of
// their own ---

func subtasksOfTask(ctx context.Context, tid, id string) ([]*ent.Task, error) {
	return client.Task.Query().Where(task.TenantID(tid), task.ID(id)).QuerySubtasks().Where(task.TenantID(tid)).All(ctx)
}

func subtasksUnfiltered(ctx context.Context, tid, id string) ([]*ent.Task, error) {
	return client.Task.Query().Where(task.TenantID(tid), task.ID(id)).QuerySubtasks().All(ctx) // want `query on tasks does not filter by tenant_id`
}

func subtasksOfAnyTask(ctx context.Context, tid, id string) ([]*ent.Task, error) {
	return client.Task.Query().Where(task.ID(id)).QuerySubtasks().Where(task.TenantID(tid)).All(ctx) // want `query on tasks does not filter by tenant_id`
}

func parentOfTask(ctx context.Context, tid, id string) (*ent.Task, error) {
	return client.Task.Query().Where(task.TenantID(tid), task.ID(id)).QueryParent().Where(task.TenantID(tid)).Only(ctx)
}

func parentOfAnyTask(ctx context.Context, tid, id string) (*ent.Task, error) {
	return client.Task.Query().Where(task.ID(id)).QueryParent().Where(task.TenantID(tid)).Only(ctx) // want `query on tasks does not filter by tenant_id`
}

func subtasksOfFetchedTask(ctx context.Context, tid, id string) ([]*ent.Task, error) {
	t, err := client.Task.Query().Where(task.TenantID(tid), task.ID(id)).Only(ctx)
	if err != nil {
		return nil, err
	}
	return t.QuerySubtasks().Where(task.TenantID(tid)).All(ctx)
}

func subtasksOfFetchedTaskUnfiltered(ctx context.Context, tid, id string) ([]*ent.Task, error) {
	t, err := client.Task.Query().Where(task.TenantID(tid), task.ID(id)).Only(ctx)
	if err != nil {
		return nil, err
	}
	return t.QuerySubtasks().All(ctx) // want `query on tasks does not filter by tenant_id`
}

func subtasksOf(ctx context.Context, t *ent.Task, tid string) ([]*ent.Task, error) {
	return client.Task.QuerySubtasks(t).Where(task.TenantID(tid)).All(ctx)
}
