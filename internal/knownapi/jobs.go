package knownapi

// Import paths of the job queues and id packages the jobpayload pass knows (the database and
// runtime paths are in sql.go).
const (
	RiverPkg = "github.com/riverqueue/river"
	AsynqPkg = "github.com/hibiken/asynq"
	JobsPkg  = "github.com/tenantvet/tenantvet/runtime/jobs"
	UUIDPkg  = "github.com/google/uuid"
	GofrsPkg = "github.com/gofrs/uuid"
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

// TenantFromContext returns the verified tenant of a request.
var TenantFromContext = Func{PkgTenant, "", "FromContext"}

// TenantParsers turn a tenant id's text into an id: the result is as trusted as the argument.
var TenantParsers = []Func{
	{PkgTenant, "", "Parse"},
	{PkgTenant, "", "MustParse"},
	{UUIDPkg, "", "Parse"},
	{UUIDPkg, "", "MustParse"},
	{UUIDPkg, "", "ParseBytes"},
	{GofrsPkg, "", "FromString"},
	{GofrsPkg, "", "FromStringOrNil"},
}
