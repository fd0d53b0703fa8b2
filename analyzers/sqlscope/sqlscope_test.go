package sqlscope_test

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tenantvet/tenantvet/analyzers/sqlscope"
	"github.com/tenantvet/tenantvet/internal/config"
	"github.com/tenantvet/tenantvet/sqlcheck"
)

func TestScopeMode(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "a", "a/db")
}

// TestFactsAcrossPackages: store's functions query through their parameters (facts); app calls
// them with the pool (reported at the call) and with a scoped transaction (silent).
func TestFactsAcrossPackages(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "store", "app")
}

// setFlags sets analyzer flags for one test and restores them afterwards.
func setFlags(t *testing.T, kv ...string) {
	t.Helper()
	for i := 0; i < len(kv); i += 2 {
		f := sqlscope.Analyzer.Flags.Lookup(kv[i])
		if f == nil {
			t.Fatalf("no flag %s", kv[i])
		}
		old := f.Value.String()
		if err := f.Value.Set(kv[i+1]); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Value.Set(old) })
	}
}

// TestFilterMode: migrations without row level security select filter mode.
func TestFilterMode(t *testing.T) {
	setFlags(t, "migrations", filepath.Join(analysistest.TestData(), "migrations", "filter"))
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "filter", "filter/fdb")
}

// TestScopeModeWithSchema: migrations with row level security select scope mode, and queries
// on global or unknown tables need no scope.
func TestScopeModeWithSchema(t *testing.T) {
	setFlags(t, "migrations", filepath.Join(analysistest.TestData(), "migrations", "rls"))
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "rls")
}

func TestSuggestedFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), sqlscope.Analyzer, "fix")
}

// TestConfiguredFunctions: a project scope helper, a project query function and an allow-listed
// function, all given as flags.
func TestConfiguredFunctions(t *testing.T) {
	setFlags(t,
		"scope-helpers", "flags.inTenant:2:1",
		"query-functions", "flags.Runner.Run",
		"allow-functions", "flags.migrateAll",
	)
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "flags")
}

func TestBadFlagValue(t *testing.T) {
	setFlags(t, "scope-helpers", "nodot")
	res := analysistest.Run(&testing.T{}, analysistest.TestData(), sqlscope.Analyzer, "flags")
	if len(res) == 0 || res[0].Err == nil {
		t.Fatal("a malformed scope-helpers value was accepted")
	}
}

// TestScopeModeTablesWithoutRLS: inside a scope, tenant tables without row level security must
// still be filtered by the SQL; tables with it need no filter.
func TestScopeModeTablesWithoutRLS(t *testing.T) {
	setFlags(t, "migrations", filepath.Join(analysistest.TestData(), "migrations", "mixed"))
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "mixed")
}

// TestModeFlag: -mode=scope overrides the filter mode a schema without RLS selects.
func TestModeFlag(t *testing.T) {
	setFlags(t, "migrations", filepath.Join(analysistest.TestData(), "migrations", "filter"), "mode", "scope")
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "rls")
}

// TestSchemaFlag: a schema model file written by `tenantvet sql -schema-out` works like the
// migrations it was built from.
func TestSchemaFlag(t *testing.T) {
	s := config.Default()
	schema, errs := sqlcheck.Build([]string{filepath.Join(analysistest.TestData(), "migrations", "filter")}, s)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	model := filepath.Join(t.TempDir(), "schema.json")
	if err := sqlcheck.WriteModel(model, schema); err != nil {
		t.Fatal(err)
	}
	setFlags(t, "schema", model)
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "filter", "filter/fdb")
}

// TestInterfaceFieldStores: a store whose handle is an interface-typed field is judged where it
// is built and where its methods escape (method values, conversions to interfaces).
func TestInterfaceFieldStores(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "iface")
}

// TestRepositoryInterfaces: in filter mode a service reaching sqlc's queries through the Querier
// interface or the generated struct built in its constructor gets TV1005 where it drops the
// tenant; the generated query without a tenant filter is reported once, where it is written.
func TestRepositoryInterfaces(t *testing.T) {
	setFlags(t, "migrations", filepath.Join(analysistest.TestData(), "migrations", "filter"))
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "repo/rdb", "repo/service")
}

// TestConstructorConversionOnce: in scope mode a store built on the pool and converted to an
// interface in its constructor is reported once per conversion, not once per exposed method.
func TestConstructorConversionOnce(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "repo/wire")
}

// TestQuerySites: database/sql Conn and Stmt, pgx Conn, batches and copies, sqlx, closures and
// SQL whose table is built at run time.
func TestQuerySites(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "sites")
}

// TestQueryAPIPackagesSkipped: the packages that define the query API (here the pgxpool
// stand-in, which queries on its own pool) are not analysed.
func TestQueryAPIPackagesSkipped(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "github.com/jackc/pgx/v5/pgxpool")
}

// TestGormFilterMode: gorm chains in filter mode, each leak beside its negative twin.
func TestGormFilterMode(t *testing.T) {
	setFlags(t, "migrations", filepath.Join(analysistest.TestData(), "migrations", "filter"))
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "gormfilter/gscopes", "gormfilter")
}

// TestGormScopeMode: scope tracked by value through gorm handles, and scope helpers inferred
// from what they do (pgx and gorm), each positive beside its negative twin.
func TestGormScopeMode(t *testing.T) {
	setFlags(t, "mode", "scope") // the models its queries name would make a schema without row level security
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "gormscope/gtx", "gormscope")
}

// TestBunFilterMode: bun statements in filter mode, each leak beside its negative twin.
func TestBunFilterMode(t *testing.T) {
	setFlags(t, "migrations", filepath.Join(analysistest.TestData(), "migrations", "filter"))
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "bunfilter")
}

// TestBunScopeMode: bun handles in scope mode; RunInTx is a transaction, not a scope.
func TestBunScopeMode(t *testing.T) {
	setFlags(t, "mode", "scope") // its bun models alone would make a schema without row level security
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "bunscope")
}

// TestSqlxNamedQueries: sqlx's :name placeholders are compiled as sqlx does, so the SQL is
// checked like any other.
func TestSqlxNamedQueries(t *testing.T) {
	setFlags(t, "migrations", filepath.Join(analysistest.TestData(), "migrations", "filter"))
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "sqlxnamed")
}

// TestSquirrelFilterMode: squirrel builders run through ToSql and pgx, or through RunWith.
func TestSquirrelFilterMode(t *testing.T) {
	setFlags(t, "migrations", filepath.Join(analysistest.TestData(), "migrations", "filter"))
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "sqfilter")
}

// TestSchemaFromModels: without SQL migrations, the models gorm migrates are the schema (auto
// mode checks filters, as the models say nothing of row level security): a model with the
// tenant column is tenant-owned, one without is global.
func TestSchemaFromModels(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "ormschemaglobal")
}

// TestSchemaFromQueriedModels: a store package whose models a main package migrates (so it
// sees no AutoMigrate of its own) takes the schema from the models its statements name.
func TestSchemaFromQueriedModels(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "ormstore", "ormstore/app")
}

// TestSchemaFromModelsOverlay: -tenant-tables still names tables tenant-owned over the models.
func TestSchemaFromModelsOverlay(t *testing.T) {
	setFlags(t, "tenant-tables", "plans")
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "ormschema")
}

// TestPopFilterMode: gobuffalo/pop queries in filter mode, each leak beside its negative twin.
func TestPopFilterMode(t *testing.T) {
	setFlags(t, "migrations", filepath.Join(analysistest.TestData(), "migrations", "filter"))
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "popfilter")
}

// TestPopScopeMode: pop connections in scope mode, with a scope helper inferred from a pop
// transaction that sets the tenant; pop's Transaction is a transaction, not a scope.
func TestPopScopeMode(t *testing.T) {
	setFlags(t, "migrations", filepath.Join(analysistest.TestData(), "migrations", "rls"))
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "popscope")
}

// TestChildTablesFilterMode: a table with no tenant column and a foreign key to a tenant table
// is tenant data; a query on it must join the parent on the key and constrain the parent's
// tenant, or filter the key by a sub-query on the parent. Each accepted shape beside its twin.
func TestChildTablesFilterMode(t *testing.T) {
	setFlags(t, "migrations", filepath.Join(analysistest.TestData(), "migrations", "child"))
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "childfilter")
}

// TestChildTablesScopeMode: outside a scope a query on a child table is TV1001 like any tenant
// table's; inside one, a child without row level security is still checked through its parent.
func TestChildTablesScopeMode(t *testing.T) {
	setFlags(t, "migrations", filepath.Join(analysistest.TestData(), "migrations", "childrls"))
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "childscope")
}

// TestEntFilterMode: ent's generated client in filter mode (a schema without row level
// security), each leak beside its negative twin; interceptors and privacy rules of the schemas.
func TestEntFilterMode(t *testing.T) {
	setFlags(t, "migrations", filepath.Join(analysistest.TestData(), "migrations", "ent"))
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "entfilter", "entnoruntime", "entedges", "enttraverse", "entm2m")
}

// TestEntSchemaFacts: the interceptors and privacy rules of ent schemas and mixins, and the
// functions they call across packages, are summarised as the predicates they add to every
// query.
func TestEntSchemaFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "example.com/entapp/rule", "example.com/entapp/policy", "example.com/entapp/ent/schema")
}

// TestEntScopeMode: in scope mode an ent query on the global client is outside a tenant scope;
// one on a client the function receives is its callers' to judge.
func TestEntScopeMode(t *testing.T) {
	setFlags(t, "migrations", filepath.Join(analysistest.TestData(), "migrations", "rls"))
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "entscope")
}

// TestEntTraversalScopeMode: in scope mode an ent traversal runs on the client of the query
// or the entity it starts from; one from an entity the function is handed is its callers'.
func TestEntTraversalScopeMode(t *testing.T) {
	setFlags(t, "migrations", filepath.Join(analysistest.TestData(), "migrations", "entrls"))
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "enttraversescope")
}

// TestEntSchemaFromModels: without SQL migrations the entity packages ent generated are the
// schema: an entity with the tenant column is tenant-owned, one without is global.
func TestEntSchemaFromModels(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "entmodels")
}

// TestSquirrelHelpers: squirrel builders passed through helpers that add predicates, or
// returned whole by helpers, in the same package and in another (squirrelFacts).
func TestSquirrelHelpers(t *testing.T) {
	setFlags(t, "migrations", filepath.Join(analysistest.TestData(), "migrations", "filter"))
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "sqhelpers/lib", "sqhelpers")
}

// TestSquirrelRunners: in scope mode the handle of a squirrel builder is the one RunWith got,
// inside a helper (a parameter, a field of the receiver: the helper's fact says which) or in a
// StatementBuilder stored in a struct field.
func TestSquirrelRunners(t *testing.T) {
	setFlags(t, "migrations", filepath.Join(analysistest.TestData(), "migrations", "rls"))
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "sqscope/lib", "sqscope")
}

// TestBunHelpers: bun queries passed through helpers that add conditions, made by helpers on
// the handle they are given, or applied with Apply, in the same package and in another
// (bunFacts).
func TestBunHelpers(t *testing.T) {
	setFlags(t, "migrations", filepath.Join(analysistest.TestData(), "migrations", "filter"))
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "bunhelpers/lib", "bunhelpers")
}

// TestPopHelpers: pop queries passed through another package's helpers that add fragments,
// made by them on the connection they are given or on their own, or used as scopes
// (popFacts).
func TestPopHelpers(t *testing.T) {
	setFlags(t, "migrations", filepath.Join(analysistest.TestData(), "migrations", "filter"))
	analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "pophelpers/lib", "pophelpers")
}

// TestHexagonalRepositories: a service drops its tenant on the way to a repository interface
// whose implementations it does not import. The finding is made once for the program: in the
// package implementing the interface (it sees the service's fact), or, when that package does
// not import the service (sqlc's generated store), where main converts it to the interface.
func TestHexagonalRepositories(t *testing.T) {
	setFlags(t, "migrations", filepath.Join(analysistest.TestData(), "migrations", "filter"))
	results := analysistest.Run(t, analysistest.TestData(), sqlscope.Analyzer, "hexa/...")
	// The service method that drops the tenant is the first related place of each finding,
	// though the finding stands in the implementing or wiring package.
	found := 0
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if d.Category != "TV1005" {
				continue
			}
			found++
			if len(d.Related) == 0 {
				t.Errorf("%s: no related place", d.Message)
				continue
			}
			p := r.Pass.Fset.Position(d.Related[0].Pos)
			if filepath.Base(filepath.Dir(p.Filename)) != "service" || !strings.Contains(d.Related[0].Message, "takes the tenant (tenantID)") {
				t.Errorf("%s: related place %s %q, want the service method", d.Message, p, d.Related[0].Message)
			}
		}
	}
	if found != 3 {
		t.Errorf("got %d TV1005 findings for the program, want 3", found)
	}
}
