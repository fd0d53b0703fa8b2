package sqlscope

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/taint"
)

// origin is where a handle value comes from: a union of kinds plus the parameters of the
// enclosing top-level function it derives from.
type origin struct {
	scoped   bool  // a scope helper's callback parameter, or derived from one
	unscoped bool  // a pool, a global, a transaction begun outside a scope helper
	unknown  bool  // something the analysis cannot follow (an interface method's result...)
	params   []int // SSA parameter indices of the enclosing top-level function
}

func (o *origin) add(p origin) {
	o.scoped = o.scoped || p.scoped
	o.unscoped = o.unscoped || p.unscoped
	o.unknown = o.unknown || p.unknown
	for _, i := range p.params {
		if !slices.Contains(o.params, i) {
			o.params = append(o.params, i)
		}
	}
}

const maxDepth = 24

// findScopes records the callbacks of scope helper calls in fn and checks their tenant argument.
func (c *checker) findScopes(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			callee := taint.Callee(call.Common())
			if callee == nil {
				continue
			}
			c.gormTransaction(call, callee)
			for _, h := range c.helpers {
				if !h.Matches(callee) {
					continue
				}
				args := taint.Args(call.Common())
				cb := h.CallbackArg
				if cb < 0 || cb >= len(args) {
					cb = lastFuncArg(callee)
				}
				if cb >= 0 && cb < len(args) {
					switch f := args[cb].(type) {
					case *ssa.MakeClosure:
						c.scoped[f.Fn.(*ssa.Function)] = h.Func.Pkg[lastSlash(h.Func.Pkg)+1:] + "." + h.Name
					case *ssa.Function:
						c.scoped[f] = h.Name
					}
				}
				if h.TenantArg >= 0 && h.TenantArg < len(args) {
					c.checkTenant(call, h, args[h.TenantArg])
				}
				break
			}
		}
	}
}

func lastSlash(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '/' {
			return i
		}
	}
	return -1
}

func lastFuncArg(fn *types.Func) int {
	params := fn.Type().(*types.Signature).Params()
	for i := params.Len() - 1; i >= 0; i-- {
		if _, ok := params.At(i).Type().Underlying().(*types.Signature); ok {
			return i
		}
	}
	return -1
}

// checkTenant reports a scope helper whose tenant is not a verified tenant.
func (c *checker) checkTenant(call ssa.CallInstruction, h knownapi.ScopeHelper, v ssa.Value) {
	name := helperName(h)
	pos := call.Pos()
	node := c.calls[pos]
	if node != nil && h.TenantArg < len(node.Args) {
		pos = node.Args[h.TenantArg].Pos()
	}
	what := ""
	switch x := v.(type) {
	case *ssa.Const:
		if x.Value == nil {
			what = "the zero " + typeString(x.Type())
		} else {
			what = "a constant"
		}
	case *ssa.Call, *ssa.Extract:
		if isParseOfConstant(x) {
			what = "parsed from a constant"
		}
	}
	if what == "" {
		if src, ok := taint.Trace(v, settings); ok {
			c.reportAt(ruleUntrusted, pos, nil, "tenant for %s comes from the request %s without verification: resolve and verify the tenant (tenant.Resolver) and pass its TenantID", name, src.Desc)
		}
		return
	}
	c.reportAt(ruleUntrusted, pos, nil, "tenant for %s is %s: pass the verified tenant (tenant.FromContext(ctx).TenantID)", name, what)
}

func helperName(h knownapi.ScopeHelper) string {
	pkg := h.Pkg[lastSlash(h.Pkg)+1:]
	if h.Recv != "" {
		return pkg + "." + h.Recv + "." + h.Name
	}
	return pkg + "." + h.Name
}

// isParseOfConstant reports tenant.MustParse("...") and the ID of tenant.Parse("...").
func isParseOfConstant(v ssa.Value) bool {
	if e, ok := v.(*ssa.Extract); ok {
		v = e.Tuple
	}
	call, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	fn := taint.Callee(&call.Call)
	if fn == nil || fn.Pkg() == nil || knownapi.PkgPath(fn.Pkg()) != knownapi.PkgTenant || (fn.Name() != "Parse" && fn.Name() != "MustParse") {
		return false
	}
	args := call.Call.Args
	if len(args) != 1 {
		return false
	}
	k, ok := args[0].(*ssa.Const)
	return ok && k.Value != nil
}

// isHandle reports whether values of t can run queries: a known handle type, an interface with
// query methods (sqlc's DBTX, a repository's Querier) or a struct holding such a handle (sqlc's
// Queries, a store).
func (c *checker) isHandle(t types.Type) bool {
	return c.isHandleDepth(t, 0)
}

func (c *checker) isHandleDepth(t types.Type, depth int) bool {
	t = types.Unalias(t)
	if r, ok := c.handleTy[t]; ok {
		return r
	}
	c.handleTy[t] = false // cycles
	r := false
	switch {
	case knownapi.IsTypeIn(t, knownapi.HandleTypes), c.isEntClient(t):
		r = true
	case types.IsInterface(t):
		for _, m := range []string{"Query", "Exec", "QueryRow", "QueryContext", "ExecContext"} {
			if obj, _, _ := types.LookupFieldOrMethod(t, false, nil, m); obj != nil {
				r = true
				break
			}
		}
	case depth < 2:
		u := t
		if p, ok := u.Underlying().(*types.Pointer); ok {
			u = p.Elem()
		}
		if s, ok := u.Underlying().(*types.Struct); ok {
			for i := 0; i < s.NumFields() && !r; i++ {
				r = c.isHandleDepth(s.Field(i).Type(), depth+1)
			}
		}
	}
	c.handleTy[t] = r
	return r
}

// origin follows a handle value back to where it comes from.
func (c *checker) origin(v ssa.Value) origin {
	return c.originDepth(v, 0, map[ssa.Value]bool{})
}

func (c *checker) originDepth(v ssa.Value, depth int, seen map[ssa.Value]bool) origin {
	if v == nil || depth > maxDepth {
		return origin{unknown: true}
	}
	if o, ok := c.origins[v]; ok {
		return o
	}
	if seen[v] {
		return origin{}
	}
	seen[v] = true
	o := c.originOf(v, depth, seen)
	if depth == 0 {
		c.origins[v] = o
	}
	return o
}

func (c *checker) originOf(v ssa.Value, depth int, seen map[ssa.Value]bool) origin {
	next := func(x ssa.Value) origin { return c.originDepth(x, depth+1, seen) }
	if knownapi.IsTypeIn(v.Type(), knownapi.PoolTypes) {
		// A pool is never scoped, wherever it comes from, unless a scope helper hands it over.
		if p, ok := v.(*ssa.Parameter); ok {
			if _, ok := c.scoped[p.Parent()]; ok {
				return origin{scoped: true}
			}
		}
		return origin{unscoped: true}
	}
	switch v := v.(type) {
	case *fieldHandle:
		return next(v.Value)
	case *ssa.Parameter:
		fn := v.Parent()
		if _, ok := c.scoped[fn]; ok {
			return origin{scoped: true}
		}
		if d, ok := c.derived[fn]; ok && d.param < len(fn.Params) && fn.Params[d.param] == v {
			return next(d.from) // gorm's Transaction(func(tx *gorm.DB) error) runs on a transaction of its receiver
		}
		if fn.Parent() == nil {
			return origin{params: []int{slices.Index(fn.Params, v)}}
		}
		return origin{unknown: true}
	case *ssa.FreeVar:
		fn := v.Parent()
		idx := slices.Index(fn.FreeVars, v)
		var o origin
		found := false
		if p := fn.Parent(); p != nil {
			for _, b := range p.Blocks {
				for _, instr := range b.Instrs {
					if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn && idx < len(mc.Bindings) {
						o.add(next(mc.Bindings[idx]))
						found = true
					}
				}
			}
		}
		if !found {
			return origin{unknown: true}
		}
		return o
	case *ssa.Global:
		return origin{unscoped: true}
	case *ssa.Alloc:
		var o origin
		found := false
		for _, val := range c.stored(v) {
			if c.isHandle(val.Type()) {
				o.add(next(val))
				found = true
			}
		}
		if !found {
			return origin{unknown: true}
		}
		return o
	case *ssa.UnOp:
		if v.Op == token.MUL {
			return next(v.X)
		}
	case *ssa.FieldAddr:
		return next(v.X)
	case *ssa.Field:
		return next(v.X)
	case *ssa.Phi:
		var o origin
		for _, e := range v.Edges {
			o.add(next(e))
		}
		return o
	case *ssa.MakeInterface:
		return next(v.X)
	case *ssa.ChangeInterface:
		return next(v.X)
	case *ssa.ChangeType:
		return next(v.X)
	case *ssa.Convert:
		return next(v.X)
	case *ssa.TypeAssert:
		return next(v.X)
	case *ssa.Extract:
		return next(v.Tuple)
	case *ssa.Call:
		// A constructor or method deriving a handle from handles (sqlc's New(tx), q.WithTx(tx),
		// pool.Begin(ctx)) inherits their origin; a handle made from nothing (pgxpool.New,
		// sql.Open) is a fresh, unscoped pool.
		// Handle arguments win over the receiver: q.WithTx(tx) runs on tx, not on q's handle.
		if fn := taint.Callee(&v.Call); fn != nil && isTxStmt(fn) {
			// tx.Stmt(stmt) runs a statement prepared anywhere on the transaction.
			return next(taint.Receiver(&v.Call))
		}
		var o origin
		found := false
		for _, a := range taint.Args(&v.Call) {
			if c.isHandle(a.Type()) {
				o.add(next(a))
				found = true
			}
		}
		if recv := taint.Receiver(&v.Call); !found && recv != nil && c.isHandle(recv.Type()) {
			o.add(next(recv))
			found = true
		}
		if found {
			return o
		}
		if c.resultIsHandle(v.Type()) {
			return origin{unscoped: true}
		}
	}
	return origin{unknown: true}
}

func (c *checker) resultIsHandle(t types.Type) bool {
	if tup, ok := t.(*types.Tuple); ok {
		return tup.Len() > 0 && knownapi.IsTypeIn(tup.At(0).Type(), knownapi.HandleTypes)
	}
	return knownapi.IsTypeIn(t, knownapi.HandleTypes)
}

// stored returns the values stored into a local variable or into the fields of a struct
// allocated in this function.
func (c *checker) stored(a *ssa.Alloc) []ssa.Value {
	var out []ssa.Value
	for _, r := range *a.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr == a {
				out = append(out, r.Val)
			}
		case *ssa.FieldAddr:
			for _, rr := range *r.Referrers() {
				if st, ok := rr.(*ssa.Store); ok && st.Addr == r {
					out = append(out, st.Val)
				}
			}
		}
	}
	return out
}

func typeString(t types.Type) string { return knownapi.TypeString(t) }

// isTxStmt reports (*sql.Tx).Stmt and StmtContext, which bind a prepared statement to the
// transaction.
func isTxStmt(fn *types.Func) bool {
	_, ok := knownapi.MatchAny(fn, knownapi.Func{Pkg: knownapi.PkgDatabaseSQL, Recv: "Tx", Name: "Stmt"}, knownapi.Func{Pkg: knownapi.PkgDatabaseSQL, Recv: "Tx", Name: "StmtContext"})
	return ok
}
