package store

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// NoteFinder is the repository the note service depends on.
type NoteFinder interface {
	FindNote(ctx context.Context, tx pgx.Tx, projectID, id string) (Note, error)
}

// pgNoteFinder is the PostgreSQL repository.
type pgNoteFinder struct{}

// FindNote looks the note up within its project.
func (pgNoteFinder) FindNote(ctx context.Context, tx pgx.Tx, projectID, id string) (Note, error) {
	var n Note
	err := tx.QueryRow(ctx, "SELECT id, title FROM notes WHERE project_id = $1 AND id = $2", projectID, id).Scan(&n.ID, &n.Title)
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

// Get passes the project on to the repository.
func (s *NoteService) Get(ctx context.Context, tx pgx.Tx, projectID, id string) (Note, error) {
	return s.finder.FindNote(ctx, tx, projectID, id)
}
