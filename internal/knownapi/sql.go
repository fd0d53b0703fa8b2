package knownapi

import "go/types"

// QueryKind says what a query API does with the database.
type QueryKind int

// Kinds of query APIs.
const (
	RunsSQL     QueryKind = iota + 1 // runs the SQL text in argument SQLArg
	RunsBatch                        // runs queued SQL (pgx SendBatch) or bulk data (CopyFrom)
	BeginsTx                         // begins a transaction on the handle; its result is derived from it
	PreparesSQL                      // prepares SQL text for later execution
)

// QueryAPI is a method (or function) that runs SQL on a database handle: the receiver for
// methods, or the argument HandleArg for functions.
type QueryAPI struct {
	Func
	SQLArg    int // index of the SQL text among the call's arguments (receiver not counted); -1 for none
	HandleArg int // for functions: the argument that is the handle; -1 when the receiver is
	Kind      QueryKind
}

func methods(pkg string, recvs []string, sqlArg int, kind QueryKind, names ...string) []QueryAPI {
	var out []QueryAPI
	for _, r := range recvs {
		for _, n := range names {
			out = append(out, QueryAPI{Func: Func{Pkg: pkg, Recv: r, Name: n}, SQLArg: sqlArg, HandleArg: -1, Kind: kind})
		}
	}
	return out
}

// Import paths of the database APIs tenantvet knows.
const (
	PkgDatabaseSQL = "database/sql"
	PkgPgx         = "github.com/jackc/pgx/v5"
	PkgPgxpool     = "github.com/jackc/pgx/v5/pgxpool"
	PkgSqlx        = "github.com/jmoiron/sqlx"
	PkgTenantDB    = "github.com/tenantvet/tenantvet/runtime/tenantdb"
	PkgTenant      = "github.com/tenantvet/tenantvet/runtime/tenant"
)

// QueryAPIs are the query methods of database/sql, pgx v5 and sqlx. Adding an ORM or a query
// builder means adding its entry points here (with SQLArg -1 when the SQL is built elsewhere).
var QueryAPIs = concat(
	methods(PkgDatabaseSQL, []string{"DB", "Conn", "Tx"}, 0, RunsSQL, "Query", "QueryRow", "Exec"),
	methods(PkgDatabaseSQL, []string{"DB", "Conn", "Tx"}, 1, RunsSQL, "QueryContext", "QueryRowContext", "ExecContext"),
	methods(PkgDatabaseSQL, []string{"DB", "Conn", "Tx"}, 0, PreparesSQL, "Prepare"),
	methods(PkgDatabaseSQL, []string{"DB", "Conn", "Tx"}, 1, PreparesSQL, "PrepareContext"),
	methods(PkgDatabaseSQL, []string{"Stmt"}, -1, RunsBatch, "Query", "QueryRow", "Exec", "QueryContext", "QueryRowContext", "ExecContext"),
	methods(PkgDatabaseSQL, []string{"DB", "Conn"}, -1, BeginsTx, "Begin", "BeginTx"),
	methods(PkgPgxpool, []string{"Pool", "Conn"}, 1, RunsSQL, "Query", "QueryRow", "Exec"),
	methods(PkgPgx, []string{"Conn", "Tx"}, 1, RunsSQL, "Query", "QueryRow", "Exec"),
	methods(PkgPgxpool, []string{"Pool", "Conn"}, -1, RunsBatch, "SendBatch", "CopyFrom"),
	methods(PkgPgx, []string{"Conn", "Tx"}, -1, RunsBatch, "SendBatch", "CopyFrom"),
	methods(PkgPgx, []string{"Conn", "Tx"}, 2, PreparesSQL, "Prepare"),
	methods(PkgPgxpool, []string{"Pool", "Conn"}, -1, BeginsTx, "Begin", "BeginTx"),
	methods(PkgPgx, []string{"Conn", "Tx"}, -1, BeginsTx, "Begin", "BeginTx"),
	methods(PkgSqlx, []string{"DB", "Tx", "Conn"}, 1, RunsSQL, "Get", "Select"),
	methods(PkgSqlx, []string{"DB", "Tx", "Conn"}, 2, RunsSQL, "GetContext", "SelectContext"),
	methods(PkgSqlx, []string{"DB", "Tx", "Conn"}, 0, RunsSQL, "NamedExec", "NamedQuery", "Queryx", "QueryRowx", "MustExec"),
	methods(PkgBun, []string{"DB", "Tx", "Conn"}, 1, RunsSQL, "ExecContext", "QueryContext", "QueryRowContext"),
	methods(PkgSqlx, []string{"DB", "Tx", "Conn"}, 1, RunsSQL, "NamedExecContext", "NamedQueryContext", "QueryxContext", "QueryRowxContext", "MustExecContext"),
)

// SqlcDBTX is the name of the interface sqlc generates for the handle its Queries struct wraps.
// Its methods (pgx: Exec, Query, QueryRow; database/sql: ExecContext, QueryContext,
// QueryRowContext, PrepareContext) take the SQL as their second argument.
const SqlcDBTX = "DBTX"

func firstString(sig *types.Signature) int {
	for i := 0; i < sig.Params().Len(); i++ {
		if b, ok := sig.Params().At(i).Type().Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
			return i
		}
	}
	return -1
}

var sqlcMethods = map[string]QueryKind{
	"Exec": RunsSQL, "Query": RunsSQL, "QueryRow": RunsSQL, "ExecContext": RunsSQL, "QueryContext": RunsSQL,
	"QueryRowContext": RunsSQL, "PrepareContext": PreparesSQL, "SendBatch": RunsBatch, "CopyFrom": RunsBatch,
}

// DefinesQueryAPI reports whether the package at path is one whose query methods QueryAPIs
// lists (database/sql, pgx, pgxpool, sqlx): the table already says what its API does, and its
// internals, which run queries on its own handles, are not the application's code.
func DefinesQueryAPI(path string) bool {
	if IsGorm(path) || IsBun(path) || path == PkgSquirrel || IsEnt(path) {
		return true
	}
	for _, q := range QueryAPIs {
		if q.Pkg == path {
			return true
		}
	}
	return false
}

// MatchQuery returns the query API fn is, if any. Beyond QueryAPIs it recognises the query
// methods of any interface (sqlc's generated DBTX, a repository's Querier) by name, with the SQL
// as their first string parameter, and the configured extra query functions (see
// ConfiguredQuery).
func MatchQuery(fn *types.Func, extra []Spec) (QueryAPI, bool) {
	if fn == nil {
		return QueryAPI{}, false
	}
	for _, q := range QueryAPIs {
		if q.Matches(fn) {
			return q, true
		}
	}
	sig, _ := fn.Type().(*types.Signature)
	if recv := sig.Recv(); recv != nil && types.IsInterface(recv.Type()) {
		if kind, ok := sqlcMethods[fn.Name()]; ok {
			q := QueryAPI{Func: Func{Name: fn.Name()}, SQLArg: -1, HandleArg: -1, Kind: kind}
			if n := NamedOf(recv.Type()); n != nil && n.Obj().Pkg() != nil {
				q.Pkg, q.Recv = PkgPath(n.Obj().Pkg()), n.Obj().Name()
			}
			q.SQLArg = firstString(sig)
			if kind == RunsBatch || q.SQLArg >= 0 {
				return q, true
			}
		}
	}
	for _, s := range extra {
		if s.Matches(fn) {
			return ConfiguredQuery(s, sig), true
		}
	}
	return QueryAPI{}, false
}

// ConfiguredQuery turns a query-functions setting into a QueryAPI. Without an index the SQL is
// the first string argument; for a function the handle is its first argument that is not a
// context.Context or a string.
func ConfiguredQuery(s Spec, sig *types.Signature) QueryAPI {
	q := QueryAPI{Func: s.Func, SQLArg: -1, HandleArg: -1, Kind: RunsSQL}
	params := sig.Params()
	for i := 0; i < params.Len(); i++ {
		t := params.At(i).Type()
		if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
			if q.SQLArg < 0 {
				q.SQLArg = i
			}
			continue
		}
		if sig.Recv() == nil && q.HandleArg < 0 && !IsNamed(t, "context", "Context") {
			q.HandleArg = i
		}
	}
	q.SQLArg = s.Arg(0, q.SQLArg)
	return q
}

// ScopeHelper is a function that runs a callback inside a tenant scope: the callback's handle
// parameter is scoped to the tenant passed as argument TenantArg.
type ScopeHelper struct {
	Func
	CallbackArg int // -1: the last argument of function type
	TenantArg   int
}

// ScopeHelpers are the runtime's scope helpers.
var ScopeHelpers = []ScopeHelper{
	{Func{PkgTenantDB, "", "WithTenant"}, 3, 2},
	{Func{PkgTenantDB, "", "WithTenantReadOnly"}, 3, 2},
	{Func{PkgTenantDB, "", "WithTenantSQL"}, 3, 2},
	{Func{PkgTenantDB, "", "WithTenantSQLReadOnly"}, 3, 2},
}

// ConfiguredScopeHelper turns a scope-helpers setting FUNC[:CALLBACK_ARG[:TENANT_ARG]] into a
// ScopeHelper: the callback defaults to the last function-typed argument, the tenant to argument 2.
func ConfiguredScopeHelper(s Spec) ScopeHelper {
	return ScopeHelper{Func: s.Func, CallbackArg: s.Arg(0, -1), TenantArg: s.Arg(1, 2)}
}

// PoolTypes are handle types that are never scoped to a tenant: connection pools and pooled
// connections outside a tenant transaction.
var PoolTypes = []Func{
	{Pkg: PkgPgxpool, Name: "Pool"}, {Pkg: PkgDatabaseSQL, Name: "DB"}, {Pkg: PkgSqlx, Name: "DB"},
	{Pkg: PkgBun, Name: "DB"},
}

// HandleTypes are the database handle types of the known APIs.
var HandleTypes = []Func{
	{Pkg: PkgPgxpool, Name: "Pool"}, {Pkg: PkgPgxpool, Name: "Conn"}, {Pkg: PkgPgx, Name: "Conn"}, {Pkg: PkgPgx, Name: "Tx"},
	{Pkg: PkgDatabaseSQL, Name: "DB"}, {Pkg: PkgDatabaseSQL, Name: "Conn"}, {Pkg: PkgDatabaseSQL, Name: "Tx"}, {Pkg: PkgDatabaseSQL, Name: "Stmt"},
	{Pkg: PkgSqlx, Name: "DB"}, {Pkg: PkgSqlx, Name: "Tx"}, {Pkg: PkgSqlx, Name: "Conn"},
	{Pkg: PkgTenantDB, Name: "Beginner"}, {Pkg: PkgTenantDB, Name: "SQLBeginner"},
	{Pkg: PkgGorm, Name: "DB"},
	{Pkg: PkgBun, Name: "DB"}, {Pkg: PkgBun, Name: "Tx"}, {Pkg: PkgBun, Name: "Conn"}, {Pkg: PkgBun, Name: "IDB"},
	{Pkg: PkgPop, Name: "Connection"},
}

// IsTypeIn reports whether t (or *t) is one of the named types ts (Func.Name is the type name).
func IsTypeIn(t types.Type, ts []Func) bool {
	for _, f := range ts {
		if IsNamed(t, f.Pkg, f.Name) {
			return true
		}
	}
	return false
}

func concat(lists ...[]QueryAPI) []QueryAPI {
	var out []QueryAPI
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}
