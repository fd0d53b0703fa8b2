package cachekey

import (
	_ "embed"
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
	"github.com/tenantvet/tenantvet/internal/rules"
	"github.com/tenantvet/tenantvet/internal/stdlib"
)

//go:embed doc.go
var doc string

// Analyzer reports caches of tenant data keyed without the tenant.
var Analyzer = &analysis.Analyzer{
	Name:       "cachekey",
	Doc:        analyzerdoc.Section(doc, "cachekey"),
	URL:        "https://github.com/tenantvet/tenantvet/tree/main/analyzers/cachekey",
	Requires:   []*analysis.Analyzer{inspect.Analyzer},
	Run:        run,
	ResultType: directive.ResultType,
	FactTypes:  []analysis.Fact{new(keyFact)},
}

var settings = config.Default()

func init() {
	settings.Bind(&Analyzer.Flags, "tenant-param-names")
}

var ruleKey = rules.MustGet("TV6001")

// keyFact is exported for a function whose parameter Arg (the receiver not counted) becomes the
// key of a shared cache: a memoizer. Its callers are checked as if they used the cache.
type keyFact struct{ Arg int }

func (*keyFact) AFact() {}

func (f *keyFact) String() string { return "cache key arg " + itoa(f.Arg) }

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// op is one use of a cache: the key expression and, for a fill, the value expressions.
type op struct {
	node    ast.Node   // the call or index expression
	cache   ast.Expr   // the cache expression (the map, the sync.Map, the group); nil for a memoizer
	key     ast.Expr   // the key
	values  []ast.Expr // the stored values (for Do and memoizers, the loader); nil for a read
	what    string     // how the cache is named in messages
	memo    bool       // a call of a memoizer
	returns bool       // a fill that hands back the cached value (Do, LoadOrStore)
	keyless bool       // a sync.Once fill: no key at all, the first caller's value is kept
}

type checker struct {
	pass *analysis.Pass
	rep  *directive.Reporter
	ins  *inspector.Inspector
	// facts of this package's memoizers, by function; imported facts are looked up on demand.
	local map[*types.Func]int
}

func run(pass *analysis.Pass) (any, error) {
	c := &checker{
		pass:  pass,
		rep:   directive.NewReporter(pass),
		ins:   pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		local: map[*types.Func]int{},
	}
	var funcs []*fn
	for cur := range c.ins.Root().Preorder((*ast.FuncDecl)(nil)) {
		d := cur.Node().(*ast.FuncDecl)
		if d.Body == nil {
			continue
		}
		funcs = append(funcs, &fn{decl: d, obj: pass.TypesInfo.Defs[d.Name].(*types.Func)})
	}
	// Memoizers first: a memoizer of a memoizer needs a second round. The standard library
	// memoizes no tenant's data (its maps keyed by a parameter are registries and metrics).
	rounds := 3
	if stdlib.Package(pass) {
		rounds = 0
	}
	for range rounds {
		changed := false
		for _, f := range funcs {
			f.opsDone, f.ops = false, nil // calls of memoizers found in the last round are uses now
			if _, done := c.local[f.obj]; !done && c.memoizer(f) {
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	for _, f := range funcs {
		f.opsDone, f.ops = false, nil
		if arg, ok := c.local[f.obj]; ok {
			pass.ExportObjectFact(f.obj, &keyFact{Arg: arg})
		}
	}
	// Which caches hold tenant data: filled somewhere in the package with a value computed from
	// the tenant.
	tenantCaches := map[types.Object]bool{}
	type pending struct {
		f  *fn
		op op
	}
	var reads []pending
	for _, f := range funcs {
		ops := c.ops(f)
		if len(ops) == 0 {
			continue
		}
		fl := c.flow(f)
		if !fl.hasTenant {
			continue
		}
		filled := map[types.Object]bool{}
		for _, o := range ops {
			if o.values == nil || fl.depends(o.cache) {
				continue // a read, or a cache per tenant (m[tenantID][id])
			}
			if !c.tenantData(fl, o.values) {
				continue
			}
			if obj := c.cacheObj(o.cache); obj != nil {
				tenantCaches[obj] = true
				filled[obj] = true
			}
			if !fl.depends(o.key) {
				c.report(fl, o)
			}
		}
		for _, o := range ops {
			if o.values == nil {
				if obj := c.cacheObj(o.cache); obj != nil && !filled[obj] {
					reads = append(reads, pending{f, o})
				}
			}
		}
	}
	for _, r := range reads {
		if obj := c.cacheObj(r.op.cache); obj != nil && tenantCaches[obj] {
			fl := c.flow(r.f)
			if !fl.depends(r.op.key) && !fl.depends(r.op.cache) {
				c.report(fl, r.op)
			}
		}
	}
	return c.rep.Finish()
}

func (c *checker) report(fl *flow, o op) {
	if o.keyless {
		c.rep.Report(ruleKey, o.key, nil,
			"%s keeps the data of the first tenant to call it while %s is in scope: every other tenant reads it; keep it per tenant (a map keyed by the tenant)",
			o.what, fl.tenantName)
		return
	}
	key := types.ExprString(o.key)
	how := "by " + key + " alone"
	if tv, ok := c.pass.TypesInfo.Types[o.key]; ok && tv.Value != nil {
		how = "by the constant " + key
	}
	c.rep.Report(ruleKey, o.key, nil,
		"%s is keyed %s while %s is in scope: another tenant asking for the same key gets this tenant's data; put the tenant in the key",
		o.what, how, fl.tenantName)
}

// tenantData reports whether a stored value is computed from the tenant, and is not merely the
// tenant itself (a session table mapping a key to its tenant holds no tenant data).
func (c *checker) tenantData(fl *flow, values []ast.Expr) bool {
	for _, v := range values {
		v = ast.Unparen(v)
		if fl.isTenantExpr(v) {
			continue
		}
		if fl.depends(v) {
			return true
		}
	}
	return false
}

// cacheObj is the variable or field that holds the cache, nil when it is not shared: a local
// map or cache, one reached through a local variable, or one held by a per-tenant object.
func (c *checker) cacheObj(e ast.Expr) types.Object {
	if e == nil {
		return nil
	}
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	switch e := e.(type) {
	case *ast.Ident:
		v, ok := c.pass.TypesInfo.Uses[e].(*types.Var)
		if ok && v.Parent() == c.pass.Pkg.Scope() {
			return v
		}
	case *ast.SelectorExpr:
		sel, ok := c.pass.TypesInfo.Selections[e]
		if !ok {
			if v, ok := c.pass.TypesInfo.Uses[e.Sel].(*types.Var); ok && !v.IsField() {
				return v // a package variable of another package
			}
			return nil
		}
		if sel.Kind() != types.FieldVal {
			return nil
		}
		if !c.sharedRoot(e.X) || c.hasTenantField(sel.Recv()) {
			return nil
		}
		return sel.Obj()
	}
	return nil
}

// sharedRoot reports whether the struct a cache field is selected from outlives the function:
// it is reached from a parameter, the receiver or a package variable, not a local variable.
func (c *checker) sharedRoot(e ast.Expr) bool {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			e = x.X
			continue
		case *ast.StarExpr:
			e = x.X
			continue
		case *ast.IndexExpr:
			e = x.X
			continue
		case *ast.Ident:
			v, ok := c.pass.TypesInfo.Uses[x].(*types.Var)
			if !ok {
				return false
			}
			if v.Parent() == c.pass.Pkg.Scope() {
				return true
			}
			return isParam(v)
		case *ast.CallExpr:
			return true // s.deps().cache: a getter returns shared state
		}
		return false
	}
}

// isParam reports whether v is a parameter or receiver (its scope is a function's).
func isParam(v *types.Var) bool {
	return v.Kind() == types.ParamVar || v.Kind() == types.RecvVar
}

// hasTenantField reports whether the struct type t (or *t) holds a tenant: an object built per
// tenant, whose caches are that tenant's alone.
func (c *checker) hasTenantField(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		if f := st.Field(i); isTenantName(f.Name()) || isTenantType(f.Type()) {
			return true
		}
	}
	return false
}

// isTenantName reports whether a parameter or field name means the tenant.
func isTenantName(name string) bool {
	if strings.EqualFold(name, "tenant") || strings.EqualFold(name, "tenantID") {
		return true
	}
	for _, n := range settings.TenantParamNames {
		if strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}

func isTenantType(t types.Type) bool {
	return knownapi.IsNamed(t, knownapi.PkgTenant, "ID") && !isPointer(t)
}

func isPointer(t types.Type) bool {
	_, ok := types.Unalias(t).(*types.Pointer)
	return ok
}
