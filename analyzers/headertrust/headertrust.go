package headertrust

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/analyzerdoc"
	"github.com/tenantvet/tenantvet/internal/config"
	"github.com/tenantvet/tenantvet/internal/directive"
	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/lazyssa"
	"github.com/tenantvet/tenantvet/internal/rules"
	"github.com/tenantvet/tenantvet/internal/stdlib"
	"github.com/tenantvet/tenantvet/internal/taint"
)

//go:embed doc.go
var doc string

// Analyzer reports tenant claims from headers, parameters and metadata that reach a tenant scope,
// a job payload or a storage key without verification.
var Analyzer = &analysis.Analyzer{
	Name:       "headertrust",
	Doc:        analyzerdoc.Section(doc, "headertrust"),
	URL:        "https://github.com/tenantvet/tenantvet/tree/main/analyzers/headertrust",
	Requires:   []*analysis.Analyzer{inspect.Analyzer, lazyssa.Analyzer},
	Run:        run,
	ResultType: directive.ResultType,
	FactTypes:  []analysis.Fact{new(sinkParam), new(claimResult), new(contextClaims), new(claimField), new(claimParams), new(routeRegs), new(pendingClaims), new(buildsFact)},
}

var settings = config.Default()

func init() {
	settings.Bind(&Analyzer.Flags, "tenant-headers", "tenant-params", "verifiers", "scope-helpers",
		"job-tenant-field", "tenant-columns", "query-functions", "tenants-table")
}

var (
	ruleScope   = rules.MustGet("TV4001")
	ruleJob     = rules.MustGet("TV4002")
	ruleStorage = rules.MustGet("TV4003")
)

// ParamSink records that a parameter of a function reaches a sink without verification, or,
// when Kind is set, that the parameter names the header or parameter (of that kind) whose value
// the function reads and passes to the sink.
type ParamSink struct {
	Param int    // index in the Go signature, receiver not counted
	Sink  string // e.g. "tenantdb.WithTenant"
	Rule  string // rule id of the sink; "" when the parameter is only stored in the context under Key
	Kind  string // "" when the parameter's value reaches the sink; the claim kind when it names one
	Via   string // the functions between this one and the sink, "(*repo.PG).Get -> repo.scope"
	Key   string // the context key the parameter is stored under, when the sink is context.WithValue
	Name  string // Kind "route" (Param -1): the path parameter, a claim where a route makes it the tenant
	// Pend is set when the parameter reaches a parameter of an interface method no
	// implementation in view answers (Sink names the method, Rule is ""): the package that
	// converts an implementation to the interface decides (pending.go).
	Pend PendingIface
}

// same reports whether p and q are one sink of one parameter, whatever the path to it.
func (p ParamSink) same(q ParamSink) bool {
	return p.Param == q.Param && p.Sink == q.Sink && p.Rule == q.Rule && p.Kind == q.Kind && p.Key == q.Key && p.Name == q.Name && p.Pend == q.Pend
}

// sinkParam is the fact of a function whose parameters reach sinks without verification.
type sinkParam struct {
	Params []ParamSink
}

func (*sinkParam) AFact() {}

func (f *sinkParam) String() string {
	parts := make([]string, len(f.Params))
	for i, p := range f.Params {
		verb := "reaches" // a pending entry reaches the interface method's parameter named in Sink
		if p.Rule == "" && !p.Pend.pending() {
			verb = "is stored in"
		}
		if p.Kind == kindRoute {
			parts[i] = fmt.Sprintf("path parameter %q %s %s", p.Name, verb, p.Sink)
		} else if p.Kind != "" {
			parts[i] = fmt.Sprintf("the %s named by param %d %s %s", p.Kind, p.Param, verb, p.Sink)
		} else {
			parts[i] = fmt.Sprintf("param %d %s %s", p.Param, verb, p.Sink)
		}
		if p.Via != "" {
			parts[i] += " via " + p.Via
		}
	}
	return strings.Join(parts, "; ")
}

// claimResult is the fact of a function whose first result is an unverified claim it read, is
// derived from some of its parameters (a helper that trims or parses its argument), or is read
// from the request by a name one of its parameters gives (func tenantFrom(r, name string)).
type claimResult struct {
	Sources  []taint.Source
	Params   []int
	Names    []NameParam
	HeaderOf []HeaderSource
	Keys     []string // context keys (contextKeyID) whose value it returns: a claim if one was stored
	Recv     bool     // it returns a field of its receiver (an optional value's Get or Or)
}

// HeaderSource is a tenant header a function reads from an http.Header parameter: a claim when
// the caller passes a request's headers, not when it passes a response's.
type HeaderSource struct {
	Param  int
	Source taint.Source
}

// NameParam is a parameter of a function that names the header or parameter it reads.
type NameParam struct {
	Param int
	Kind  string // "header", "query", "path" or "metadata"
}

func (*claimResult) AFact() {}

func (f *claimResult) String() string {
	var parts []string
	for _, s := range f.Sources {
		parts = append(parts, "returns "+s.Desc)
	}
	for _, p := range f.Params {
		parts = append(parts, fmt.Sprintf("returns param %d", p))
	}
	for _, n := range f.Names {
		parts = append(parts, fmt.Sprintf("returns the %s named by param %d", n.Kind, n.Param))
	}
	for _, h := range f.HeaderOf {
		parts = append(parts, fmt.Sprintf("returns %s of param %d", h.Source.Desc, h.Param))
	}
	for _, k := range f.Keys {
		parts = append(parts, "returns the context value under "+k)
	}
	if f.Recv {
		parts = append(parts, "returns a field of its receiver")
	}
	return strings.Join(parts, "; ")
}

func (f *claimResult) empty() bool {
	return f == nil || len(f.Sources) == 0 && len(f.Params) == 0 && len(f.Names) == 0 && len(f.HeaderOf) == 0 && len(f.Keys) == 0 && !f.Recv
}

func (f *claimResult) equal(g *claimResult) bool {
	if f.empty() || g.empty() {
		return f.empty() == g.empty()
	}
	return slices.Equal(f.Sources, g.Sources) && slices.Equal(f.Params, g.Params) && slices.Equal(f.Names, g.Names) &&
		slices.Equal(f.HeaderOf, g.HeaderOf) && slices.Equal(f.Keys, g.Keys) && f.Recv == g.Recv
}

// passConfig is the parsed configuration of one pass.
type passConfig struct {
	verifiers    []knownapi.Spec
	scopes       []scopeHelper
	queries      []knownapi.Spec // SQL argument in Args[0]
	jobField     string
	columns      []string
	tenantsTable string
}

// Import paths of the runtime and database packages the pass knows. They are spelled here, not
// taken from knownapi's query tables, so this pass's small needs do not follow their changes.
const (
	tenantPkg   = "github.com/tenantvet/tenantvet/runtime/tenant"
	tenantdbPkg = "github.com/tenantvet/tenantvet/runtime/tenantdb"
	jobsPkg     = "github.com/tenantvet/tenantvet/runtime/jobs"
	pgxPkg      = "github.com/jackc/pgx/v5"
	pgxpoolPkg  = "github.com/jackc/pgx/v5/pgxpool"
)

// scopeHelper is a function running a callback in a tenant scope; tenant is the tenant's index.
type scopeHelper struct {
	knownapi.Func
	tenant int
}

var runtimeScopes = []scopeHelper{
	{knownapi.Func{Pkg: tenantdbPkg, Name: "WithTenant"}, 2},
	{knownapi.Func{Pkg: tenantdbPkg, Name: "WithTenantReadOnly"}, 2},
	{knownapi.Func{Pkg: tenantdbPkg, Name: "WithTenantSQL"}, 2},
	{knownapi.Func{Pkg: tenantdbPkg, Name: "WithTenantSQLReadOnly"}, 2},
}

// queryMethods are the query APIs whose SQL binds placeholders, with the SQL argument's index.
var queryMethods = func() []knownapi.Spec {
	var out []knownapi.Spec
	add := func(pkg string, recvs []string, sqlArg int, names ...string) {
		for _, r := range recvs {
			for _, n := range names {
				out = append(out, knownapi.Spec{Func: knownapi.Func{Pkg: pkg, Recv: r, Name: n}, Args: []int{sqlArg}})
			}
		}
	}
	add("database/sql", []string{"DB", "Tx", "Conn"}, 1, "QueryContext", "QueryRowContext", "ExecContext")
	add("database/sql", []string{"DB", "Tx"}, 0, "Query", "QueryRow", "Exec")
	add(pgxPkg, []string{"Conn", "Tx"}, 1, "Query", "QueryRow", "Exec")
	add(pgxpoolPkg, []string{"Pool", "Conn", "Tx"}, 1, "Query", "QueryRow", "Exec")
	return out
}()

var (
	jobsPayload    = knownapi.Func{Pkg: jobsPkg, Name: "Payload"}
	jobsSign       = knownapi.Func{Pkg: jobsPkg, Recv: "Signer", Name: "Sign"}
	storageFuncs   = []knownapi.Func{{Pkg: "path/filepath", Name: "Join"}, {Pkg: "path", Name: "Join"}}
	osPathFuncs    = []string{"Open", "OpenFile", "Create", "ReadFile", "WriteFile", "Mkdir", "MkdirAll", "Remove", "RemoveAll", "ReadDir", "Stat", "Lstat", "OpenRoot"}
	objectMethods  = []string{"PutObject", "GetObject", "DeleteObject", "HeadObject", "CopyObject", "StatObject", "RemoveObject", "FPutObject", "FGetObject"}
	tenantTypeName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)(tenant|org|organization).*id$`) })
	contextWithVal = knownapi.Func{Pkg: "context", Name: "WithValue"}
	tenantKeyName  = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)(tenant|organization|workspace|org_?id|\borg\b|org_?key)`)
	})
)

func parseConfig() (*passConfig, error) {
	c := &passConfig{jobField: settings.JobTenantField, columns: settings.TenantColumns, tenantsTable: settings.TenantsTable}
	if c.tenantsTable == "" {
		c.tenantsTable = "tenants"
	}
	var err error
	if c.verifiers, err = knownapi.ParseSpecs(settings.Verifiers); err != nil {
		return nil, fmt.Errorf("-verifiers: %w", err)
	}
	helpers, err := knownapi.ParseSpecs(settings.ScopeHelpers)
	if err != nil {
		return nil, fmt.Errorf("-scope-helpers: %w", err)
	}
	c.scopes = slices.Clone(runtimeScopes)
	for _, h := range helpers {
		c.scopes = append(c.scopes, scopeHelper{Func: h.Func, tenant: h.Arg(1, 2)})
	}
	c.queries = slices.Clone(queryMethods)
	extra, err := knownapi.ParseSpecs(settings.QueryFunctions)
	if err != nil {
		return nil, fmt.Errorf("-query-functions: %w", err)
	}
	c.queries = append(c.queries, extra...)
	return c, nil
}

func run(pass *analysis.Pass) (any, error) {
	if stdlib.Package(pass) {
		// The standard library reads no tenant claim and calls no sink; what its functions pass
		// through (strings.TrimSpace, fmt.Sprintf...) is in knownapi.ClaimTransforms. Summarising
		// every standard package in SSA form would cost more than the rest of the pass.
		return new(directive.Result), nil
	}
	cfg, err := parseConfig()
	if err != nil {
		return nil, err
	}
	rep := directive.NewReporter(pass)
	a := &analysis_{pass: pass, cfg: cfg, summaries: map[*ssa.Function][]ParamSink{}, results: map[*ssa.Function]*claimResult{},
		keys: map[string][]taint.Source{}, fields: map[*types.Var]taint.Source{}, params: map[*types.Func][]ClaimParam{}}
	res, err := lazyssa.Of(pass).Get()
	if err != nil {
		return nil, err
	}
	a.prog = res.Pkg.Prog
	fns := res.SrcFuncs
	a.routes = a.routeClaims(fns)
	a.goaPayloadFields(fns)

	// Compute the parameter summaries of this package's functions to a fixed point (a helper
	// may call another helper declared after it), then report with the final summaries.
	var found []finding
	for round := 0; round <= len(fns); round++ {
		changed := false
		a.states = map[*ssa.Function]*funcState{}
		a.pathParams = nil // the helpers' results may have grown
		a.learned = false
		found = found[:0]
		a.pendClaims = nil // learned again from this round's summaries
		for _, fn := range fns {
			ps, res, fs := a.function(fn)
			if !slices.Equal(ps, a.summaries[fn]) {
				a.summaries[fn] = ps
				changed = true
			}
			if !res.equal(a.results[fn]) {
				a.results[fn] = res
				changed = true
			}
			found = append(found, fs...)
		}
		if !changed && !a.learned {
			break
		}
	}
	for _, fn := range fns {
		obj, ok := fn.Object().(*types.Func)
		if !ok || obj.Pkg() != pass.Pkg {
			continue
		}
		if ps := a.summaries[fn]; len(ps) > 0 {
			pass.ExportObjectFact(obj, &sinkParam{Params: ps})
		}
		if res := a.results[fn]; !res.empty() {
			pass.ExportObjectFact(obj, res)
		}
	}
	a.exportClaims()
	a.exportRoutes()
	found = append(found, a.reportPending(fns)...)
	slices.SortStableFunc(found, func(x, y finding) int { return int(x.pos - y.pos) })
	for _, f := range append(found, a.routeFound...) {
		rep.ReportRelated(f.rule, f.pos, f.pos, nil, f.related, "%s", f.msg)
	}
	return rep.Finish()
}

type analysis_ struct {
	pass      *analysis.Pass
	cfg       *passConfig
	summaries map[*ssa.Function][]ParamSink
	results   map[*ssa.Function]*claimResult
	states    map[*ssa.Function]*funcState // this round's per-function work, for closures' parents
	prog      *ssa.Program

	keys    map[string][]taint.Source    // context keys this package stores claims under (contextKeyID)
	fields  map[*types.Var]taint.Source  // struct fields this package fills from the request
	params  map[*types.Func][]ClaimParam // this package's interface methods given claims
	learned bool                         // this round added to keys or fields

	depKeys    map[string][]taint.Source // context keys dependencies store claims under
	impls      map[*types.Interface]map[string][]*types.Func
	candidates map[string][]*types.Named           // method name -> the named types in scope that have it
	routes     map[*ssa.Function]map[string]string // handler -> path parameter -> route pattern
	routeFound []finding                           // handlers of other packages given a tenant route
	pending    []pendingRoute                      // handlers registered below exported routers
	groups     *groups                             // the route groups of the package
	depParams  map[string][]ifaceParams            // method name -> dependencies' interface methods given claims
	implParams map[*ssa.Function][]ClaimParam
	pathParams map[*ssa.Parameter]bool // parameters given a value cut from the request's URL path
	pendClaims []PendingClaim          // claims this package hands to interface methods no implementation in view answers
}

// state returns the per-function work of fn for this round.
func (a *analysis_) state(fn *ssa.Function) *funcState {
	if st, ok := a.states[fn]; ok {
		return st
	}
	st := &funcState{fn: fn, origins: map[ssa.Value][]origin{}}
	a.states[fn] = st
	st.verifiers = a.verifications(st)
	return st
}

type finding struct {
	pos     token.Pos
	rule    *rules.Rule
	msg     string
	related []analysis.RelatedInformation
}

// origin is where a value at a sink came from: a client claim, a parameter of the function, or
// a claim read by the name a parameter gives (byName: src.Kind says what is read, nameParam by
// which parameter's name).
type origin struct {
	src       taint.Source
	param     int // >= 0 when the origin is a parameter
	byName    bool
	nameParam int
	headerOf  int    // 1 + the http.Header parameter src was read from; 0 when not read from one
	ctxKey    string // a context value read under this key: a claim only where one was stored under it
	route     bool   // a path parameter by a constant name: a claim only where a route makes it the tenant
	recvField bool   // a field of the method's receiver: a claim where the caller's receiver holds one
	// read is where the function reads the claim itself (the "(" of the call, the "[" of the
	// lookup), for the finding's related place; NoPos when it comes from elsewhere (a helper,
	// the context, a dependency's route).
	read token.Pos
	// at is where the function obtains a claim it does not read itself (the "(" of the helper
	// call returning it), for the place a pending claim names; NoPos otherwise.
	at token.Pos
}

// key identifies the claim for verification: reading the same header twice is the same claim.
func (o origin) key() string {
	if o.recvField {
		return "recv"
	}
	if o.ctxKey != "" {
		return "ctx:" + o.ctxKey
	}
	if o.byName {
		return fmt.Sprintf("name:%s:%d", o.src.Kind, o.nameParam)
	}
	if o.param >= 0 {
		return fmt.Sprintf("param:%d", o.param)
	}
	return o.src.Kind + ":" + strings.ToLower(strings.NewReplacer("-", "", "_", "").Replace(o.src.Name))
}

// readPlace is the related place of a finding about the claim o: where the function read it
// from the request, as the call or index expression in the source.
func (a *analysis_) readPlace(o origin) []analysis.RelatedInformation {
	if !o.read.IsValid() {
		return nil
	}
	pos, end := o.read, o.read
	for _, f := range a.pass.Files {
		if f.FileStart > o.read || o.read >= f.FileEnd {
			continue
		}
		path, _ := astutil.PathEnclosingInterval(f, o.read, o.read)
		for _, n := range path {
			switch n := n.(type) {
			case *ast.CallExpr:
				if n.Lparen == o.read {
					pos, end = n.Pos(), n.End()
				}
			case *ast.IndexExpr:
				if n.Lbrack == o.read {
					pos, end = n.Pos(), n.End()
				}
			}
			if pos != o.read {
				break
			}
		}
	}
	return []analysis.RelatedInformation{{Pos: pos, End: end, Message: o.src.Desc + " is read here"}}
}

// sink is one place where a tenant value decides what is touched.
type sink struct {
	instr ssa.Instruction
	pos   token.Pos
	val   ssa.Value
	name  string // e.g. "tenantdb.WithTenant"
	rule  *rules.Rule
	via   string       // the helper the value is passed to, for interprocedural sinks
	rest  string       // the helpers between via and the sink
	param int          // the helper's parameter
	kind  string       // set when val is the name of a claim of this kind the helper reads
	key   string       // the context key val is stored under (contextKeyID); rule is nil when the key is no tenant key
	field *types.Var   // the struct field val is stored into; rule is nil
	iface *types.Func  // the interface method val is passed to as param; rule is nil
	pend  PendingIface // the interface method's parameter val reaches, no implementation in view; rule is nil
}

// chain is the path from the sink's function to the sink, at most maxChain functions long.
func (s sink) chain() string {
	if s.via == "" {
		return ""
	}
	if s.rest == "" {
		return s.via
	}
	parts := strings.Split(s.via+" -> "+s.rest, " -> ")
	if len(parts) > maxChain {
		parts = append(parts[:maxChain-1], "...")
	}
	return strings.Join(parts, " -> ")
}

// maxChain bounds the helpers a message names between the claim and its sink.
const maxChain = 5

func ruleID(r *rules.Rule) string {
	if r == nil {
		return ""
	}
	return r.ID
}

// funcState is the per-function work: the verifier calls and a memo of traced origins.
type funcState struct {
	fn        *ssa.Function
	verifiers []verification
	origins   map[ssa.Value][]origin
	reach     map[*ssa.BasicBlock]map[*ssa.BasicBlock]bool
}

// verification is one call of a verifier, or one comparison of the claim with a trusted value:
// the claims its arguments carry, whether its failure
// is tested and the blocks taken when it failed (error not nil, or false).
type verification struct {
	instr   ssa.Instruction // the verifier call, or the comparison with a trusted value
	keys    map[string]bool
	request bool // a configured verifier taking the request verifies every claim read from it
	checked bool
	errSucc []*ssa.BasicBlock
}

func (a *analysis_) function(fn *ssa.Function) ([]ParamSink, *claimResult, []finding) {
	sinks := a.sinks(fn)
	rets := returns(fn)
	if len(sinks) == 0 && len(rets) == 0 {
		return nil, nil, nil
	}
	st := a.state(fn)
	var params []ParamSink
	var found []finding
	reported := map[string]bool{}
	for _, s := range sinks {
		origins := a.trace(st, s.val)
		if s.kind != "" {
			origins = a.nameOrigins(s.kind, s.val)
		}
		for _, o := range origins {
			if o.ctxKey != "" || o.recvField || st.verified(o, s.instr) {
				continue
			}
			if o.route {
				if s.rule != nil && s.field == nil && s.iface == nil {
					ps := ParamSink{Param: -1, Sink: s.name, Rule: s.rule.ID, Kind: kindRoute, Name: o.src.Name, Via: s.chain()}
					if !slices.ContainsFunc(params, ps.same) {
						params = append(params, ps)
					}
				}
				continue
			}
			if s.field != nil || s.iface != nil {
				if o.byName || o.param >= 0 {
					continue
				}
				if s.field != nil {
					a.learnField(s.field, o.src)
				} else {
					a.learnParam(s.iface, s.param, o.src)
				}
				continue
			}
			if o.byName || o.param >= 0 {
				ps := ParamSink{Param: o.param, Sink: s.name, Rule: ruleID(s.rule), Via: s.chain(), Key: s.key, Pend: s.pend}
				if o.byName {
					ps.Param, ps.Kind = o.nameParam, o.src.Kind
				}
				if i := slices.IndexFunc(params, ps.same); i < 0 {
					params = append(params, ps)
				} else if strings.Count(ps.Via, " -> ") < strings.Count(params[i].Via, " -> ") {
					params[i] = ps // name the shortest path
				}
				continue
			}
			if s.pend.pending() {
				a.learnPending(st, o, s)
				continue
			}
			if s.key != "" && (s.rule == nil || !frameworkStoreKey(s.key)) {
				// A claim stored in a framework's request store under a tenant key is reported
				// at the store, once: the handlers reading it back are not told again.
				a.learnKey(s.key, o.src)
			}
			if s.rule == nil {
				continue
			}
			k := o.key() + "\x00" + s.rule.ID + "\x00" + fmt.Sprint(s.pos)
			if reported[k] {
				continue
			}
			reported[k] = true
			found = append(found, finding{pos: s.pos, rule: s.rule, msg: message(o.src, s), related: a.readPlace(o)})
		}
	}
	slices.SortFunc(params, func(x, y ParamSink) int {
		if x.Param != y.Param {
			return x.Param - y.Param
		}
		if c := strings.Compare(x.Kind, y.Kind); c != 0 {
			return c
		}
		return strings.Compare(x.Sink, y.Sink)
	})
	res := &claimResult{}
	for _, ret := range rets {
		for _, o := range a.trace(st, ret.Results[0]) {
			if o.route || st.verified(o, ret) {
				continue
			}
			if o.recvField {
				res.Recv = true
			} else if o.ctxKey != "" {
				if !slices.Contains(res.Keys, o.ctxKey) {
					res.Keys = append(res.Keys, o.ctxKey)
				}
			} else if o.byName {
				if n := (NameParam{Param: o.nameParam, Kind: o.src.Kind}); !slices.Contains(res.Names, n) {
					res.Names = append(res.Names, n)
				}
			} else if o.param >= 0 {
				if !slices.Contains(res.Params, o.param) {
					res.Params = append(res.Params, o.param)
				}
			} else if o.headerOf > 0 {
				if h := (HeaderSource{Param: o.headerOf - 1, Source: o.src}); !slices.Contains(res.HeaderOf, h) {
					res.HeaderOf = append(res.HeaderOf, h)
				}
			} else if !slices.Contains(res.Sources, o.src) {
				res.Sources = append(res.Sources, o.src)
			}
		}
	}
	slices.Sort(res.Params)
	slices.Sort(res.Keys)
	slices.SortFunc(res.Names, func(x, y NameParam) int {
		if x.Param != y.Param {
			return x.Param - y.Param
		}
		return strings.Compare(x.Kind, y.Kind)
	})
	slices.SortFunc(res.Sources, func(x, y taint.Source) int { return strings.Compare(x.Desc, y.Desc) })
	slices.SortFunc(res.HeaderOf, func(x, y HeaderSource) int {
		if x.Param != y.Param {
			return x.Param - y.Param
		}
		return strings.Compare(x.Source.Desc, y.Source.Desc)
	})
	return params, res, found
}

// returns lists the return instructions of fn when its first result can carry a tenant claim.
func returns(fn *ssa.Function) []*ssa.Return {
	res := fn.Signature.Results()
	if res.Len() == 0 || !claimCarrier(res.At(0).Type()) {
		return nil
	}
	var out []*ssa.Return
	for _, b := range fn.Blocks {
		if n := len(b.Instrs); n > 0 {
			if r, ok := b.Instrs[n-1].(*ssa.Return); ok && len(r.Results) > 0 {
				out = append(out, r)
			}
		}
	}
	return out
}

// claimCarrier reports whether a value of type t can hold a tenant id: a string, a []string, or
// a named id type (tenant.ID, uuid.UUID, OrgID).
func claimCarrier(t types.Type) bool {
	if isString(t) {
		return true
	}
	if sl, ok := t.Underlying().(*types.Slice); ok && isString(sl.Elem()) {
		return true
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	name := strings.ToUpper(n.Obj().Name())
	return strings.HasSuffix(name, "ID") || strings.HasSuffix(name, "UUID")
}

func message(src taint.Source, s sink) string {
	target := s.name
	if s.via != "" {
		target = fmt.Sprintf("%s through %s (param %d)", s.name, s.via, s.param)
		if s.param < 0 {
			target = fmt.Sprintf("%s through %s", s.name, s.via)
		}
		if c := s.chain(); c != s.via {
			target += strings.TrimPrefix(c, s.via)
		}
	}
	var fix string
	switch s.rule {
	case ruleJob:
		fix = "enqueue the verified tenant (tenant.FromContext) or verify membership first"
	case ruleStorage:
		fix = "build keys and paths from the verified tenant (tenant.FromContext) or verify membership first"
	default:
		fix = "resolve the tenant with tenant.Resolver or verify membership first"
	}
	return fmt.Sprintf("tenant from %s reaches %s without verification: %s", src.Desc, target, fix)
}

// sinks lists the tenant-deciding uses in fn.
func (a *analysis_) sinks(fn *ssa.Function) []sink {
	var out []sink
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch in := instr.(type) {
			case *ssa.Call:
				out = a.callSinks(out, in, &in.Call)
				out = a.setterSinks(out, in)
				a.bindFields(&in.Call)
			case *ssa.Go:
				out = a.callSinks(out, in, &in.Call)
			case *ssa.Defer:
				out = a.callSinks(out, in, &in.Call)
			case *ssa.Store:
				if fa, ok := in.Addr.(*ssa.FieldAddr); ok {
					if name, rule, ok := a.fieldSink(fa); ok {
						out = append(out, sink{instr: in, pos: storePos(in), val: in.Val, name: name, rule: rule})
					} else if f := fieldOf(fa); f != nil && tenantKeyName().MatchString(f.Name()) && claimCarrier(deref(in.Val.Type())) {
						// A tenant field filled from the request holds the claim wherever it is read.
						out = append(out, sink{instr: in, pos: storePos(in), val: in.Val, field: f})
					}
				}
			case *ssa.ChangeType, *ssa.Convert:
				v := in.(ssa.Value)
				if isTenantConversion(v) {
					x := in.Operands(nil)[0]
					out = append(out, sink{instr: in, pos: v.Pos(), val: *x, name: "conversion to " + knownapi.TypeString(v.Type()), rule: ruleScope})
				}
			}
		}
	}
	return out
}

// isTenantConversion reports whether v converts a value to a tenant id type of the program
// (type OrgID string): minting a typed tenant id is a scope decision. The runtime's tenant.ID
// is made by tenant.Parse, which keeps the claim a claim.
func isTenantConversion(v ssa.Value) bool {
	n := knownapi.NamedOf(v.Type())
	if n == nil || knownapi.IsNamed(v.Type(), tenantPkg, "ID") {
		return false
	}
	if _, ptr := types.Unalias(v.Type()).(*types.Pointer); ptr {
		return false
	}
	return tenantTypeName().MatchString(n.Obj().Name())
}

// storePos is the position of a store: the field of a composite literal or the assignment.
func storePos(s *ssa.Store) token.Pos {
	if s.Pos().IsValid() {
		return s.Pos()
	}
	return s.Val.Pos()
}

func (a *analysis_) callSinks(out []sink, instr ssa.Instruction, c *ssa.CallCommon) []sink {
	fn := taint.Callee(c)
	if fn == nil {
		return out
	}
	args := taint.Args(c)
	pos := instr.Pos()
	add := func(v ssa.Value, name string, rule *rules.Rule) {
		out = append(out, sink{instr: instr, pos: pos, val: v, name: name, rule: rule})
	}
	for _, sc := range a.cfg.scopes {
		if sc.tenant < len(args) && sc.Matches(fn) {
			add(args[sc.tenant], funcName(fn), ruleScope)
			return out
		}
	}
	if contextWithVal.Matches(fn) && len(args) == 3 {
		key, ok := tenantContextKey(args[1])
		if !ok && tenantTyped(args[2]) {
			// Whatever the key is called, a value of a tenant type stored in the context is the
			// tenant the request's later work is scoped to.
			key, ok = contextKeyNames(args[1])[0], true
		}
		id, known := contextKeyID(args[1])
		if !ok && !known {
			return out
		}
		s := sink{instr: instr, pos: pos, val: args[2], key: id}
		if ok {
			s.name, s.rule = "the request context (context.WithValue key "+key+")", ruleScope
		} else {
			// Not a scope by itself, but a claim stored here is a claim where it is read back.
			s.name = "the request context (context.WithValue key " + contextKeyNames(args[1])[0] + ")"
		}
		return append(out, s)
	}
	if key, val, ok := storeSet(fn, args); ok {
		// Like context.WithValue: a claim stored under a tenant key (or a value of a tenant type)
		// is the tenant the handlers will scope to, reported here; under another key it is a
		// claim where it is read back.
		if id, ok := storeKeyID(fn, key); ok {
			s := sink{instr: instr, pos: pos, val: val, key: id,
				name: "the " + fn.Pkg().Name() + " context (c." + fn.Name() + " key " + contextKeyNames(key)[0] + ")"}
			if _, tk := tenantContextKey(key); tk || tenantTyped(val) {
				s.rule = ruleScope
			}
			return append(out, s)
		}
	}
	if jobsSign.Matches(fn) && len(args) > 1 {
		add(args[1], "(*jobs.Signer).Sign", ruleJob)
		return out
	}
	for _, q := range a.cfg.queries {
		if !q.Matches(fn) {
			continue
		}
		sqlArg := q.Arg(0, 0)
		if sqlArg >= len(args) {
			return out
		}
		sql, ok := taint.ConstString(args[sqlArg])
		if !ok {
			return out
		}
		for _, n := range tenantPlaceholders(sql, a.cfg.columns, a.cfg.tenantsTable) {
			if v := argAt(c, fn, args, sqlArg+n); v != nil {
				add(v, fmt.Sprintf("the tenant placeholder $%d of %s", n, funcName(fn)), ruleScope)
			}
		}
		return out
	}
	if _, ok := knownapi.MatchAny(fn, storageFuncs...); ok {
		for _, v := range args {
			add(v, funcName(fn), ruleStorage)
		}
		return out
	}
	if fn.Pkg() != nil && fn.Pkg().Path() == "os" && slices.Contains(osPathFuncs, fn.Name()) && len(args) > 0 && isString(args[0].Type()) {
		add(args[0], funcName(fn), ruleStorage)
		return out
	}
	if fn.Type().(*types.Signature).Recv() != nil && slices.Contains(objectMethods, fn.Name()) {
		for _, v := range args {
			add(v, fn.Name(), ruleStorage)
		}
		return out
	}
	// Helpers whose parameters reach a sink: this package's summaries, other packages' facts,
	// and for a call through an interface, those of its implementations in scope.
	callees := []*types.Func{fn}
	if c.IsInvoke() {
		callees = a.implementations(c)
		if !slices.ContainsFunc(callees, func(m *types.Func) bool { return !decorates(m, c.Value.Type()) }) {
			out = a.pendingSinks(out, instr, c, fn, args)
		}
		if fn.Pkg() == a.pass.Pkg {
			// A claim passed to this package's interface (a generated ServerInterface) is a
			// claim in the implementations, wherever they are.
			for i, v := range args {
				if claimCarrier(v.Type()) {
					out = append(out, sink{instr: instr, pos: pos, val: v, iface: fn, param: i})
				}
			}
		}
	}
	for _, callee := range callees {
		if c.IsInvoke() && callee == instr.Parent().Object() {
			continue // a method delegating to the interface it implements (a decorator) is not its own callee
		}
		via := funcName(callee)
		for _, p := range a.paramSinks(c, callee) {
			if p.Param < 0 || p.Param >= len(args) || strings.Contains(" -> "+p.Via+" -> ", " -> "+via+" -> ") {
				continue // a cycle: the sink is reached on a shorter path
			}
			s := sink{instr: instr, pos: pos, val: args[p.Param], name: p.Sink, via: via, rest: p.Via,
				param: p.Param, kind: p.Kind, key: p.Key, pend: p.Pend}
			if p.Rule != "" {
				s.rule = rules.MustGet(p.Rule)
			}
			out = append(out, s)
		}
	}
	return out
}

// paramSinks returns the parameter summary of callee, called by c: this package's summary, or
// another package's fact.
func (a *analysis_) paramSinks(c *ssa.CallCommon, callee *types.Func) []ParamSink {
	var fn *ssa.Function
	if !c.IsInvoke() {
		fn = c.StaticCallee()
	} else if callee.Pkg() == a.pass.Pkg {
		fn = a.prog.FuncValue(callee)
	}
	if fn != nil {
		if s, ok := a.summaries[fn]; ok {
			return s
		} else if fn.Origin() != nil {
			if s, ok := a.summaries[fn.Origin()]; ok {
				return s
			}
		}
	}
	if callee.Pkg() == a.pass.Pkg {
		return nil
	}
	var f sinkParam
	if a.pass.ImportObjectFact(callee.Origin(), &f) {
		return f.Params
	}
	return nil
}

// tenantContextKey reports whether key, a context.WithValue key, names the tenant: a value of a
// key type named like tenantKey, a package variable named like ctxKeyTenant, or a constant of a
// key type whose value names the tenant (ctxKey("tenant_id")).
func tenantContextKey(key ssa.Value) (string, bool) {
	for _, n := range contextKeyNames(key) {
		if tenantKeyName().MatchString(n) {
			return n, true
		}
	}
	return "", false
}

// tenantTyped reports whether v, before its conversion to an interface, has a tenant type:
// tenant.ID, tenant.Context or a named type called like TenantID or OrgID.
func tenantTyped(v ssa.Value) bool {
	if mi, ok := v.(*ssa.MakeInterface); ok {
		v = mi.X
	}
	n := knownapi.NamedOf(v.Type())
	if n == nil || n.Obj().Pkg() == nil {
		return false
	}
	return knownapi.PkgPath(n.Obj().Pkg()) == knownapi.PkgTenant || tenantKeyName().MatchString(n.Obj().Name())
}

// contextKeyNames returns the names a context key goes by, most specific first: the package
// variable holding it, its constant value, its type; at least one ("key") for messages.
func contextKeyNames(key ssa.Value) []string {
	if mi, ok := key.(*ssa.MakeInterface); ok {
		key = mi.X
	}
	var names []string
	if load, ok := key.(*ssa.UnOp); ok && load.Op == token.MUL {
		if g, ok := load.X.(*ssa.Global); ok {
			names = append(names, g.Name())
		}
	}
	if c, ok := key.(*ssa.Const); ok {
		if s, ok := taint.ConstString(c); ok {
			names = append(names, strconv.Quote(s))
		}
	}
	if n := knownapi.NamedOf(key.Type()); n != nil && n.Obj().Pkg() != nil {
		names = append(names, n.Obj().Name())
	}
	return append(names, "key")
}

// argAt returns the value of the i-th argument, looking into the variadic slice when i is past
// the fixed parameters.
func argAt(c *ssa.CallCommon, fn *types.Func, args []ssa.Value, i int) ssa.Value {
	sig := fn.Type().(*types.Signature)
	if !sig.Variadic() || i < sig.Params().Len()-1 {
		if i < len(args) {
			return args[i]
		}
		return nil
	}
	if len(args) == 0 {
		return nil
	}
	return variadicElem(args[len(args)-1], i-(sig.Params().Len()-1))
}

// variadicElem finds the value stored at index i of the implicit slice of a variadic call.
func variadicElem(v ssa.Value, i int) ssa.Value {
	sl, ok := v.(*ssa.Slice)
	if !ok {
		return nil
	}
	alloc, ok := sl.X.(*ssa.Alloc)
	if !ok || alloc.Referrers() == nil {
		return nil
	}
	for _, r := range *alloc.Referrers() {
		ia, ok := r.(*ssa.IndexAddr)
		if !ok || ia.Referrers() == nil {
			continue
		}
		idx, ok := ia.Index.(*ssa.Const)
		if !ok || idx.Int64() != int64(i) {
			continue
		}
		for _, rr := range *ia.Referrers() {
			if st, ok := rr.(*ssa.Store); ok && st.Addr == ia {
				return st.Val
			}
		}
	}
	return nil
}

// fieldSink reports whether storing into fa sets the tenant of a request context or a job.
func (a *analysis_) fieldSink(fa *ssa.FieldAddr) (string, *rules.Rule, bool) {
	st, ok := fa.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return "", nil, false
	}
	named := knownapi.NamedOf(st.Elem())
	s, ok := st.Elem().Underlying().(*types.Struct)
	if !ok || named == nil {
		return "", nil, false
	}
	field := s.Field(fa.Field)
	typeName := knownapi.TypeString(named)
	switch {
	case knownapi.IsNamed(named, tenantPkg, "Context") && field.Name() == "TenantID":
		return "tenant.Context", ruleScope, true
	case knownapi.IsNamed(named, tenantPkg, "Context"):
		return "", nil, false
	case field.Name() == "Key" && strings.HasSuffix(named.Obj().Name(), "ObjectInput"):
		return "the Key of " + typeName, ruleStorage, true
	case field.Name() != a.cfg.jobField || a.isGoaPayloadField(field):
		return "", nil, false
	case knownapi.IsNamed(named, jobsPayload.Pkg, jobsPayload.Name) || isJobType(named):
		return "the " + field.Name() + " field of " + typeName, ruleJob, true
	}
	return "", nil, false
}

// isJobType reports whether a struct is a job payload: its name says so or it has a Kind method
// (river's JobArgs).
func isJobType(n *types.Named) bool {
	name := n.Obj().Name()
	for _, suf := range []string{"Args", "Payload", "Job", "Task", "Message"} {
		if strings.HasSuffix(name, suf) {
			return true
		}
	}
	ms := types.NewMethodSet(types.NewPointer(n))
	if sel := ms.Lookup(n.Obj().Pkg(), "Kind"); sel != nil {
		return true
	}
	return false
}

func funcName(fn *types.Func) string {
	sig := fn.Type().(*types.Signature)
	pkg := ""
	if fn.Pkg() != nil {
		pkg = fn.Pkg().Name() + "."
	}
	if sig.Recv() != nil {
		rt := sig.Recv().Type()
		if n := knownapi.NamedOf(rt); n != nil {
			if _, ptr := types.Unalias(rt).(*types.Pointer); ptr {
				return "(*" + pkg + n.Obj().Name() + ")." + fn.Name()
			}
			return pkg + n.Obj().Name() + "." + fn.Name()
		}
	}
	return pkg + fn.Name()
}

func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// deref returns the element type of a pointer type, or t.
func deref(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}
