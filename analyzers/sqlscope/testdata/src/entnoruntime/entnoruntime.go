// want package:`models:comments,labels\(tenant_id\),notes\(tenant_id\),plans,projects\(tenant_id\),tasks\(tenant_id\)`

// Package entnoruntime does not import the schema-stitching ent/runtime, so the schemas'
// interceptors are not known here: Note's queries must carry the tenant predicate themselves.
package entnoruntime

import (
	"context"

	"example.com/entapp/ent"
	"example.com/entapp/ent/note"
)

var client *ent.Client

func noteByID(ctx context.Context, id string) (*ent.Note, error) {
	return client.Note.Query().Where(note.ID(id)).Only(ctx) // want `query on notes does not filter by tenant_id`
}

func noteByIDWithTenant(ctx context.Context, tid, id string) (*ent.Note, error) {
	return client.Note.Query().Where(note.ID(id), note.TenantID(tid)).Only(ctx)
}
