// Command cmd wires hexa/service to its implementations.
package main

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"

	"hexa/notesdb"
	"hexa/postgres"
	"hexa/service"
)

func main() {
	ctx := context.Background()
	pool, _ := pgxpool.New(ctx, "")
	// hexa/postgres reported service.Service.GetProject at its Get: not again here.
	svc := service.New(postgres.NewRepo(pool))
	tx := service.New(postgres.NewTxRepo(pool)) // want `query on projects does not filter by tenant_id`
	// notesdb does not import service, so the dropped tenant is reported at the conversion.
	notes := service.NewNotes(notesdb.New(pool)) // want `service.NoteService.Body queries tenant data through Notes.GetNoteBody, implemented by notesdb.Queries.GetNoteBody converted here, but never uses its tenant parameter tenantID: filter the query by it or remove the parameter \(TV1005\)`
	// A second conversion of the same store: the finding is made once.
	var again service.Notes = notesdb.New(pool)
	_, _, _, _ = svc, tx, notes, again
}
