package sqlcheck

import (
	"cmp"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// pred summarises a policy expression: which tenant comparisons are top-level AND conjuncts,
// and which constructs defeat them.
func (r *replayer) pred(n *pg_query.Node) *Pred {
	if n == nil {
		return nil
	}
	p := &Pred{}
	conj := conjuncts(n, nil)
	allTrue := true
	for _, c := range conj {
		if pair, ok := r.isolation(c); ok {
			p.Isolates = append(p.Isolates, pair)
			allTrue = false
			continue
		}
		if v := r.membership(c); v.tried {
			p.Membership, allTrue = true, false
			if v.own {
				p.Own = true
			} else if v.col != "" {
				p.Members = append(p.Members, v.col)
			} else {
				if p.MemberWhy == "" {
					p.MemberWhy = v.reason
				}
				if v.tested != "" {
					p.MemberTried = append(p.MemberTried, v.tested)
				}
			}
			continue
		}
		if !isTrue(c) {
			allTrue = false
		}
		walk(c, func(m any) bool {
			switch x := m.(type) {
			case *pg_query.BoolExpr:
				if x.Boolop == pg_query.BoolExprType_OR_EXPR {
					for _, a := range x.Args {
						if r.containsIsolation(a) {
							p.Escapes = true
						}
						if r.containsMembership(a) {
							p.Escapes, p.Membership = true, true
							if col := r.membershipColumn(a); col != "" {
								p.MemberTried = append(p.MemberTried, col)
							}
						}
					}
				}
			case *pg_query.NullTest:
				if x.Nulltesttype == pg_query.NullTestType_IS_NULL {
					if col, ok := columnName(x.Arg); ok {
						p.IsNull = col
					}
				}
			case *pg_query.CoalesceExpr:
				for _, a := range x.Args {
					if containsSetting(a) {
						p.Coalesce = true
					}
				}
			}
			return true
		})
	}
	p.AlwaysTrue = allTrue && len(p.Isolates) == 0
	if len(p.Isolates) == 0 && len(p.Members) == 0 && !p.Own {
		p.Text = deparseExpr(n) // for the message; isolating expressions need none
	}
	return p
}

// deparseExpr renders an expression as SQL.
func deparseExpr(n *pg_query.Node) string {
	sel := &pg_query.SelectStmt{TargetList: []*pg_query.Node{{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Val: n}}}}}
	tree := &pg_query.ParseResult{Stmts: []*pg_query.RawStmt{{Stmt: &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: sel}}}}}
	d, err := pg_query.Deparse(tree)
	if err != nil || len(d) <= 7 {
		return ""
	}
	return d[7:] // after "SELECT "
}

// conjuncts flattens top-level ANDs.
func conjuncts(n *pg_query.Node, out []*pg_query.Node) []*pg_query.Node {
	if b := n.GetBoolExpr(); b != nil && b.Boolop == pg_query.BoolExprType_AND_EXPR {
		for _, a := range b.Args {
			out = conjuncts(a, out)
		}
		return out
	}
	return append(out, n)
}

// isTrue reports whether n is a constant true condition: true, 'true'::bool, 1 = 1.
func isTrue(n *pg_query.Node) bool {
	if v, ok := constBool(n); ok {
		return v
	}
	if e := n.GetAExpr(); e != nil && e.Kind == pg_query.A_Expr_Kind_AEXPR_OP && opName(e) == "=" {
		l, lok := constText(e.Lexpr)
		r, rok := constText(e.Rexpr)
		return lok && rok && l == r
	}
	return false
}

func constText(n *pg_query.Node) (string, bool) {
	if n == nil {
		return "", false
	}
	if tc := n.GetTypeCast(); tc != nil {
		n = tc.Arg
	}
	c := n.GetAConst()
	if c == nil {
		return "", false
	}
	switch v := c.Val.(type) {
	case *pg_query.A_Const_Ival:
		return "i" + itoa(v.Ival.Ival), true
	case *pg_query.A_Const_Sval:
		return "s" + v.Sval.Sval, true
	case *pg_query.A_Const_Boolval:
		if v.Boolval.Boolval {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

func itoa(i int32) string {
	if i == 0 {
		return "0"
	}
	neg := i < 0
	var b []byte
	for i != 0 {
		d := i % 10
		if d < 0 {
			d = -d
		}
		b = append([]byte{byte('0' + d)}, b...)
		i /= 10
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}

func opName(e *pg_query.A_Expr) string {
	names := listName(e.Name)
	if len(names) == 0 {
		return ""
	}
	return names[len(names)-1]
}

// isolation matches column = <tenant setting> (either side, casts allowed).
func (r *replayer) isolation(n *pg_query.Node) (Pair, bool) {
	e := n.GetAExpr()
	if e == nil || e.Kind != pg_query.A_Expr_Kind_AEXPR_OP || opName(e) != "=" {
		return Pair{}, false
	}
	if col, ok := columnName(e.Lexpr); ok {
		if s, ok := r.settingExpr(e.Rexpr); ok {
			return Pair{Col: col, Setting: s, Func: r.viaFunc}, true
		}
	}
	if col, ok := columnName(e.Rexpr); ok {
		if s, ok := r.settingExpr(e.Lexpr); ok {
			return Pair{Col: col, Setting: s, Func: r.viaFunc}, true
		}
	}
	return Pair{}, false
}

// columnName returns the column of a (possibly qualified, possibly cast) column reference.
func columnName(n *pg_query.Node) (string, bool) {
	for n != nil {
		if tc := n.GetTypeCast(); tc != nil {
			n = tc.Arg
			continue
		}
		break
	}
	if n == nil {
		return "", false
	}
	cr := n.GetColumnRef()
	if cr == nil || len(cr.Fields) == 0 {
		return "", false
	}
	if s := cr.Fields[len(cr.Fields)-1].GetString_(); s != nil {
		return s.Sval, true
	}
	return "", false
}

// settingExpr matches current_setting('x'[, missing_ok]) wrapped in casts, nullif with an empty
// string and a scalar sub-select, or a call of a SQL function created earlier whose body is such
// an expression (current_tenant_id() and the like).
func (r *replayer) settingExpr(n *pg_query.Node) (string, bool) {
	r.viaFunc = ""
	for depth := 0; n != nil && depth < 16; depth++ {
		switch x := n.Node.(type) {
		case *pg_query.Node_TypeCast:
			n = x.TypeCast.Arg
		case *pg_query.Node_AExpr:
			if x.AExpr.Kind != pg_query.A_Expr_Kind_AEXPR_NULLIF {
				return "", false
			}
			n = x.AExpr.Lexpr
		case *pg_query.Node_SubLink:
			sl := x.SubLink
			sel := sl.Subselect.GetSelectStmt()
			if sl.SubLinkType != pg_query.SubLinkType_EXPR_SUBLINK || sel == nil || len(sel.TargetList) != 1 || len(sel.FromClause) > 0 || sel.WhereClause != nil {
				return "", false
			}
			rt := sel.TargetList[0].GetResTarget()
			if rt == nil {
				return "", false
			}
			n = rt.Val
		case *pg_query.Node_FuncCall:
			fc := x.FuncCall
			names := listName(fc.Funcname)
			if len(names) == 0 {
				return "", false
			}
			switch names[len(names)-1] {
			case "current_setting":
				if len(fc.Args) == 0 {
					return "", false
				}
				return constString(fc.Args[0])
			case "nullif":
				if len(fc.Args) != 2 {
					return "", false
				}
				n = fc.Args[0]
			default:
				if f := r.function(names); f != nil && f.Setting != "" && len(fc.Args) == 0 {
					r.viaFunc = f.Name
					return f.Setting, true
				}
				return "", false
			}
		default:
			return "", false
		}
	}
	return "", false
}

// function finds a function created by the migrations.
func (r *replayer) function(names []string) *Function {
	if f := r.s.Functions[r.qualifyList(names)]; f != nil {
		return f
	}
	if len(names) == 1 {
		return r.s.Functions["public."+names[0]]
	}
	return nil
}

// bodySetting returns the setting a function body returns, when the body is a single
// SELECT (or RETURN) of a setting expression.
func (r *replayer) bodySetting(body *pg_query.Node) string {
	if body == nil {
		return ""
	}
	if rs := body.GetReturnStmt(); rs != nil {
		s, _ := r.settingExpr(rs.Returnval)
		return s
	}
	sel := body.GetSelectStmt()
	if sel == nil || len(sel.TargetList) != 1 || len(sel.FromClause) > 0 || sel.WhereClause != nil {
		return ""
	}
	if rt := sel.TargetList[0].GetResTarget(); rt != nil {
		s, _ := r.settingExpr(rt.Val)
		return s
	}
	return ""
}

func (r *replayer) containsIsolation(n *pg_query.Node) bool {
	found := false
	walk(n, func(m any) bool {
		if e, ok := m.(*pg_query.A_Expr); ok {
			if _, ok := r.isolation(&pg_query.Node{Node: &pg_query.Node_AExpr{AExpr: e}}); ok {
				found = true
			}
		}
		return !found
	})
	return found
}

// containsMembership reports whether n holds a membership test anywhere.
func (r *replayer) containsMembership(n *pg_query.Node) bool {
	found, _ := r.findMembership(n)
	return found
}

// membershipColumn returns the row's column the first membership test in n compares, proved
// or not ("" when it names none).
func (r *replayer) membershipColumn(n *pg_query.Node) string {
	_, col := r.findMembership(n)
	return col
}

// findMembership reports whether n contains a membership test, and the row's column the first
// one compares.
func (r *replayer) findMembership(n *pg_query.Node) (bool, string) {
	found, col := false, ""
	walk(n, func(m any) bool {
		var node *pg_query.Node
		switch x := m.(type) {
		case *pg_query.SubLink:
			node = &pg_query.Node{Node: &pg_query.Node_SubLink{SubLink: x}}
		case *pg_query.FuncCall:
			node = &pg_query.Node{Node: &pg_query.Node_FuncCall{FuncCall: x}}
		case *pg_query.A_Expr:
			node = &pg_query.Node{Node: &pg_query.Node_AExpr{AExpr: x}}
		}
		if node != nil {
			if v := r.membership(node); v.tried {
				found, col = true, cmp.Or(v.col, v.tested)
			}
		}
		return !found
	})
	return found, col
}

func containsSetting(n *pg_query.Node) bool {
	found := false
	walk(n, func(m any) bool {
		if fc, ok := m.(*pg_query.FuncCall); ok {
			if names := listName(fc.Funcname); len(names) > 0 && names[len(names)-1] == "current_setting" {
				found = true
			}
		}
		return !found
	})
	return found
}
