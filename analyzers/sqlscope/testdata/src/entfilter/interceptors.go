package entfilter

import (
	"context"

	"example.com/entapp/ent"
	"example.com/entapp/ent/label"
	"example.com/entapp/ent/note"
	"example.com/entapp/ent/plan"
	"example.com/entapp/ent/project"
	"example.com/entapp/ent/task"

	// The schema-stitching code: it registers the schemas' interceptors.
	_ "example.com/entapp/ent/runtime"
)

// --- Note's schema mixes in TenantMixin, whose interceptor adds tenant_id = <the request's
// tenant> to every query (rule.FilterTenant): its queries are filtered ---

func noteByID(ctx context.Context, id string) (*ent.Note, error) {
	return client.Note.Query().Where(note.ID(id)).Only(ctx)
}

func noteGet(ctx context.Context, id string) (*ent.Note, error) {
	return client.Note.Get(ctx, id)
}

func notesAll(ctx context.Context) ([]*ent.Note, error) {
	return client.Note.Query().All(ctx)
}

// An interceptor runs on queries only: updates and deletes are not filtered by it.

func noteUpdateByID(ctx context.Context, id, body string) error {
	return client.Note.UpdateOneID(id).SetBody(body).Exec(ctx) // want `query on notes does not filter by tenant_id`
}

func noteDeleteByID(ctx context.Context, id string) error {
	return client.Note.DeleteOneID(id).Exec(ctx) // want `query on notes does not filter by tenant_id`
}

func noteDeleteByIDWithTenant(ctx context.Context, tid, id string) error {
	return client.Note.DeleteOneID(id).Where(note.TenantID(tid)).Exec(ctx)
}

func noteCreate(ctx context.Context, body string) (*ent.Note, error) {
	return client.Note.Create().SetBody(body).Save(ctx) // want `insert into notes does not set tenant_id`
}

// An OR in the query's own predicate cannot widen the interceptor's condition, which ent
// ANDs beside it.

func noteOr(ctx context.Context, a, b string) ([]*ent.Note, error) {
	return client.Note.Query().Where(note.Or(note.Body(a), note.Body(b))).All(ctx)
}

// --- Project's schema mixes in SoftDeleteMixin, whose interceptor filters, but not by
// tenant: its queries still need the tenant predicate ---

func projectFiltersNoTenant(ctx context.Context, id string) (*ent.Project, error) {
	return client.Project.Query().Where(project.ID(id)).Only(ctx) // want `query on projects does not filter by tenant_id`
}

// Project's privacy policy filters by tenant only on paths that can also let the statement
// through unfiltered (no tenant in the request, an administrator, a filter without the
// field), or ORs the tenant with another condition: it confines nothing.

func projectDeleteByID(ctx context.Context, id string) error {
	return client.Project.DeleteOneID(id).Exec(ctx) // want `query on projects does not filter by tenant_id`
}

func projectUpdate(ctx context.Context, name string) (int, error) {
	return client.Project.Update().SetName(name).Save(ctx) // want `query on projects does not filter by tenant_id`
}

// --- Label's schema mixes in TenantPolicyMixin, the tenant mixin of ent's multi-tenancy
// docs: its privacy filter rule gives the entity's filter WhereTenantID(entql.StringEQ(<the
// request's tenant>)), for queries and mutations ---

func labelByID(ctx context.Context, id string) (*ent.Label, error) {
	return client.Label.Query().Where(label.ID(id)).Only(ctx)
}

func labelGet(ctx context.Context, id string) (*ent.Label, error) {
	return client.Label.Get(ctx, id)
}

func labelDeleteByID(ctx context.Context, id string) error {
	return client.Label.DeleteOneID(id).Exec(ctx)
}

func labelUpdate(ctx context.Context, body string) (int, error) {
	return client.Label.Update().SetBody(body).Save(ctx)
}

// The rule's tenant filter is ANDed beside the query's own predicate.
func labelOr(ctx context.Context, a, b string) ([]*ent.Label, error) {
	return client.Label.Query().Where(label.Or(label.Body(a), label.Body(b))).All(ctx)
}

// A privacy filter does not set the tenant of a new row.
func labelCreate(ctx context.Context, body string) (*ent.Label, error) {
	return client.Label.Create().SetBody(body).Save(ctx) // want `insert into labels does not set tenant_id`
}

// Note's privacy rule filters its mutations by another column than the tenant's: they are
// still unfiltered (noteUpdateByID, noteDeleteByID above).

// --- Task's schema has a privacy policy whose filter rule adds tenant_id = <the request's
// tenant> to queries and mutations (rule.FilterTenantRule) ---

func taskByID(ctx context.Context, id string) (*ent.Task, error) {
	return client.Task.Get(ctx, id)
}

func taskDeleteByID(ctx context.Context, id string) error {
	return client.Task.DeleteOneID(id).Exec(ctx)
}

func taskUpdate(ctx context.Context, body string) (int, error) {
	return client.Task.Update().SetBody(body).Save(ctx)
}

// A traversal from a task query: the policy confines the tasks of the sub-query, so their
// comments (a child table of tasks) are the tenant's.
func commentsOfTask(ctx context.Context, id string) ([]*ent.Comment, error) {
	return client.Task.Query().Where(task.ID(id)).QueryComments().All(ctx)
}

// ... while a project's policy confines nothing: the projects of the sub-query are any
// tenant's, though the tasks it reaches are filtered by their own policy.
func tasksOfProject(ctx context.Context, id string) ([]*ent.Task, error) {
	return client.Project.Query().Where(project.ID(id)).QueryTasks().All(ctx) // want `query on projects does not filter by tenant_id`
}

// A privacy filter does not set the tenant of a new row.
func taskCreate(ctx context.Context, body string) (*ent.Task, error) {
	return client.Task.Create().SetBody(body).Save(ctx) // want `insert into tasks does not set tenant_id`
}

func taskCreateWithTenant(ctx context.Context, tid, body string) (*ent.Task, error) {
	return client.Task.Create().SetBody(body).SetTenantID(tid).Save(ctx)
}

// --- Plan is global reference data: no tenant filter is needed ---

func planByID(ctx context.Context, id string) (*ent.Plan, error) {
	return client.Plan.Query().Where(plan.ID(id)).Only(ctx)
}
