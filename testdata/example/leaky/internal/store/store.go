// Package store reads and writes notes. This is the leaky twin: each function below is one of
// the cross-tenant leaks sqlscope exists to catch.
package store

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tenantvet/tenantvet/runtime/tenant"
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

// GetNote looks a note up by id on the shared pool: no tenant is set and the WHERE clause has
// only the id, so any tenant who knows (or guesses) an id reads the note.
func (s *Store) GetNote(ctx context.Context, id string) (Note, error) {
	var n Note
	err := s.Pool.QueryRow(ctx, "SELECT id, title FROM notes WHERE id = $1", id).Scan(&n.ID, &n.Title)
	return n, err
}

// ListProjectNotes takes the project to list but never uses it: inside the tenant's scope it
// returns the notes of every project of the tenant, including ones the caller may not see.
func (s *Store) ListProjectNotes(ctx context.Context, tx pgx.Tx, projectID string) ([]Note, error) {
	rows, err := tx.Query(ctx, "SELECT id, title FROM notes ORDER BY id")
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Note])
}

// SearchNotes filters by tenant, but inside an OR: every tenant's notes whose title matches
// escape through the second branch.
func (s *Store) SearchNotes(ctx context.Context, tenantID tenant.ID, q string) ([]Note, error) {
	rows, err := s.Pool.Query(ctx, "SELECT id, title FROM notes WHERE tenant_id = $1 OR title ILIKE $2 ORDER BY id", tenantID, "%"+q+"%")
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Note])
}
