// Package store queries through the handles its callers pass.
package store

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// Querier is the handle a store function runs on.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	Exec(ctx context.Context, sql string, args ...any) (pgx.CommandTag, error)
}

func ListNotes(ctx context.Context, q Querier, tenantID string) (pgx.Rows, error) { // want ListNotes:"queriesParam:q sql:1"
	return q.Query(ctx, "SELECT id FROM notes WHERE tenant_id = $1", tenantID)
}

func DeleteNote(ctx context.Context, tx pgx.Tx, id string) error { // want DeleteNote:"queriesParam:tx sql:1"
	_, err := tx.Exec(ctx, "DELETE FROM notes WHERE id = $1", id)
	return err
}

// Archive forwards its handle: it gets the fact of the function it calls.
func Archive(ctx context.Context, tx pgx.Tx, id string) error { // want Archive:"queriesParam:tx sql:1"
	return DeleteNote(ctx, tx, id)
}

func Touch(q Querier) {}

// Repo holds its handle in an interface-typed field: the pool or a scoped transaction.
type Repo struct{ q Querier }

func NewRepo(q Querier) *Repo { return &Repo{q: q} }

func (r *Repo) Notes(ctx context.Context) (pgx.Rows, error) { // want Notes:"queriesParam:recv sql:1"
	return r.q.Query(ctx, "SELECT id FROM notes")
}
