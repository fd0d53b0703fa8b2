package entfilter

import (
	"context"

	"example.com/entapp/ent"
	"example.com/entapp/ent/note"
	"example.com/entapp/ent/project"

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
