// Package entscope: ent in scope mode (the schema has row level security on notes).
package entscope

import (
	"context"

	"example.com/entapp/ent"
	"example.com/entapp/ent/note"
	"example.com/entapp/ent/plan"
)

var client *ent.Client

// A query on the global client runs outside any tenant scope.
func noteByID(ctx context.Context, id string) (*ent.Note, error) {
	return client.Note.Query().Where(note.ID(id)).Only(ctx) // want `query on \*ent.NoteClient outside a tenant scope: run it inside a tenant scope helper`
}

// Global tables need no scope.
func planByID(ctx context.Context, id string) (*ent.Plan, error) {
	return client.Plan.Query().Where(plan.ID(id)).Only(ctx)
}

// A client the function receives is its callers' to judge.
func noteWith(ctx context.Context, c *ent.Client, id string) (*ent.Note, error) { // want noteWith:"queriesParam:c sql:1"
	return c.Note.Query().Where(note.ID(id)).Only(ctx)
}

func callWithGlobal(ctx context.Context, id string) (*ent.Note, error) {
	return noteWith(ctx, client, id) // want `noteWith queries through \*ent.Client outside a tenant scope`
}
