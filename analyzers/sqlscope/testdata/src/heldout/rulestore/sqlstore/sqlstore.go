// Package sqlstore hands out the bun handle behind an interface, as the service's store
// abstraction does.
package sqlstore

import (
	"context"
	"database/sql"

	"github.com/uptrace/bun"
)

type SQLStore interface {
	BunDB() *bun.DB
	BunDBCtx(ctx context.Context) bun.IDB
	RunInTxCtx(ctx context.Context, opts *sql.TxOptions, cb func(ctx context.Context) error) error
}
