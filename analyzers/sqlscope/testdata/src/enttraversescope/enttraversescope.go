// want package:`models:comments,labels\(tenant_id\),notes\(tenant_id\),plans,projects\(tenant_id\),tasks\(tenant_id\)`

// Package enttraversescope: ent's edge traversals in scope mode (tasks and comments have row
// level security). A traversal runs on the client of the query or entity it starts from.
package enttraversescope

import (
	"context"

	"example.com/entapp/ent"
	"example.com/entapp/ent/task"
)

var client *ent.Client

// InTenant is an ent scope helper: a transaction whose tenant setting is set
// transaction-locally before the callback runs.
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

// From a query on the global client: outside any scope.
func commentsOfTask(ctx context.Context, id string) ([]*ent.Comment, error) {
	return client.Task.Query().Where(task.ID(id)).QueryComments().All(ctx) // want `query on \*ent.TaskClient outside a tenant scope`
}

func scopedCommentsOfTask(ctx context.Context, tid, id string) (cs []*ent.Comment, err error) {
	err = InTenant(ctx, client, tid, func(tx *ent.Tx) error {
		cs, err = tx.Task.Query().Where(task.ID(id)).QueryComments().All(ctx)
		return err
	})
	return cs, err
}

// From an entity the function fetched on the global client, or on the scoped one.
func commentsOfFetched(ctx context.Context, id string) ([]*ent.Comment, error) {
	t, err := client.Task.Get(ctx, id) // want `query on \*ent.TaskClient outside a tenant scope`
	if err != nil {
		return nil, err
	}
	return t.QueryComments().All(ctx) // want `query on \*ent.TaskClient outside a tenant scope`
}

func scopedCommentsOfFetched(ctx context.Context, tid, id string) (cs []*ent.Comment, err error) {
	err = InTenant(ctx, client, tid, func(tx *ent.Tx) error {
		t, err := tx.Task.Get(ctx, id)
		if err != nil {
			return err
		}
		cs, err = t.QueryComments().All(ctx)
		return err
	})
	return cs, err
}

// An entity handed in was fetched on a client this function does not see: its callers'.
func commentsOf(ctx context.Context, t *ent.Task) ([]*ent.Comment, error) { // want commentsOf:"queriesParam:t sql:1"
	return t.QueryComments().All(ctx)
}
