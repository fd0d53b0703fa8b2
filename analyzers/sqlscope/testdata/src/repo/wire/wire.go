// Package wire builds stores on the pool in constructors (scope mode, no schema).
package wire

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"repo/rdb"
)

type Service struct {
	q rdb.Querier
}

// New converts the store built on the pool to the interface: one finding for the conversion,
// not one per method the interface exposes.
func New(pool *pgxpool.Pool) *Service {
	return &Service{q: rdb.New(pool)} // want `conversion to rdb.Querier exposes GetNote and 1 other method, which query through \*rdb.Queries outside a tenant scope: run its queries inside tenantdb.WithTenant on the scoped transaction \(TV1001\)`
}

// Getter exposes one querying method.
type Getter interface {
	GetNote(ctx context.Context, id string) pgx.Row
}

type Reader struct {
	g Getter
}

// NewReader converts to an interface with one querying method: the message names it alone.
func NewReader(pool *pgxpool.Pool) *Reader {
	return &Reader{g: rdb.New(pool)} // want `conversion to wire.Getter exposes GetNote, which queries through \*rdb.Queries outside a tenant scope`
}
