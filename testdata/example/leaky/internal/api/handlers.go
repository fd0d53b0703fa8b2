// Package api holds the notes service's HTTP handlers. This is the leaky twin: the handlers
// trust tenant claims the client sends.
package api

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tenantvet/tenantvet/runtime/jobs"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

// Queue enqueues signed job payloads.
type Queue interface {
	Enqueue(ctx context.Context, p jobs.Payload) error
}

// Server serves the notes API.
type Server struct {
	Pool   *pgxpool.Pool
	Signer *jobs.Signer
	Queue  Queue
}

// Note is one note as the API returns it.
type Note struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Routes registers the handlers. Nothing resolves or verifies the tenant.
func (s *Server) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /notes", s.ListNotes)
	mux.HandleFunc("POST /tenants/{tenantID}/exports", s.ExportNotes)
}

// ListNotes scopes the query by the X-Tenant-ID header: any signed-in user reads any tenant's
// notes by changing the header.
func (s *Server) ListNotes(w http.ResponseWriter, r *http.Request) {
	id, err := tenant.Parse(r.Header.Get("X-Tenant-ID"))
	if err != nil {
		http.Error(w, "bad tenant", http.StatusBadRequest)
		return
	}
	var notes []Note
	err = tenantdb.WithTenantReadOnly(r.Context(), s.Pool, id, func(tx pgx.Tx) error {
		rows, err := tx.Query(r.Context(), "SELECT id, title FROM notes ORDER BY id")
		if err != nil {
			return err
		}
		notes, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Note])
		return err
	})
	if err != nil {
		http.Error(w, "list notes failed", http.StatusInternalServerError)
		return
	}
	_ = json.NewEncoder(w).Encode(notes)
}

// ExportArgs are the arguments of the export job.
type ExportArgs struct {
	Format string `json:"format"`
}

// ExportNotes enqueues an export for the tenant in the path: the worker exports whichever
// tenant the caller names.
func (s *Server) ExportNotes(w http.ResponseWriter, r *http.Request) {
	id, err := tenant.Parse(r.PathValue("tenantID"))
	if err != nil {
		http.Error(w, "bad tenant", http.StatusBadRequest)
		return
	}
	p, err := s.Signer.Sign("notes.export", id, ExportArgs{Format: "csv"})
	if err != nil {
		http.Error(w, "sign failed", http.StatusInternalServerError)
		return
	}
	if err := s.Queue.Enqueue(r.Context(), p); err != nil {
		http.Error(w, "enqueue failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}
