package store

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// NoteFinder is the repository the note service depends on.
type NoteFinder interface {
	FindNote(ctx context.Context, tx pgx.Tx, id string) (Note, error)
}

// pgNoteFinder is the PostgreSQL repository.
type pgNoteFinder struct{}

// FindNote looks the note up by id alone.
func (pgNoteFinder) FindNote(ctx context.Context, tx pgx.Tx, id string) (Note, error) {
	var n Note
	err := tx.QueryRow(ctx, "SELECT id, title FROM notes WHERE id = $1", id).Scan(&n.ID, &n.Title)
	return n, err
}

// NoteService serves the notes of one project.
type NoteService struct {
	finder NoteFinder
}

// NewNoteService builds the service on the PostgreSQL repository.
func NewNoteService() *NoteService {
	return &NoteService{finder: pgNoteFinder{}}
}

// Get takes the project the caller may see and drops it: behind the repository interface the
// note is fetched by id alone, so a member of the tenant reads notes of projects outside their
// reach.
func (s *NoteService) Get(ctx context.Context, tx pgx.Tx, projectID, id string) (Note, error) {
	return s.finder.FindNote(ctx, tx, id)
}
