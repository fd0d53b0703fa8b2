// Package iface holds stores whose handle is an interface-typed field, satisfied by the pool and
// by a transaction: the value the store is built on decides whether its queries are scoped.
package iface

import (
	"context"

	"a/db"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

var pool *pgxpool.Pool

type DBTX interface {
	Exec(context.Context, string, ...interface{}) (pgx.CommandTag, error)
	QueryRow(context.Context, string, ...interface{}) pgx.Row
}

type Store struct{ db DBTX }

func NewStore(d DBTX) *Store { return &Store{db: d} }

func (s *Store) Get(ctx context.Context, id string) { // want Get:"queriesParam:recv sql:1"
	s.db.QueryRow(ctx, "SELECT id FROM notes WHERE id = $1", id)
}

type Server struct {
	pool  *pgxpool.Pool
	store *Store
}

// Handle queries through its receiver's store: whoever binds the receiver decides.
func (s *Server) Handle(ctx context.Context) { // want Handle:"queriesParam:recv sql:1"
	s.store.Get(ctx, "1")
}

type Handler interface{ Handle(ctx context.Context) }

func register(f func(context.Context)) {}
func registerHandler(h Handler)        {}

func builtOnPool(ctx context.Context) {
	st := &Store{db: pool}
	st.Get(ctx, "1") // want `Get queries through \*iface.Store outside a tenant scope`
}

func constructorOnPool(ctx context.Context) {
	NewStore(pool).Get(ctx, "1") // want `Get queries through \*iface.Store outside a tenant scope`
}

// The handlers are never called statically: the method value and the conversion to an interface
// bind them to a server whose store runs on the pool.
func wire() {
	srv := &Server{pool: pool, store: NewStore(pool)}
	register(srv.Handle) // want `method value Handle queries through \*iface.Server outside a tenant scope: run its queries inside tenantdb.WithTenant on the scoped transaction`
	registerHandler(srv) // want `conversion to iface.Handler exposes Handle, which queries through \*iface.Server outside a tenant scope`
}

// Routes binds its own receiver: it gets the fact, its caller is reported.
func (s *Server) Routes() { // want Routes:"queriesParam:recv sql:1"
	register(s.Handle)
}

func wireRoutes() {
	srv := &Server{pool: pool, store: NewStore(pool)}
	srv.Routes() // want `Routes queries through \*iface.Server outside a tenant scope`
}

// --- negative twins ---

func builtInScope(ctx context.Context, tc tenant.Context) error {
	return tenantdb.WithTenant(ctx, pool, tc.TenantID, func(tx pgx.Tx) error {
		NewStore(tx).Get(ctx, "1")
		srv := &Server{store: NewStore(tx)}
		register(srv.Handle)
		registerHandler(srv)
		srv.Routes()
		return nil
	})
}

// The idiomatic sqlc server keeps the pool only to open scopes and queries on WithTx(tx).
type SafeServer struct {
	pool *pgxpool.Pool
	q    *db.Queries
}

func (s *SafeServer) Handle(ctx context.Context, tc tenant.Context) error {
	return tenantdb.WithTenant(ctx, s.pool, tc.TenantID, func(tx pgx.Tx) error {
		_, err := s.q.WithTx(tx).GetNote(ctx, "1")
		return err
	})
}

type TenantHandler interface {
	Handle(ctx context.Context, tc tenant.Context) error
}

func wireSafe(h func(context.Context, tenant.Context) error, th TenantHandler) {
	srv := &SafeServer{pool: pool, q: db.New(pool)}
	wireSafe(srv.Handle, srv)
	var _ Handler = (*Server)(nil) // a compile-time assertion binds no handle
}
