package jobpayload

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
)

// localDefs are the assignments of one function declaration (closures included) to its local
// variables, so a value can be followed back to the expression that made it.
type localDefs struct {
	values  map[*types.Var][]valueDef
	fields  map[*types.Var]map[string][]ast.Expr // v.F = e
	escaped map[*types.Var]bool                  // address taken, ranged over or updated in place
}

// valueDef is one assignment: rhs itself (index < 0) or the index-th result of the call rhs.
type valueDef struct {
	rhs   ast.Expr
	index int
}

// defsOf returns the local definitions of the function declaration at cur.
func (c *checker) defsOf(fn inspector.Cursor) *localDefs {
	if d, ok := c.defs[fn.Node()]; ok {
		return d
	}
	info := c.pass.TypesInfo
	d := &localDefs{values: map[*types.Var][]valueDef{}, fields: map[*types.Var]map[string][]ast.Expr{}, escaped: map[*types.Var]bool{}}
	c.defs[fn.Node()] = d
	local := func(e ast.Expr) *types.Var {
		id, ok := unparen(e).(*ast.Ident)
		if !ok {
			return nil
		}
		v, _ := info.ObjectOf(id).(*types.Var)
		if v == nil || v.IsField() || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
			return nil
		}
		return v
	}
	assign := func(lhs ast.Expr, def valueDef) {
		if v := local(lhs); v != nil {
			d.values[v] = append(d.values[v], def)
			return
		}
		if sel, ok := unparen(lhs).(*ast.SelectorExpr); ok && def.index < 0 {
			// v.F = e, or v.Embedded.F = e through embedded structs (any depth): F is promoted.
			base := unparen(sel.X)
			for {
				inner, ok := base.(*ast.SelectorExpr)
				if !ok {
					break
				}
				f, _ := info.ObjectOf(inner.Sel).(*types.Var)
				if f == nil || !f.Embedded() {
					break
				}
				base = unparen(inner.X)
			}
			v := local(base)
			if v != nil && base != unparen(sel.X) {
				// Only when v.F names the same field (not one an outer field shadows).
				obj, _, _ := types.LookupFieldOrMethod(v.Type(), true, v.Pkg(), sel.Sel.Name)
				promoted, _ := obj.(*types.Var)
				f, _ := info.ObjectOf(sel.Sel).(*types.Var)
				if promoted == nil || f == nil || promoted.Origin() != f.Origin() {
					v = nil
				}
			}
			if v != nil {
				if d.fields[v] == nil {
					d.fields[v] = map[string][]ast.Expr{}
				}
				d.fields[v][sel.Sel.Name] = append(d.fields[v][sel.Sel.Name], def.rhs)
			}
		}
	}
	for cur := range fn.Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.UnaryExpr)(nil), (*ast.RangeStmt)(nil), (*ast.IncDecStmt)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			switch {
			case n.Tok != token.ASSIGN && n.Tok != token.DEFINE:
				for _, l := range n.Lhs {
					if v := local(l); v != nil {
						d.escaped[v] = true
					}
				}
			case len(n.Lhs) == len(n.Rhs):
				for i, l := range n.Lhs {
					assign(l, valueDef{n.Rhs[i], -1})
				}
			case len(n.Rhs) == 1:
				for i, l := range n.Lhs {
					assign(l, valueDef{n.Rhs[0], i})
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				switch {
				case len(n.Values) == len(n.Names):
					assign(name, valueDef{n.Values[i], -1})
				case len(n.Values) == 1:
					assign(name, valueDef{n.Values[0], i})
				default:
					assign(name, valueDef{nil, -1})
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if v := local(n.X); v != nil {
					d.escaped[v] = true
				}
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if v := local(e); v != nil {
					d.escaped[v] = true
				}
			}
		case *ast.IncDecStmt:
			if v := local(n.X); v != nil {
				d.escaped[v] = true
			}
		}
	}
	return d
}

// localVar returns the local variable e names, if any.
func localVar(info *types.Info, e ast.Expr) *types.Var {
	id, ok := unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := info.Uses[id].(*types.Var)
	if v == nil || v.IsField() || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
		return nil
	}
	return v
}

// singleDef returns the one plain definition of v, if it has exactly one and never escapes.
func (d *localDefs) singleDef(v *types.Var) (valueDef, bool) {
	if d == nil || v == nil || d.escaped[v] || len(d.values[v]) != 1 {
		return valueDef{}, false
	}
	return d.values[v][0], true
}

// resolve follows e through parentheses, address-of and local variables with a single plain
// definition to the expression that made the value. It also returns the variables passed.
func (c *checker) resolve(e ast.Expr, d *localDefs) (ast.Expr, []*types.Var) {
	var vars []*types.Var
	for range 8 {
		e = unparen(e)
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			e = u.X
			continue
		}
		v := localVar(c.pass.TypesInfo, e)
		if v == nil {
			return e, vars
		}
		vars = append(vars, v)
		def, ok := d.singleDef(v)
		if !ok || def.rhs == nil {
			return e, vars
		}
		if def.index >= 0 {
			// id, err := tenant.Parse(s): the id is as good as s.
			if call, ok := unparen(def.rhs).(*ast.CallExpr); ok && def.index == 0 && isParserCall(c.pass.TypesInfo, call) {
				return call, vars
			}
			return e, vars
		}
		e = def.rhs
	}
	return e, vars
}

// conversionArg returns the operand of a type conversion.
func conversionArg(info *types.Info, e ast.Expr) (ast.Expr, bool) {
	call, ok := unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return nil, false
	}
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		return call.Args[0], true
	}
	return nil, false
}

// constKind says whether e is a constant tenant: "zero" for the zero id ("" , tenant.ID{},
// uuid.Nil), "constant" for a fixed id, "" otherwise.
func (c *checker) constKind(e ast.Expr, d *localDefs) string {
	info := c.pass.TypesInfo
	for range 8 {
		e, _ = c.resolve(e, d)
		if tv, ok := info.Types[e]; ok && tv.Value != nil {
			if tv.Value.Kind() == constant.String && constant.StringVal(tv.Value) == "" {
				return "zero"
			}
			return "constant"
		}
		switch x := e.(type) {
		case *ast.Ident:
			if x.Name == "nil" {
				return "zero"
			}
			v, _ := info.Uses[x].(*types.Var)
			if v != nil && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() && v.Name() == "Nil" {
				return "zero"
			}
			return ""
		case *ast.CompositeLit:
			if len(x.Elts) == 0 {
				return "zero"
			}
			return ""
		case *ast.SelectorExpr:
			// uuid.Nil and friends.
			if v, ok := info.Uses[x.Sel].(*types.Var); ok && !v.IsField() && v.Name() == "Nil" {
				return "zero"
			}
			return ""
		case *ast.CallExpr:
			if arg, ok := conversionArg(info, x); ok {
				e = arg
				continue
			}
			if isParserCall(info, x) {
				e = x.Args[0]
				continue
			}
			return ""
		default:
			return ""
		}
	}
	return ""
}
