// Package api holds the notes service's HTTP handlers. This is the fixed twin: the tenant
// resolver verifies membership before any handler runs, and handlers read the verified tenant
// from the request context.
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
	Pool     *pgxpool.Pool
	Signer   *jobs.Signer
	Queue    Queue
	Resolver *tenant.Resolver
}

// Note is one note as the API returns it.
type Note struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Routes registers the handlers behind the tenant resolver, which answers 401, 404 or 403
// before a handler sees a request whose tenant it could not verify.
func (s *Server) Routes(mux *http.ServeMux) {
	mux.Handle("GET /notes", s.Resolver.Middleware(http.HandlerFunc(s.ListNotes)))
	mux.Handle("POST /exports", s.Resolver.Middleware(http.HandlerFunc(s.ExportNotes)))
}

// ListNotes scopes the query by the verified tenant.
func (s *Server) ListNotes(w http.ResponseWriter, r *http.Request) {
	tc, ok := tenant.FromContext(r.Context())
	if !ok {
		http.Error(w, "no tenant", http.StatusUnauthorized)
		return
	}
	var notes []Note
	err := tenantdb.WithTenantReadOnly(r.Context(), s.Pool, tc.TenantID, func(tx pgx.Tx) error {
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

// ExportNotes enqueues an export for the verified tenant.
func (s *Server) ExportNotes(w http.ResponseWriter, r *http.Request) {
	tc, ok := tenant.FromContext(r.Context())
	if !ok {
		http.Error(w, "no tenant", http.StatusUnauthorized)
		return
	}
	p, err := s.Signer.Sign("notes.export", tc.TenantID, ExportArgs{Format: "csv"})
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
