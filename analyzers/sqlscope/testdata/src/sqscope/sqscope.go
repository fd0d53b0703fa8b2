// Package sqscope covers squirrel builders whose runner is set inside a helper or a stored
// StatementBuilder, in scope mode: the handle is the one RunWith got.
package sqscope

import (
	"context"
	"database/sql"

	sq "github.com/Masterminds/squirrel"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"

	"sqscope/lib"
)

var sqldb *sql.DB

// --- RunWith of a field of the receiver, inside a helper method ---

// DBStore holds the pool.
type DBStore struct{ db *sql.DB }

func (s *DBStore) base() sq.SelectBuilder { // want base:`sqChain:-1:select.table\(notes\) runner:0.db$`
	return sq.Select("*").From("notes").RunWith(s.db)
}

func (s *DBStore) Get(ctx context.Context, id string) error { // want Get:"queriesOwn:1"
	_, err := s.base().Where(sq.Eq{"id": id}).QueryContext(ctx) // want `query on \*sql.DB outside a tenant scope`
	return err
}

// TxStore holds a transaction: its queries run where the transaction comes from.
type TxStore struct{ tx *sql.Tx }

func (s TxStore) base() sq.SelectBuilder { // want base:`sqChain:-1:select.table\(notes\) runner:0.tx$`
	return sq.Select("*").From("notes").RunWith(s.tx)
}

func (s TxStore) Get(ctx context.Context, id string) error { // want Get:"queriesParam:recv"
	_, err := s.base().Where(sq.Eq{"id": id}).QueryContext(ctx)
	return err
}

func txStoreInScope(ctx context.Context, tc tenant.Context) error {
	return tenantdb.WithTenantSQL(ctx, sqldb, tc.TenantID, func(tx *sql.Tx) error {
		return TxStore{tx: tx}.Get(ctx, "1")
	})
}

func txStoreOutsideScope(ctx context.Context) error {
	tx, _ := sqldb.BeginTx(ctx, nil)
	return TxStore{tx: tx}.Get(ctx, "1") // want `Get queries through sqscope.TxStore outside a tenant scope`
}

// --- RunWith of a parameter, inside a helper function ---

func notesOn(r sq.BaseRunner) sq.SelectBuilder { // want notesOn:`sqChain:-1:select.table\(notes\) runner:0$`
	return sq.Select("*").From("notes").RunWith(r)
}

func paramRunnerInScope(ctx context.Context, tc tenant.Context) error {
	return tenantdb.WithTenantSQL(ctx, sqldb, tc.TenantID, func(tx *sql.Tx) error {
		_, err := notesOn(tx).Where(sq.Eq{"id": "1"}).QueryContext(ctx)
		return err
	})
}

func paramRunnerOnPool(ctx context.Context) error {
	_, err := notesOn(sqldb).Where(sq.Eq{"id": "1"}).QueryContext(ctx) // want `query on \*sql.DB outside a tenant scope`
	return err
}

// --- a StatementBuilder with RunWith stored in a struct field ---

// SBStore's builder runs on the pool its constructor got.
type SBStore struct{ sb sq.StatementBuilderType }

func NewSBStore(db *sql.DB) *SBStore {
	return &SBStore{sb: sq.StatementBuilder.PlaceholderFormat(sq.Dollar).RunWith(db)}
}

func (s *SBStore) Get(ctx context.Context, id string) error { // want Get:"queriesOwn:1"
	_, err := s.sb.Select("*").From("notes").Where(sq.Eq{"id": id}).QueryContext(ctx) // want `query on \*sql.DB outside a tenant scope`
	return err
}

// SBTxStore's builder runs on the transaction its constructor got.
type SBTxStore struct{ sb sq.StatementBuilderType }

func NewSBTxStore(tx *sql.Tx) SBTxStore {
	return SBTxStore{sb: sq.StatementBuilder.PlaceholderFormat(sq.Dollar).RunWith(tx)}
}

func (s SBTxStore) Get(ctx context.Context, id string) error { // want Get:"queriesParam:recv"
	_, err := s.sb.Select("*").From("notes").Where(sq.Eq{"id": id}).QueryContext(ctx)
	return err
}

func sbTxStoreInScope(ctx context.Context, tc tenant.Context) error {
	return tenantdb.WithTenantSQL(ctx, sqldb, tc.TenantID, func(tx *sql.Tx) error {
		return NewSBTxStore(tx).Get(ctx, "1")
	})
}

// --- another package's helper: the fact names the field ---

func libRepoInScope(ctx context.Context, tc tenant.Context) error {
	return tenantdb.WithTenantSQL(ctx, sqldb, tc.TenantID, func(tx *sql.Tx) error {
		_, err := lib.Repo{Runner: tx}.Notes().Where(sq.Eq{"id": "1"}).QueryContext(ctx)
		return err
	})
}

func libRepoOnPool(ctx context.Context) error {
	_, err := lib.Repo{Runner: sqldb}.Notes().Where(sq.Eq{"id": "1"}).QueryContext(ctx) // want `query on squirrel.BaseRunner outside a tenant scope`
	return err
}
