package knownapi

import (
	"slices"
	"strings"
)

// Import paths of the job queues, drivers and runtime packages the jobpayload pass knows.
const (
	RiverPkg    = "github.com/riverqueue/river"
	AsynqPkg    = "github.com/hibiken/asynq"
	TenantPkg   = "github.com/tenantvet/tenantvet/runtime/tenant"
	TenantDBPkg = "github.com/tenantvet/tenantvet/runtime/tenantdb"
	JobsPkg     = "github.com/tenantvet/tenantvet/runtime/jobs"
	PgxPkg      = "github.com/jackc/pgx/v5"
	PgxpoolPkg  = "github.com/jackc/pgx/v5/pgxpool"
	SqlxPkg     = "github.com/jmoiron/sqlx"
	UUIDPkg     = "github.com/google/uuid"
	GofrsPkg    = "github.com/gofrs/uuid"
	PgtypePkg   = "github.com/jackc/pgx/v5/pgtype"
)

// JobEnqueue is a queue API that inserts a job; Arg is the index of the argument holding the job
// arguments (river) or the encoded payload (asynq).
type JobEnqueue struct {
	Func
	Arg int
}

// RiverInserts are river's single-job insert methods. InsertMany (RiverInsertMany) carries its
// jobs in InsertManyParams.Args.
var RiverInserts = []JobEnqueue{
	{Func{RiverPkg, "Client", "Insert"}, 1},
	{Func{RiverPkg, "Client", "InsertTx"}, 2},
}

// RiverInsertMany are river's batch insert methods, whose jobs are InsertManyParams.Args.
var RiverInsertMany = []Func{
	{RiverPkg, "Client", "InsertMany"},
	{RiverPkg, "Client", "InsertManyTx"},
	{RiverPkg, "Client", "InsertManyFast"},
	{RiverPkg, "Client", "InsertManyFastTx"},
}

// AsynqNewTask builds an asynq task from a type name and an encoded payload (argument 1).
var AsynqNewTask = JobEnqueue{Func{AsynqPkg, "", "NewTask"}, 1}

// JSONMarshal are the encoders whose first argument is the payload value behind a []byte.
var JSONMarshal = []Func{
	{"encoding/json", "", "Marshal"},
	{"encoding/json", "", "MarshalIndent"},
}

// JSONUnmarshal decode a payload into the value their second argument points to.
var JSONUnmarshal = []Func{
	{"encoding/json", "", "Unmarshal"},
}

// JobsSign is the runtime's signed-payload constructor: argument 1 is the tenant.
var JobsSign = JobEnqueue{Func{JobsPkg, "Signer", "Sign"}, 1}

// JobsRun verifies a signed payload and runs its handler inside the payload tenant's scope.
var JobsRun = Func{JobsPkg, "", "Run"}

// TenantScope is a function that runs a callback inside a tenant scope: Callback is the index of
// the callback whose first parameter is the scoped handle, Tenant the index of the tenant.
type TenantScope struct {
	Func
	Callback, Tenant int
}

// TenantScopes are the runtime's scope helpers.
var TenantScopes = []TenantScope{
	{Func{TenantDBPkg, "", "WithTenant"}, 3, 2},
	{Func{TenantDBPkg, "", "WithTenantReadOnly"}, 3, 2},
	{Func{TenantDBPkg, "", "WithTenantSQL"}, 3, 2},
	{Func{TenantDBPkg, "", "WithTenantSQLReadOnly"}, 3, 2},
}

// TenantFromContext returns the verified tenant of a request.
var TenantFromContext = Func{TenantPkg, "", "FromContext"}

// TenantParsers turn a tenant id's text into an id: the result is as trusted as the argument.
var TenantParsers = []Func{
	{TenantPkg, "", "Parse"},
	{TenantPkg, "", "MustParse"},
	{UUIDPkg, "", "Parse"},
	{UUIDPkg, "", "MustParse"},
	{UUIDPkg, "", "ParseBytes"},
	{GofrsPkg, "", "FromString"},
	{GofrsPkg, "", "FromStringOrNil"},
}

// JobQueryMethods are the query APIs a job handler touches tenant data through: database/sql,
// pgx (pool, connection, transaction) and sqlx. Methods promoted from an embedded *sql.DB match
// the database/sql entries.
var JobQueryMethods = queryMethods(map[string][]string{
	"database/sql.DB":    {"Query", "QueryContext", "QueryRow", "QueryRowContext", "Exec", "ExecContext"},
	"database/sql.Tx":    {"Query", "QueryContext", "QueryRow", "QueryRowContext", "Exec", "ExecContext"},
	"database/sql.Conn":  {"QueryContext", "QueryRowContext", "ExecContext"},
	PgxPkg + ".Conn":     {"Query", "QueryRow", "Exec", "SendBatch", "CopyFrom"},
	PgxPkg + ".Tx":       {"Query", "QueryRow", "Exec", "SendBatch", "CopyFrom"},
	PgxpoolPkg + ".Pool": {"Query", "QueryRow", "Exec", "SendBatch", "CopyFrom"},
	PgxpoolPkg + ".Conn": {"Query", "QueryRow", "Exec", "SendBatch", "CopyFrom"},
	PgxpoolPkg + ".Tx":   {"Query", "QueryRow", "Exec", "SendBatch", "CopyFrom"},
	SqlxPkg + ".DB": {"Select", "Get", "Queryx", "QueryRowx", "NamedExec", "NamedQuery", "MustExec",
		"SelectContext", "GetContext", "QueryxContext", "QueryRowxContext", "NamedExecContext", "NamedQueryContext", "MustExecContext"},
	SqlxPkg + ".Tx": {"Select", "Get", "Queryx", "QueryRowx", "NamedExec", "NamedQuery", "MustExec",
		"SelectContext", "GetContext", "QueryxContext", "QueryRowxContext", "NamedExecContext", "NamedQueryContext", "MustExecContext"},
})

func queryMethods(m map[string][]string) []Func {
	var out []Func
	for typ, names := range m {
		dot := strings.LastIndex(typ, ".")
		for _, n := range names {
			out = append(out, Func{typ[:dot], typ[dot+1:], n})
		}
	}
	slices.SortFunc(out, func(a, b Func) int { return strings.Compare(a.String(), b.String()) })
	return out
}
