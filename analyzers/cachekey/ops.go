package cachekey

import (
	"go/ast"
	"go/types"

	"github.com/tenantvet/tenantvet/internal/knownapi"
)

// fn is one function declaration with what the analyzer learnt about it, computed on demand.
type fn struct {
	decl    *ast.FuncDecl
	obj     *types.Func
	ops     []op
	opsDone bool
	assigns []assign
	asgDone bool
	tenant  *flow
}

// cacheMethod describes a method of a cache type: the key is argument 0, values lists the
// arguments that are stored.
type cacheMethod struct {
	values  []int
	returns bool // a fill that also hands back the cached value (Do, LoadOrStore)
}

const (
	lruPkg         = "github.com/hashicorp/golang-lru/v2"
	expirablePkg   = "github.com/hashicorp/golang-lru/v2/expirable"
	singleflightPk = "golang.org/x/sync/singleflight"
)

// cacheMethods lists the reading and filling methods of the known caches by package, type and
// name. Delete, Remove, Forget and Contains leak no value and are left out.
var cacheMethods = map[[3]string]cacheMethod{
	{"sync", "Map", "Load"}:           {},
	{"sync", "Map", "Store"}:          {values: []int{1}},
	{"sync", "Map", "LoadOrStore"}:    {values: []int{1}, returns: true},
	{"sync", "Map", "LoadAndDelete"}:  {},
	{"sync", "Map", "Swap"}:           {values: []int{1}, returns: true},
	{"sync", "Map", "CompareAndSwap"}: {values: []int{2}},

	{lruPkg, "Cache", "Add"}:           {values: []int{1}},
	{lruPkg, "Cache", "Get"}:           {},
	{lruPkg, "Cache", "Peek"}:          {},
	{lruPkg, "Cache", "ContainsOrAdd"}: {values: []int{1}},
	{lruPkg, "Cache", "PeekOrAdd"}:     {values: []int{1}, returns: true},
	{lruPkg, "TwoQueueCache", "Add"}:   {values: []int{1}},
	{lruPkg, "TwoQueueCache", "Get"}:   {},
	{lruPkg, "TwoQueueCache", "Peek"}:  {},
	{expirablePkg, "LRU", "Add"}:       {values: []int{1}},
	{expirablePkg, "LRU", "Get"}:       {},
	{expirablePkg, "LRU", "Peek"}:      {},

	{singleflightPk, "Group", "Do"}:     {values: []int{1}, returns: true},
	{singleflightPk, "Group", "DoChan"}: {values: []int{1}, returns: true},
}

// ops returns the cache uses of f on caches that outlive the call, and the calls of memoizers.
func (c *checker) ops(f *fn) []op {
	if f.opsDone {
		return f.ops
	}
	f.opsDone = true
	info := c.pass.TypesInfo
	lhs := map[ast.Expr]bool{}
	ast.Inspect(f.decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				ix, ok := ast.Unparen(l).(*ast.IndexExpr)
				if !ok || !isMap(info.TypeOf(ix.X)) {
					continue
				}
				lhs[ix] = true
				vals := n.Rhs
				if len(n.Lhs) == len(n.Rhs) {
					vals = n.Rhs[i : i+1]
				}
				c.addMapOp(f, ix, vals)
			}
		case *ast.IncDecStmt:
			if ix, ok := ast.Unparen(n.X).(*ast.IndexExpr); ok {
				lhs[ix] = true // a counter, not a cached value
			}
		case *ast.IndexExpr:
			if !lhs[n] && isMap(info.TypeOf(n.X)) {
				c.addMapOp(f, n, nil)
			}
		case *ast.CallExpr:
			c.addCallOp(f, n)
		}
		return true
	})
	return f.ops
}

func (c *checker) addMapOp(f *fn, ix *ast.IndexExpr, vals []ast.Expr) {
	if c.cacheObj(ix.X) == nil {
		return
	}
	if vals == nil {
		vals = nil
	} else if len(vals) == 0 {
		return
	}
	f.ops = append(f.ops, op{node: ix, cache: ix.X, key: ix.Index, values: vals, what: "map " + types.ExprString(ix.X)})
}

func (c *checker) addCallOp(f *fn, call *ast.CallExpr) {
	callee := knownapi.Callee(c.pass.TypesInfo, call)
	if callee == nil || len(call.Args) == 0 {
		return
	}
	callee = callee.Origin()
	if c.addOnceOp(f, call, callee) {
		return
	}
	sig := callee.Type().(*types.Signature)
	if recv := sig.Recv(); recv != nil {
		if n := knownapi.NamedOf(recv.Type()); n != nil && n.Obj().Pkg() != nil {
			m, ok := cacheMethods[[3]string{knownapi.PkgPath(n.Obj().Pkg()), n.Obj().Name(), callee.Name()}]
			if ok {
				sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
				if !isSel || c.cacheObj(sel.X) == nil {
					return
				}
				var vals []ast.Expr
				for _, i := range m.values {
					if i < len(call.Args) {
						vals = append(vals, call.Args[i])
					}
				}
				f.ops = append(f.ops, op{node: call, cache: sel.X, key: call.Args[0], values: vals, returns: m.returns,
					what: n.Obj().Pkg().Name() + "." + n.Obj().Name() + " " + types.ExprString(sel.X)})
				return
			}
		}
	}
	arg, ok := c.keyArg(callee)
	if !ok || arg >= len(call.Args) {
		return
	}
	var vals []ast.Expr
	for i, a := range call.Args {
		if i != arg {
			vals = append(vals, a)
		}
	}
	if vals == nil {
		vals = []ast.Expr{} // a fill with nothing stored from here: only the key matters
	}
	f.ops = append(f.ops, op{node: call, key: call.Args[arg], values: vals, memo: true,
		what: "memoizer " + callee.Name()})
}

// keyArg returns the parameter of a memoizer that becomes its cache key.
func (c *checker) keyArg(callee *types.Func) (int, bool) {
	if arg, ok := c.local[callee]; ok {
		return arg, true
	}
	if callee.Pkg() == c.pass.Pkg {
		return 0, false
	}
	var kf keyFact
	if c.pass.ImportObjectFact(callee, &kf) {
		return kf.Arg, true
	}
	return 0, false
}

func isMap(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Map)
	return ok
}

// memoizer records f as a memoizer when one of its parameters becomes the key of a shared cache
// it uses and f has no tenant of its own in scope (then f is checked directly).
func (c *checker) memoizer(f *fn) bool {
	sig := f.obj.Type().(*types.Signature)
	if sig.Results().Len() == 0 {
		return false // a setter (testing.B.ReportMetric): nothing cached is handed back
	}
	ops := c.ops(f)
	if len(ops) == 0 || c.flow(f).hasTenant {
		return false
	}
	for i := 0; i < sig.Params().Len(); i++ {
		p := sig.Params().At(i)
		if isContext(p.Type()) {
			continue
		}
		fl := c.newFlow(f, map[types.Object]bool{p: true}, false)
		for _, o := range ops {
			// A memoizer hands back what it cached: it reads the cache under the key (a map
			// read, Load, Get, singleflight's Do, another memoizer), not only fills it.
			if o.values != nil && !o.memo && !o.returns {
				continue
			}
			if fl.depends(o.key) {
				c.local[f.obj] = i
				return true
			}
		}
	}
	return false
}

func isContext(t types.Type) bool {
	return knownapi.IsNamed(t, "context", "Context")
}

// addOnceOp records a shared sync.Once whose function fills shared state (a package variable, a
// field of a shared struct): a cache with no key, which keeps the first caller's value. The
// stored values are what the function assigns to that state or hands to its methods.
func (c *checker) addOnceOp(f *fn, call *ast.CallExpr, callee *types.Func) bool {
	recv := callee.Type().(*types.Signature).Recv()
	if recv == nil || callee.Name() != "Do" || !knownapi.IsNamed(recv.Type(), "sync", "Once") {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	lit, isLit := ast.Unparen(call.Args[0]).(*ast.FuncLit)
	if !ok || !isLit || c.cacheObj(sel.X) == nil {
		return true
	}
	var vals []ast.Expr
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if c.cacheObj(l) == nil {
					continue
				}
				if len(n.Lhs) == len(n.Rhs) {
					vals = append(vals, n.Rhs[i])
				} else {
					vals = append(vals, n.Rhs...)
				}
			}
		case *ast.CallExpr:
			if s, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && c.cacheObj(s.X) != nil {
				vals = append(vals, n.Args...)
			}
		}
		return true
	})
	if len(vals) == 0 {
		return true
	}
	f.ops = append(f.ops, op{node: call, cache: sel.X, key: call.Fun, values: vals, keyless: true,
		what: "sync.Once " + types.ExprString(sel.X)})
	return true
}
