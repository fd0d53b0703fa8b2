// Package service reaches its queries through sqlc's Querier interface and through the generated
// struct, both built in a constructor on the pool.
package service

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"repo/rdb"
)

// Service holds its queries behind the generated interface.
type Service struct {
	q rdb.Querier
}

// New builds the store on the pool: the unfiltered generated query is reported once, where it
// is written, not here.
func New(pool *pgxpool.Pool) *Service {
	return &Service{q: rdb.New(pool)}
}

// Get takes the tenant and drops it: the interface call resolves to (*rdb.Queries).GetNote,
// which queries notes by id alone.
func (s *Service) Get(ctx context.Context, tenantID, id string) { // want `Get queries tenant data but never uses its tenant parameter tenantID: filter the query by it or remove the parameter \(TV1005\)`
	s.q.GetNote(ctx, id)
}

func (s *Service) GetSafe(ctx context.Context, tenantID, id string) {
	s.q.GetTenantNote(ctx, tenantID, id)
}

// Concrete holds the generated struct.
type Concrete struct {
	q *rdb.Queries
}

func NewConcrete(pool *pgxpool.Pool) *Concrete {
	return &Concrete{q: rdb.New(pool)}
}

func (s *Concrete) Get(ctx context.Context, tenantID, id string) { // want Get:"queriesParam:recv sql:1" `Get queries tenant data but never uses its tenant parameter tenantID`
	s.q.GetNote(ctx, id)
}

func (s *Concrete) GetSafe(ctx context.Context, tenantID, id string) { // want GetSafe:"queriesParam:recv sql:1"
	s.q.GetTenantNote(ctx, tenantID, id)
}

// Notes is a repository interface declared by the service itself.
type Notes interface {
	Find(ctx context.Context, id string) pgx.Row
}

// fakeNotes implements Notes without any query (a test double): calls resolving only to it
// touch no tenant data.
type fakeNotes struct{}

func (fakeNotes) Find(ctx context.Context, id string) pgx.Row { return nil }

type Handler struct {
	notes Notes
}

func (h *Handler) Show(ctx context.Context, tenantID, id string) { // want Show:"dropsTenant:tenantID calls:Notes.Find"
	h.notes.Find(ctx, id)
}

// Finder is implemented in this package; the implementation is summarized after the call
// through the interface is seen.
type Finder interface {
	Find(ctx context.Context, tx pgx.Tx, id string) pgx.Row
}

type Lookup struct {
	f Finder
}

func (l *Lookup) Get(ctx context.Context, tx pgx.Tx, tenantID, id string) { // want `Get queries tenant data but never uses its tenant parameter tenantID`
	l.f.Find(ctx, tx, id)
}

type pgFinder struct{}

func (pgFinder) Find(ctx context.Context, tx pgx.Tx, id string) pgx.Row { // want Find:"queriesParam:tx sql:1"
	return tx.QueryRow(ctx, "SELECT id FROM notes WHERE id = $1", id)
}
