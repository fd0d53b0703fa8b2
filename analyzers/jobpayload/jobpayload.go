package jobpayload

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/tenantvet/tenantvet/internal/analyzerdoc"
	"github.com/tenantvet/tenantvet/internal/config"
	"github.com/tenantvet/tenantvet/internal/directive"
	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/lazyssa"
	"github.com/tenantvet/tenantvet/internal/rules"
	"github.com/tenantvet/tenantvet/sqlcheck"
)

//go:embed doc.go
var doc string

// Analyzer checks that jobs carry the verified tenant and that workers scope their queries with it.
var Analyzer = &analysis.Analyzer{
	Name:       "jobpayload",
	Doc:        analyzerdoc.Section(doc, "jobpayload"),
	URL:        "https://github.com/tenantvet/tenantvet/tree/main/analyzers/jobpayload",
	Requires:   []*analysis.Analyzer{inspect.Analyzer, lazyssa.Analyzer},
	Run:        run,
	FactTypes:  []analysis.Fact{new(jobFact)},
	ResultType: directive.ResultType,
}

var settings = config.Default()

func init() {
	settings.Bind(&Analyzer.Flags, "job-enqueue", "job-envelopes", "job-handlers", "job-tenant-field",
		"scope-helpers", "query-functions", "tenant-headers", "tenant-params", "verifiers", "global-tables",
		"tenant-tables", "tenant-columns", "tenant-setting", "app-role", "migrations", "schema")
}

var (
	ruleNoTenantField  = rules.MustGet("TV2001")
	ruleTenantUnset    = rules.MustGet("TV2002")
	ruleTenantClaim    = rules.MustGet("TV2003")
	ruleWorkerUnscoped = rules.MustGet("TV2004")
	ruleWorkerOther    = rules.MustGet("TV2005")
)

// jobFact marks a type its own package recognised as a job payload; that package reported a
// missing tenant field at the declaration, so enqueue sites elsewhere stay silent about it.
type jobFact struct {
	HasTenant bool
}

func (*jobFact) AFact() {}

func (f *jobFact) String() string {
	if f.HasTenant {
		return "job"
	}
	return "job without tenant"
}

// jobType is a named type declared in the package being analysed that may be a job payload.
type jobType struct {
	obj       *types.TypeName
	spec      *ast.TypeSpec
	river     bool // implements river.JobArgs
	marked    bool // //tenantvet:job
	enqueued  bool // enqueued in this package without an envelope
	enveloped bool // enqueued in this package inside a tenant envelope
}

// options are the parsed list settings of one run.
type options struct {
	field     string
	enqueue   []knownapi.Spec
	envelopes []knownapi.Spec
	handlers  []knownapi.Spec
	scopes    []knownapi.Spec
	queries   []knownapi.Spec
}

type checker struct {
	pass  *analysis.Pass
	rep   *directive.Reporter
	in    *inspector.Inspector
	opt   options
	types map[*types.TypeName]*jobType
	defs  map[ast.Node]*localDefs // per function declaration

	declCursors map[*types.Func]inspector.Cursor // the package's function declarations
	calls       map[token.Pos]*ast.CallExpr      // asynq.NewTask and json.Marshal calls by Lparen
	cursors     map[token.Pos]inspector.Cursor   // their cursors
	hasNewTask  bool                             // some asynq.NewTask needs SSA
	catalog     *sqlcheck.Catalog                // the schema's tables, loaded on first use
	catalogErr  error
	catalogDone bool
	syntaxDone  map[*ast.CallExpr]bool                // asynq.NewTask calls checked on the syntax
	taskFuncs   []*types.Func                         // function declarations that call asynq.NewTask
	wrappers    map[*types.Func]*knownapi.ScopeHelper // the package's scope helper wrappers (nil: not one)
}

func run(pass *analysis.Pass) (any, error) {
	opt, err := parseOptions()
	if err != nil {
		return nil, err
	}
	c := &checker{
		pass:  pass,
		rep:   directive.NewReporter(pass),
		in:    pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		opt:   opt,
		types: map[*types.TypeName]*jobType{},
		defs:  map[ast.Node]*localDefs{},

		declCursors: map[*types.Func]inspector.Cursor{},
		calls:       map[token.Pos]*ast.CallExpr{},
		cursors:     map[token.Pos]inspector.Cursor{},
		syntaxDone:  map[*ast.CallExpr]bool{},
		wrappers:    map[*types.Func]*knownapi.ScopeHelper{},
	}
	c.collectDecls()
	c.checkEnqueues()
	if err := c.checkAsynqTasks(); err != nil {
		return nil, err
	}
	c.reportTypes()
	c.checkWorkers()
	if c.catalogErr != nil {
		return nil, fmt.Errorf("load the schema for jobpayload: %w", c.catalogErr)
	}
	return c.rep.Finish()
}

func parseOptions() (options, error) {
	o := options{field: settings.JobTenantField}
	if o.field == "" || !token.IsIdentifier(o.field) {
		return o, fmt.Errorf("job-tenant-field %q is not a Go field name", o.field)
	}
	var err error
	for _, l := range []struct {
		name string
		in   []string
		out  *[]knownapi.Spec
	}{
		{"job-enqueue", settings.JobEnqueue, &o.enqueue},
		{"job-envelopes", settings.JobEnvelopes, &o.envelopes},
		{"job-handlers", settings.JobHandlers, &o.handlers},
		{"scope-helpers", settings.ScopeHelpers, &o.scopes},
		{"query-functions", settings.QueryFunctions, &o.queries},
	} {
		if *l.out, err = knownapi.ParseSpecs(l.in); err != nil {
			return o, fmt.Errorf("%s: %w", l.name, err)
		}
	}
	return o, nil
}

// collectDecls records the package's function declarations, its river JobArgs types and its
// //tenantvet:job types.
func (c *checker) collectDecls() {
	jobArgs := c.riverJobArgs()
	for cur := range c.in.Root().Preorder((*ast.FuncDecl)(nil), (*ast.GenDecl)(nil)) {
		switch d := cur.Node().(type) {
		case *ast.FuncDecl:
			if fn, ok := c.pass.TypesInfo.Defs[d.Name].(*types.Func); ok && d.Body != nil {
				c.declCursors[fn] = cur
			}
		case *ast.GenDecl:
			if d.Tok != token.TYPE {
				continue
			}
			for _, s := range d.Specs {
				ts := s.(*ast.TypeSpec)
				obj, ok := c.pass.TypesInfo.Defs[ts.Name].(*types.TypeName)
				if !ok || obj.IsAlias() {
					continue
				}
				if _, isStruct := obj.Type().Underlying().(*types.Struct); !isStruct {
					continue
				}
				jt := &jobType{obj: obj, spec: ts}
				jt.marked = hasJobDirective(ts.Doc) || (len(d.Specs) == 1 && hasJobDirective(d.Doc))
				if jobArgs != nil {
					jt.river = types.Implements(obj.Type(), jobArgs) || types.Implements(types.NewPointer(obj.Type()), jobArgs)
				}
				c.types[obj] = jt
			}
		}
	}
}

// riverJobArgs returns river's JobArgs interface when the package imports river.
func (c *checker) riverJobArgs() *types.Interface {
	for _, imp := range c.pass.Pkg.Imports() {
		if knownapi.PkgPath(imp) != knownapi.RiverPkg {
			continue
		}
		if obj, ok := imp.Scope().Lookup("JobArgs").(*types.TypeName); ok {
			iface, _ := obj.Type().Underlying().(*types.Interface)
			return iface
		}
	}
	return nil
}

func hasJobDirective(cg *ast.CommentGroup) bool {
	if cg == nil {
		return false
	}
	for _, c := range cg.List {
		if d, ok := directive.ParseComment(c.Text); ok && d.Verb == directive.VerbJob {
			return true
		}
	}
	return false
}

// tenantField returns the tenant field of t (promoted fields count, so an embedded
// jobs.TenantArgs does) and whether its type can hold a tenant id.
func (c *checker) tenantField(t types.Type) (*types.Var, bool) {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, c.opt.field)
	v, ok := obj.(*types.Var)
	if !ok || !v.IsField() {
		return nil, false
	}
	return v, isTenantType(v.Type())
}

// isTenantType reports whether t can hold one tenant id: a string, an integer (uint64 keys are
// common), a named type such as tenant.ID, uuid.UUID or pgtype.UUID whatever it is built from, a
// byte array or slice, or a pointer to any of these. A boolean, a float, a list of ids, a map or
// an interface cannot name the one tenant the worker must scope to.
func isTenantType(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&(types.IsString|types.IsInteger) != 0
	case *types.Array:
		return isByte(u.Elem())
	case *types.Slice:
		return isByte(u.Elem())
	case *types.Struct:
		// A named struct is an id type of its own (pgtype.UUID, uuid.NullUUID); an anonymous
		// struct is a group of fields, not an id.
		return knownapi.NamedOf(t) != nil
	}
	return false
}

func isByte(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Byte
}

func isPointer(t types.Type) bool {
	_, ok := types.Unalias(t).(*types.Pointer)
	return ok
}

// reportTypes reports the package's job types without a tenant field and exports their facts.
func (c *checker) reportTypes() {
	for cur := range c.in.Root().Preorder((*ast.TypeSpec)(nil)) {
		ts := cur.Node().(*ast.TypeSpec)
		obj, _ := c.pass.TypesInfo.Defs[ts.Name].(*types.TypeName)
		jt := c.types[obj]
		if jt == nil || !(jt.river || jt.marked || jt.enqueued) {
			continue
		}
		_, has := c.tenantField(obj.Type())
		if obj.Parent() == c.pass.Pkg.Scope() {
			c.pass.ExportObjectFact(obj, &jobFact{HasTenant: has})
		}
		if has || (jt.enveloped && !jt.enqueued) {
			continue
		}
		c.rep.Report(ruleNoTenantField, ts.Name, nil, "%s", c.noTenantMessage(obj.Type(), obj.Name(), ""))
	}
}

// noTenantMessage explains what is wrong with the tenant field of job type t.
func (c *checker) noTenantMessage(t types.Type, name, alt string) string {
	if f, _ := c.tenantField(t); f != nil {
		return fmt.Sprintf("job type %s has %s of type %s, which cannot hold a tenant id: make it tenant.ID",
			name, c.opt.field, knownapi.TypeString(f.Type()))
	}
	return fmt.Sprintf("job type %s has no %s field: the worker cannot scope its queries; add %s tenant.ID%s",
		name, c.opt.field, c.opt.field, alt)
}

// typeName renders a named type for messages: bare when declared in this package.
func (c *checker) typeName(n *types.Named) string {
	if n.Obj().Pkg() == c.pass.Pkg {
		return n.Obj().Name()
	}
	return knownapi.TypeString(n)
}

// isParserCall reports whether call parses a tenant id from text.
func isParserCall(info *types.Info, call *ast.CallExpr) bool {
	_, ok := knownapi.MatchAny(knownapi.Callee(info, call), knownapi.TenantParsers...)
	return ok && len(call.Args) >= 1
}

// firstNonContext is the index of the first parameter of sig that is not a context.Context.
func firstNonContext(sig *types.Signature) int {
	for i := 0; i < sig.Params().Len(); i++ {
		if !isContext(sig.Params().At(i).Type()) {
			return i
		}
	}
	return 0
}

func isContext(t types.Type) bool { return knownapi.IsNamed(t, "context", "Context") }

func specFor(fn *types.Func, specs []knownapi.Spec) (knownapi.Spec, bool) {
	for _, s := range specs {
		if s.Matches(fn) {
			return s, true
		}
	}
	return knownapi.Spec{}, false
}

func unparen(e ast.Expr) ast.Expr { return ast.Unparen(e) }

func selectorChain(e ast.Expr) string {
	var parts []string
	for {
		switch x := unparen(e).(type) {
		case *ast.SelectorExpr:
			parts = append([]string{x.Sel.Name}, parts...)
			e = x.X
			continue
		case *ast.Ident:
			parts = append([]string{x.Name}, parts...)
		}
		return strings.Join(parts, ".")
	}
}
