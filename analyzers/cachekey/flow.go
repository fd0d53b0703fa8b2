package cachekey

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/tenantvet/tenantvet/internal/knownapi"
)

// assign is one flow of values into variables: targets take whatever the sources are computed
// from.
type assign struct {
	targets []types.Object
	sources []ast.Expr
}

// flow answers "is this expression computed from the tenant" inside one function declaration,
// closures included. It is flow-insensitive: a variable is tainted when any assignment to it is.
type flow struct {
	c          *checker
	tainted    map[types.Object]bool
	tenantExpr bool // tenant fields and tenant.FromContext count as tenant values
	hasTenant  bool
	tenantName string
}

// flow returns the tenant flow of f: seeded by its tenant parameters and variables and by the
// tenant expressions it contains.
func (c *checker) flow(f *fn) *flow {
	if f.tenant != nil {
		return f.tenant
	}
	seeds := map[types.Object]bool{}
	name := ""
	info := c.pass.TypesInfo
	ast.Inspect(f.decl, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := info.Defs[id].(*types.Var)
		if ok && !v.IsField() && (isTenantName(v.Name()) || isTenantType(v.Type())) {
			seeds[v] = true
			if name == "" {
				name = "tenant " + v.Name()
			}
		}
		return true
	})
	fl := c.newFlow(f, seeds, true)
	fl.hasTenant = len(seeds) > 0
	fl.tenantName = name
	if !fl.hasTenant {
		ast.Inspect(f.decl.Body, func(n ast.Node) bool {
			if fl.hasTenant {
				return false
			}
			if e, ok := n.(ast.Expr); ok && fl.isTenantExpr(e) {
				fl.hasTenant = true
				fl.tenantName = types.ExprString(e)
				return false
			}
			return true
		})
	}
	f.tenant = fl
	return fl
}

// newFlow propagates seeds through f's assignments to a fixed point.
func (c *checker) newFlow(f *fn, seeds map[types.Object]bool, tenantExpr bool) *flow {
	fl := &flow{c: c, tainted: map[types.Object]bool{}, tenantExpr: tenantExpr}
	for o := range seeds {
		fl.tainted[o] = true
	}
	asg := c.assigns(f)
	for changed := true; changed; {
		changed = false
		for _, a := range asg {
			if fl.allTainted(a.targets) || !fl.anyDepends(a.sources) {
				continue
			}
			for _, t := range a.targets {
				if !fl.tainted[t] {
					fl.tainted[t] = true
					changed = true
				}
			}
		}
	}
	return fl
}

func (fl *flow) allTainted(objs []types.Object) bool {
	for _, o := range objs {
		if !fl.tainted[o] {
			return false
		}
	}
	return true
}

func (fl *flow) anyDepends(es []ast.Expr) bool {
	for _, e := range es {
		if fl.depends(e) {
			return true
		}
	}
	return false
}

// depends reports whether e is computed from a tainted variable or (for the tenant flow) a
// tenant expression. Closures count by what they reference.
func (fl *flow) depends(e ast.Expr) bool {
	if e == nil {
		return false
	}
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.Ident:
			if o := fl.c.pass.TypesInfo.Uses[n]; o != nil && fl.tainted[o] {
				found = true
			}
		case ast.Expr:
			if fl.isTenantExpr(n) {
				found = true
			}
		}
		return !found
	})
	return found
}

// isTenantExpr reports whether e is itself a tenant: a tainted seed variable, a field that holds
// the tenant (user.TenantID, claims.OrgID) or the verified tenant of tenant.FromContext.
func (fl *flow) isTenantExpr(e ast.Expr) bool {
	info := fl.c.pass.TypesInfo
	switch e := e.(type) {
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		return ok && fl.tainted[v] && (isTenantName(v.Name()) || isTenantType(v.Type()))
	case *ast.SelectorExpr:
		if !fl.tenantExpr {
			return false
		}
		sel, ok := info.Selections[e]
		return ok && sel.Kind() == types.FieldVal && (isTenantName(e.Sel.Name) || isTenantType(sel.Type()))
	case *ast.CallExpr:
		if !fl.tenantExpr {
			return false
		}
		_, ok := knownapi.MatchAny(knownapi.Callee(info, e), knownapi.TenantFromContext)
		return ok
	}
	return false
}

// assigns collects the flows of values into local variables in f.
func (c *checker) assigns(f *fn) []assign {
	if f.asgDone {
		return f.assigns
	}
	f.asgDone = true
	info := c.pass.TypesInfo
	obj := func(e ast.Expr) types.Object {
		e = rootIdent(e)
		id, ok := e.(*ast.Ident)
		if !ok || id.Name == "_" {
			return nil
		}
		o := info.Defs[id]
		if o == nil {
			o = info.Uses[id]
		}
		// Only local variables take a value's taint: storing into a field of the receiver or
		// a parameter does not make the receiver the tenant.
		if v, ok := o.(*types.Var); !ok || isParam(v) || v.IsField() || v.Parent() == c.pass.Pkg.Scope() || v.Pkg() != c.pass.Pkg {
			return nil
		}
		return o
	}
	add := func(targets []ast.Expr, sources []ast.Expr) {
		if len(targets) == len(sources) && len(targets) > 1 {
			for i := range targets {
				if o := obj(targets[i]); o != nil {
					f.assigns = append(f.assigns, assign{[]types.Object{o}, sources[i : i+1]})
				}
			}
			return
		}
		var objs []types.Object
		for _, t := range targets {
			if o := obj(t); o != nil {
				objs = append(objs, o)
			}
		}
		if len(objs) > 0 {
			f.assigns = append(f.assigns, assign{objs, sources})
		}
	}
	ast.Inspect(f.decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			add(n.Lhs, n.Rhs)
		case *ast.ValueSpec:
			var ts []ast.Expr
			for _, id := range n.Names {
				ts = append(ts, id)
			}
			if len(n.Values) > 0 {
				add(ts, n.Values)
			}
		case *ast.RangeStmt:
			var ts []ast.Expr
			if n.Key != nil {
				ts = append(ts, n.Key)
			}
			if n.Value != nil {
				ts = append(ts, n.Value)
			}
			add(ts, []ast.Expr{n.X})
		case *ast.ExprStmt:
			// b.WriteString(tenantID), fmt.Fprintf(&b, "%s", tenantID): the call fills a local
			// builder that becomes the key.
			call, ok := n.X.(*ast.CallExpr)
			if !ok {
				return true
			}
			var ts []ast.Expr
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				if s, ok := info.Selections[sel]; ok && s.Kind() == types.MethodVal {
					ts = append(ts, sel.X)
				}
			}
			for _, a := range call.Args {
				if u, ok := ast.Unparen(a).(*ast.UnaryExpr); ok && u.Op == token.AND {
					ts = append(ts, u.X)
				}
			}
			if len(ts) > 0 {
				add(ts, call.Args)
			}
		}
		return true
	})
	return f.assigns
}

// rootIdent returns the variable at the root of k.Tenant, b.buf or *p, or e itself.
func rootIdent(e ast.Expr) ast.Expr {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		default:
			return x
		}
	}
}
