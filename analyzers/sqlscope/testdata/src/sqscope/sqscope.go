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
	_, err := lib.Repo{Runner: sqldb}.Notes().Where(sq.Eq{"id": "1"}).QueryContext(ctx) // want `query on the Runner field of lib.Repo \(squirrel.BaseRunner\) outside a tenant scope: run it inside tenantdb.WithTenant`
	return err
}

// --- a helper whose variants run on different handles: each keeps its own ---

// plansOrNotes runs the plans query (a global table) on the pool and the notes query on the
// transaction it is given.
func plansOrNotes(tx *sql.Tx, plans bool) sq.SelectBuilder { // want plansOrNotes:`sqChain:-1:select.table\(plans\)@pool\|-1:select.table\(notes\)@0 runner:pool,0$`
	if plans {
		return sq.Select("*").From("plans").RunWith(sqldb)
	}
	return sq.Select("*").From("notes").RunWith(tx)
}

// notesOrPlans runs the notes query on the pool.
func notesOrPlans(tx *sql.Tx, plans bool) sq.SelectBuilder { // want notesOrPlans:`sqChain:-1:select.table\(plans\)@0\|-1:select.table\(notes\)@pool runner:0,pool$`
	if plans {
		return sq.Select("*").From("plans").RunWith(tx)
	}
	return sq.Select("*").From("notes").RunWith(sqldb)
}

func perVariantInScope(ctx context.Context, tc tenant.Context, plans bool) error {
	return tenantdb.WithTenantSQL(ctx, sqldb, tc.TenantID, func(tx *sql.Tx) error {
		_, err := plansOrNotes(tx, plans).Where(sq.Eq{"id": "1"}).QueryContext(ctx)
		return err
	})
}

func perVariantPoolNotes(ctx context.Context, tc tenant.Context, plans bool) error {
	return tenantdb.WithTenantSQL(ctx, sqldb, tc.TenantID, func(tx *sql.Tx) error {
		_, err := notesOrPlans(tx, plans).Where(sq.Eq{"id": "1"}).QueryContext(ctx) // want `query on \*sql.DB bypasses the tenant scope of tenantdb.WithTenantSQL`
		return err
	})
}

// The same in one function: the builder of each branch runs on its own handle.
func perVariantInline(ctx context.Context, tc tenant.Context, plans bool) error {
	return tenantdb.WithTenantSQL(ctx, sqldb, tc.TenantID, func(tx *sql.Tx) error {
		b := sq.Select("*").From("notes").RunWith(tx)
		if plans {
			b = sq.Select("*").From("plans").RunWith(sqldb)
		}
		_, err := b.QueryContext(ctx)
		return err
	})
}

func perVariantInlinePoolNotes(ctx context.Context, tc tenant.Context, plans bool) error {
	return tenantdb.WithTenantSQL(ctx, sqldb, tc.TenantID, func(tx *sql.Tx) error {
		b := sq.Select("*").From("plans").RunWith(tx)
		if plans {
			b = sq.Select("*").From("notes").RunWith(sqldb)
		}
		_, err := b.QueryContext(ctx) // want `query on \*sql.DB bypasses the tenant scope of tenantdb.WithTenantSQL`
		return err
	})
}

// Another package's helper: its fact says which handle each variant runs on.
func libPerVariantInScope(ctx context.Context, tc tenant.Context, plans bool) error {
	return tenantdb.WithTenantSQL(ctx, sqldb, tc.TenantID, func(tx *sql.Tx) error {
		_, err := lib.PlansOrNotes(tx, plans).QueryContext(ctx)
		return err
	})
}

func libPerVariantPoolNotes(ctx context.Context, tc tenant.Context, plans bool) error {
	return tenantdb.WithTenantSQL(ctx, sqldb, tc.TenantID, func(tx *sql.Tx) error {
		_, err := lib.NotesOrPlans(tx, plans).QueryContext(ctx) // want `query on a handle bypasses the tenant scope of tenantdb.WithTenantSQL`
		return err
	})
}
