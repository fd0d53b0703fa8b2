// Package store reads and writes notes. This is the fixed twin: every query runs inside a
// tenant scope opened with the verified tenant, and every parameter that narrows a query is used.
package store

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

// Note is one note.
type Note struct {
	ID    string
	Title string
}

// Store runs the notes queries.
type Store struct {
	Pool *pgxpool.Pool
}

// GetNote looks a note up inside the tenant's scope: row level security hides other tenants'
// notes whatever the id.
func (s *Store) GetNote(ctx context.Context, tenantID tenant.ID, id string) (Note, error) {
	var n Note
	err := tenantdb.WithTenantReadOnly(ctx, s.Pool, tenantID, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, "SELECT id, title FROM notes WHERE id = $1", id).Scan(&n.ID, &n.Title)
	})
	return n, err
}

// ListProjectNotes runs on the caller's scoped transaction and narrows to the project.
func (s *Store) ListProjectNotes(ctx context.Context, tx pgx.Tx, projectID string) ([]Note, error) {
	rows, err := tx.Query(ctx, "SELECT id, title FROM notes WHERE project_id = $1 ORDER BY id", projectID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Note])
}

// SearchNotes keeps the tenant predicate a top-level AND condition and runs inside the scope.
func (s *Store) SearchNotes(ctx context.Context, tenantID tenant.ID, q string) ([]Note, error) {
	var notes []Note
	err := tenantdb.WithTenantReadOnly(ctx, s.Pool, tenantID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT id, title FROM notes WHERE tenant_id = $1 AND title ILIKE $2 ORDER BY id", tenantID, "%"+q+"%")
		if err != nil {
			return err
		}
		notes, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Note])
		return err
	})
	return notes, err
}
