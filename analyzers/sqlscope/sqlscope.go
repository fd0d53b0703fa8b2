package sqlscope

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/analyzerdoc"
	"github.com/tenantvet/tenantvet/internal/config"
	"github.com/tenantvet/tenantvet/internal/directive"
	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/lazyssa"
	"github.com/tenantvet/tenantvet/internal/rules"
	"github.com/tenantvet/tenantvet/internal/sqlquery"
)

//go:embed doc.go
var doc string

// Analyzer reports SQL queries that are not confined to one tenant.
var Analyzer = &analysis.Analyzer{
	Name:       "sqlscope",
	Doc:        analyzerdoc.Section(doc, "sqlscope"),
	URL:        "https://github.com/tenantvet/tenantvet/tree/main/analyzers/sqlscope",
	Requires:   []*analysis.Analyzer{inspect.Analyzer, lazyssa.Analyzer},
	Run:        run,
	ResultType: directive.ResultType,
	FactTypes:  []analysis.Fact{new(queryFact), new(gormFact), new(gormTableFact), new(squirrelFact), new(bunFact), new(popFact), new(helperFact), new(modelsFact), new(entFilterFact), new(entSchemasFact), new(entEntitiesFact), new(entM2MFact), new(pendingFact), new(reportedFact), new(ownQueryFact), new(builtFact)},
}

var settings = config.Default()

func init() {
	settings.Bind(&Analyzer.Flags, "tenant-columns", "tenant-tables", "global-tables", "scope-helpers",
		"verifiers", "tenant-headers", "tenant-params", "tenant-param-names", "query-functions",
		"allow-functions", "migrations", "schema", "mode", "tenant-setting", "app-role")
}

var (
	ruleUnscoped      = rules.MustGet("TV1001")
	ruleUntrusted     = rules.MustGet("TV1002")
	ruleUnfiltered    = rules.MustGet("TV1003")
	ruleOrEscape      = rules.MustGet("TV1004")
	ruleUnusedTenant  = rules.MustGet("TV1005")
	ruleUncheckedDyn  = rules.MustGet("TV1006")
	dynamicPlaceholer = "tenantvet_dynamic"
)

// queryFact is exported for a function that runs queries through some of its parameters (the
// receiver included): its callers decide whether those queries are scoped.
type queryFact struct {
	Params  []int    // SSA parameter indices (the receiver is 0 for methods)
	Names   []string // their names, for String
	SQL     []string // constant SQL run through them, sorted
	Dynamic bool     // SQL built at run time is run through them too
	NoSQL   bool     // batches or copies whose SQL is not visible
	// Checked: in filter mode every SQL above was checked, and its findings reported, where it
	// is written (a generated query), so callers do not report it again.
	Checked bool
}

func (*queryFact) AFact() {}

func (f *queryFact) String() string {
	s := "queriesParam:" + strings.Join(f.Names, ",")
	if len(f.SQL) > 0 {
		s += fmt.Sprintf(" sql:%d", len(f.SQL))
	}
	if f.Dynamic {
		s += " dynamic"
	}
	return s
}

type mode int

const (
	scopeMode mode = iota
	filterMode
)

// checker holds one pass's state.
type checker struct {
	pass       *analysis.Pass
	rep        *directive.Reporter
	cat        sqlquery.Catalog
	mode       mode
	queries    []knownapi.Spec
	helpers    []knownapi.ScopeHelper
	allow      []knownapi.Spec
	calls      map[token.Pos]*ast.CallExpr
	scoped     map[*ssa.Function]string // scope callbacks -> the helper's name
	summaries  map[*ssa.Function]*summary
	handleTy   map[types.Type]bool
	origins    map[ssa.Value]origin
	prog       *ssa.Program
	prepared   map[string]string // pgx statement name -> its SQL ("" when prepared with several)
	gormFacts  map[*ssa.Function]*gormFact
	sqFacts    map[*ssa.Function]*squirrelFact
	bunFacts   map[*ssa.Function]*bunFact
	popFacts   map[*ssa.Function]*popFact
	busy       map[*ssa.Function]bool        // functions whose chain fact is being computed
	ownBases   map[*ssa.Function][]ssa.Value // this package's chain helpers: the value each fact variant starts from
	ownRunners map[*ssa.Function][]ssa.Value // this package's squirrel helpers: the handle each fact runner is
	srcFuncs   []*ssa.Function
	// gormGroupDepth bounds the nesting of condition groups followed (Where(db.Where(...))).
	gormGroupDepth int
	// gormTypes: the gorm models this package names, by type string (a Model step's Type), for
	// association joins.
	gormTypes   map[string]*types.Named
	models      map[string]string               // this package's models (table -> tenant column)
	derived     map[*ssa.Function]derivedHandle // callbacks run on a handle derived from another (gorm's Transaction, bun's RunInTx)
	impls       map[string][]implFact           // concrete methods with query facts, by name (implsites.go)
	entBuilders map[*types.Named]*entBuilder    // ent's generated builder types (nil: not one)
	// entOwnSchemas: the filters of this package's ent schemas; entSchemas: those and the ones
	// the imports relay, by schema name (entrelay.go).
	entOwnSchemas []EntSchemaFilter
	entSchemas    map[string][]EntSchemaFilter
	entSynthetic  map[string]*types.Package // entity packages rebuilt from entEntitiesFacts
	// entSyntheticM2M: the join tables of their <Edge>PrimaryKey variables, and the keys of
	// their self-edges' <Edge>Table constants.
	entSyntheticM2M map[types.Object]*entM2MFact
}

func run(pass *analysis.Pass) (any, error) {
	if knownapi.DefinesQueryAPI(knownapi.PkgPath(pass.Pkg)) {
		// database/sql, pgx and the like query on their own handles; what their API does for
		// the application is in knownapi's tables.
		return new(directive.Result), nil
	}
	c, err := newChecker(pass)
	if err != nil {
		return nil, err
	}
	if c.entGenerated() {
		// ent's generated client runs its statements through ent's driver; what they do for
		// the application is modelled where the application builds them (ent.go).
		c.exportModels()
		c.relayEntSchemas()
		c.exportEntEntities()
		return c.rep.Finish()
	}
	c.exportGormTableNames()
	c.exportModels()
	c.importInferredHelpers()
	if c.entImportsEnt() {
		// Schemas, interceptors and privacy rules: what they add to every query is exported
		// before anything else, as these packages usually run no query themselves.
		ssainfo, err := lazyssa.Of(pass).Get()
		if err != nil {
			return nil, err
		}
		c.prog = ssainfo.Pkg.Prog
		c.exportEntFilters(ssainfo.SrcFuncs)
		c.exportEntM2M(ssainfo.Pkg, ssainfo.SrcFuncs)
	}
	c.relayEntSchemas()
	if !c.namesQueries() {
		return c.rep.Finish()
	}
	// The schema is loaded only now: under go vet every package is its own process, and most
	// of them (the standard library's) run no query.
	if err := c.loadCatalog(); err != nil {
		return nil, err
	}
	ssainfo, err := lazyssa.Of(pass).Get()
	if err != nil {
		return nil, err
	}
	c.prog = ssainfo.Pkg.Prog
	c.srcFuncs = ssainfo.SrcFuncs
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	insp.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) {
		call := n.(*ast.CallExpr)
		c.calls[call.Lparen] = call
	})
	c.preparedNames(ssainfo.SrcFuncs)
	c.inferHelpers(ssainfo.SrcFuncs)
	for _, fn := range ssainfo.SrcFuncs {
		c.findScopes(fn)
	}
	c.exportGormFacts(ssainfo.SrcFuncs)
	exportChainFacts(c, ssainfo.SrcFuncs, c.squirrelFactOf)
	exportChainFacts(c, ssainfo.SrcFuncs, c.bunFactOf)
	exportChainFacts(c, ssainfo.SrcFuncs, c.popFactOf)
	for _, fn := range ssainfo.SrcFuncs {
		if fn.Parent() == nil {
			c.summarize(fn)
		}
	}
	for _, fn := range ssainfo.SrcFuncs {
		if fn.Parent() == nil {
			c.report(fn)
		}
	}
	var tops []*ssa.Function
	for _, fn := range ssainfo.SrcFuncs {
		if fn.Parent() == nil {
			tops = append(tops, fn)
			c.exportBuilt(fn)
		}
	}
	c.reportPending(tops)
	return c.rep.Finish()
}

func newChecker(pass *analysis.Pass) (*checker, error) {
	if err := settings.Validate(); err != nil {
		return nil, err
	}
	queries, err := knownapi.ParseSpecs(settings.QueryFunctions)
	if err != nil {
		return nil, fmt.Errorf("query-functions: %w", err)
	}
	helperSpecs, err := knownapi.ParseSpecs(settings.ScopeHelpers)
	if err != nil {
		return nil, fmt.Errorf("scope-helpers: %w", err)
	}
	allow, err := knownapi.ParseSpecs(settings.AllowFunctions)
	if err != nil {
		return nil, fmt.Errorf("allow-functions: %w", err)
	}
	helpers := slices.Clone(knownapi.ScopeHelpers)
	for _, s := range helperSpecs {
		helpers = append(helpers, knownapi.ConfiguredScopeHelper(s))
	}
	return &checker{
		pass: pass, rep: directive.NewReporter(pass), mode: scopeMode,
		queries: queries, helpers: helpers, allow: allow,
		calls:       map[token.Pos]*ast.CallExpr{},
		scoped:      map[*ssa.Function]string{},
		summaries:   map[*ssa.Function]*summary{},
		handleTy:    map[types.Type]bool{},
		origins:     map[ssa.Value]origin{},
		gormFacts:   map[*ssa.Function]*gormFact{},
		sqFacts:     map[*ssa.Function]*squirrelFact{},
		bunFacts:    map[*ssa.Function]*bunFact{},
		popFacts:    map[*ssa.Function]*popFact{},
		busy:        map[*ssa.Function]bool{},
		ownBases:    map[*ssa.Function][]ssa.Value{},
		ownRunners:  map[*ssa.Function][]ssa.Value{},
		derived:     map[*ssa.Function]derivedHandle{},
		entBuilders: map[*types.Named]*entBuilder{},
	}, nil
}

// loadCatalog loads the configured schema and picks the mode from it.
func (c *checker) loadCatalog() error {
	cat, err := catalogFor(settings)
	if err != nil {
		return err
	}
	if cat == nil {
		cat = c.modelCatalog()
	}
	c.cat = cat
	switch settings.Mode {
	case "filter":
		if cat != nil {
			c.mode = filterMode
		}
	case "auto":
		if cat != nil && !cat.HasRLS() {
			c.mode = filterMode
		}
	}
	return nil
}

// root returns the top-level function a closure is nested in.
func root(fn *ssa.Function) *ssa.Function {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return fn
}

func (c *checker) allowed(fn *ssa.Function) bool {
	obj, _ := root(fn).Object().(*types.Func)
	if obj == nil {
		return false
	}
	for _, s := range c.allow {
		if s.Matches(obj) {
			return true
		}
	}
	return false
}

// tenantParam reports whether a parameter names the tenant a function must scope by.
func tenantParam(v *types.Var) bool {
	return slices.Contains(settings.TenantParamNames, v.Name()) || knownapi.IsNamed(v.Type(), knownapi.PkgTenant, "ID")
}

// namesQueries reports whether the package can hold a query site: it refers to a query API or a
// scope helper, or some dependency has a function known (by its fact) to query through its
// parameters, which this package may call, bind as a method value or convert to an interface.
// A package with none of these has no sites, exports no facts and gets no findings, so its SSA
// form, the costly part of the pass, is never built. Most dependencies, the standard library
// included, are such packages.
func (c *checker) namesQueries() bool {
	for _, f := range c.pass.AllObjectFacts() {
		switch f.Fact.(type) {
		case *queryFact, *pendingFact:
			return true
		}
	}
	if c.mayDropTenant() {
		return true
	}
	seen := map[*types.Func]bool{}
	for _, obj := range c.pass.TypesInfo.Uses {
		fn, ok := obj.(*types.Func)
		if !ok {
			continue
		}
		fn = fn.Origin()
		if seen[fn] {
			continue
		}
		seen[fn] = true
		if _, ok := knownapi.MatchQuery(fn, c.queries); ok {
			return true
		}
		if fn.Pkg() != nil && (knownapi.IsGorm(knownapi.PkgPath(fn.Pkg())) || knownapi.IsBun(knownapi.PkgPath(fn.Pkg())) || knownapi.PkgPath(fn.Pkg()) == knownapi.PkgSquirrel || knownapi.PkgPath(fn.Pkg()) == knownapi.PkgPop) {
			return true
		}
		if sig := fn.Type().(*types.Signature); sig.Recv() != nil && (c.entBuilderOf(sig.Recv().Type()) != nil || c.entClientOf(sig.Recv().Type()) != nil) {
			return true
		}
		for _, h := range c.helpers {
			if h.Matches(fn) {
				return true
			}
		}
	}
	return false
}
