// want package:`models:comments,labels\(tenant_id\),notes\(tenant_id\),plans,projects\(tenant_id\),tasks\(tenant_id\)`

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

// InTenant is an ent scope helper sqlscope infers: a transaction whose tenant setting is set
// transaction-locally before the callback runs (ent's sql/execquery feature gives ExecContext).
func InTenant(ctx context.Context, c *ent.Client, tid string, fn func(tx *ent.Tx) error) error { // want InTenant:"scopeHelper" InTenant:"queriesParam:c sql:1"
	tx, err := c.Tx(ctx)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "SELECT set_config('app.tenant_id', $1, true)", tid); err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func scopedNote(ctx context.Context, tid, id string) (n *ent.Note, err error) {
	err = InTenant(ctx, client, tid, func(tx *ent.Tx) error {
		n, err = tx.Note.Query().Where(note.ID(id)).Only(ctx)
		return err
	})
	return n, err
}

// The transaction's client (tx.Client()) is the transaction too.
func scopedNoteClient(ctx context.Context, tid, id string) (n *ent.Note, err error) {
	err = InTenant(ctx, client, tid, func(tx *ent.Tx) error {
		n, err = tx.Client().Note.Get(ctx, id)
		return err
	})
	return n, err
}

// A transaction is no tenant scope by itself.
func plainTx(ctx context.Context, id string) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	if err := tx.Note.DeleteOneID(id).Exec(ctx); err != nil { // want `query on \*ent.NoteClient outside a tenant scope`
		return err
	}
	return tx.Commit()
}

// Raw SQL through the client is a query like any other.
func rawDelete(ctx context.Context, id string) error {
	_, err := client.ExecContext(ctx, "DELETE FROM notes WHERE id = $1", id) // want `query on \*ent.Client outside a tenant scope`
	return err
}

func rawInScope(ctx context.Context, tid, id string) error {
	return InTenant(ctx, client, tid, func(tx *ent.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM notes WHERE id = $1", id)
		return err
	})
}

func constantTenant(ctx context.Context, id string) error {
	return InTenant(ctx, client, "acme", func(tx *ent.Tx) error { // want `tenant for entscope.InTenant is a constant`
		return tx.Note.DeleteOneID(id).Exec(ctx)
	})
}
