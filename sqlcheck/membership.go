package sqlcheck

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// Membership policies (Supabase, basejump and the like) scope rows through the signed-in user
// instead of a tenant setting:
//
//	account_id IN (SELECT account_id FROM account_user WHERE user_id = (SELECT auth.uid()))
//	basejump.has_role_on_account(account_id)
//	org_id = ANY (auth.user_orgs())
//
// They isolate tenants when the row's tenant column is tested against the memberships of the
// current user: the test must name the tenant column, the membership query must be limited to
// the current user, and nothing may OR around it. Helper functions are looked into: their SQL
// body is read when they are created (memberFunction).

// currentUser reports whether n is the identity of the signed-in user: auth.uid(),
// current_user, session_user, a JWT claim (auth.jwt() ->> 'sub', current_setting
// ('request.jwt.claims') ->> 'sub', current_setting('request.jwt.claim.sub')) or the configured
// user setting; wrapped in casts, nullif or a scalar sub-select ((SELECT auth.uid()), which
// Supabase recommends so the call runs once per query).
func (r *replayer) currentUser(n *pg_query.Node) bool {
	for depth := 0; n != nil && depth < 16; depth++ {
		switch x := n.Node.(type) {
		case *pg_query.Node_TypeCast:
			n = x.TypeCast.Arg
		case *pg_query.Node_SqlvalueFunction:
			op := x.SqlvalueFunction.Op
			return op == pg_query.SQLValueFunctionOp_SVFOP_CURRENT_USER || op == pg_query.SQLValueFunctionOp_SVFOP_SESSION_USER || op == pg_query.SQLValueFunctionOp_SVFOP_USER
		case *pg_query.Node_SubLink:
			sel := x.SubLink.Subselect.GetSelectStmt()
			if x.SubLink.SubLinkType != pg_query.SubLinkType_EXPR_SUBLINK || sel == nil || len(sel.TargetList) != 1 || len(sel.FromClause) > 0 || sel.WhereClause != nil {
				return false
			}
			rt := sel.TargetList[0].GetResTarget()
			if rt == nil {
				return false
			}
			n = rt.Val
		case *pg_query.Node_AExpr:
			e := x.AExpr
			switch {
			case e.Kind == pg_query.A_Expr_Kind_AEXPR_NULLIF:
				n = e.Lexpr
			case e.Kind == pg_query.A_Expr_Kind_AEXPR_OP && (opName(e) == "->>" || opName(e) == "->" || opName(e) == "#>>"):
				return r.jwtClaims(e.Lexpr)
			default:
				return false
			}
		case *pg_query.Node_FuncCall:
			fc := x.FuncCall
			names := listName(fc.Funcname)
			switch strings.Join(names, ".") {
			case "auth.uid":
				return len(fc.Args) == 0
			case "nullif":
				if len(fc.Args) != 2 {
					return false
				}
				n = fc.Args[0]
				continue
			case "current_setting", "pg_catalog.current_setting":
				if len(fc.Args) == 0 {
					return false
				}
				s, ok := constString(fc.Args[0])
				return ok && (strings.EqualFold(s, "request.jwt.claim.sub") || r.userSetting != "" && strings.EqualFold(s, r.userSetting))
			}
			// A helper returning the user: CREATE FUNCTION current_user_id() ... RETURN auth.uid().
			if f := r.function(names); f != nil && f.User && len(fc.Args) == 0 {
				return true
			}
			return false
		default:
			return false
		}
	}
	return false
}

// jwtClaims reports whether n is the claims of the request's JWT: auth.jwt(), or
// current_setting('request.jwt.claims'[, true]) cast to json or jsonb.
func (r *replayer) jwtClaims(n *pg_query.Node) bool {
	for depth := 0; n != nil && depth < 8; depth++ {
		switch x := n.Node.(type) {
		case *pg_query.Node_TypeCast:
			n = x.TypeCast.Arg
		case *pg_query.Node_FuncCall:
			names := listName(x.FuncCall.Funcname)
			switch strings.Join(names, ".") {
			case "auth.jwt":
				return true
			case "current_setting", "pg_catalog.current_setting":
				s, ok := constString(firstArg(x.FuncCall))
				return ok && strings.EqualFold(s, "request.jwt.claims")
			}
			return false
		case *pg_query.Node_SubLink:
			// (SELECT auth.jwt()), evaluated once per query.
			sel := x.SubLink.Subselect.GetSelectStmt()
			if x.SubLink.SubLinkType != pg_query.SubLinkType_EXPR_SUBLINK || sel == nil || len(sel.TargetList) != 1 || len(sel.FromClause) > 0 || sel.WhereClause != nil {
				return false
			}
			n = sel.TargetList[0].GetResTarget().GetVal()
		case *pg_query.Node_AExpr:
			// auth.jwt() -> 'app_metadata' ->> 'org_id': the claims, one level down.
			if e := x.AExpr; e.Kind == pg_query.A_Expr_Kind_AEXPR_OP && (opName(e) == "->" || opName(e) == "#>") {
				n = e.Lexpr
				continue
			}
			return false
		default:
			return false
		}
	}
	return false
}

func firstArg(fc *pg_query.FuncCall) *pg_query.Node {
	if len(fc.Args) == 0 {
		return nil
	}
	return fc.Args[0]
}

// userLimited reports whether a WHERE clause has a top-level AND conjunct comparing a column
// with the current user.
func (r *replayer) userLimited(where *pg_query.Node) bool {
	if where == nil {
		return false
	}
	for _, c := range conjuncts(where, nil) {
		e := c.GetAExpr()
		if e == nil || e.Kind != pg_query.A_Expr_Kind_AEXPR_OP || opName(e) != "=" {
			continue
		}
		if _, ok := columnName(e.Lexpr); ok && r.currentUser(e.Rexpr) {
			return true
		}
		if _, ok := columnName(e.Rexpr); ok && r.currentUser(e.Lexpr) {
			return true
		}
	}
	return false
}

// memberVerdict is what one conjunct says about membership.
type memberVerdict struct {
	col    string // the row's column tested against the user's memberships
	own    bool   // the row's user column is the current user: only the user's own rows
	tried  bool   // the conjunct is a membership test (proved or not)
	reason string // why a tried test proves nothing
	tested string // the row's column a test that proves nothing compares
}

// membership reads one top-level AND conjunct of a policy as a membership test.
func (r *replayer) membership(n *pg_query.Node) memberVerdict {
	for depth := 0; n != nil && depth < 4; depth++ {
		switch x := n.Node.(type) {
		case *pg_query.Node_SubLink:
			return r.memberSubLink(x.SubLink)
		case *pg_query.Node_AExpr:
			e := x.AExpr
			if e.Kind == pg_query.A_Expr_Kind_AEXPR_OP_ANY && opName(e) == "=" {
				col, ok := columnName(e.Lexpr)
				if !ok {
					return memberVerdict{}
				}
				return r.memberSet(col, e.Rexpr)
			}
			// helper(col) = true
			if e.Kind == pg_query.A_Expr_Kind_AEXPR_OP && opName(e) == "=" {
				if v, ok := constBool(e.Rexpr); ok && v {
					n = e.Lexpr
					continue
				}
			}
			if e.Kind == pg_query.A_Expr_Kind_AEXPR_OP && opName(e) == "=" {
				// user_id = (SELECT auth.uid()): only the signed-in user's own rows, which
				// cannot belong to a tenant the user never wrote to.
				if _, ok := columnName(e.Lexpr); ok && r.currentUser(e.Rexpr) {
					return memberVerdict{own: true, tried: true}
				}
				if _, ok := columnName(e.Rexpr); ok && r.currentUser(e.Lexpr) {
					return memberVerdict{own: true, tried: true}
				}
				// tenant_col = (auth.jwt() ->> 'org_id')::uuid: a signed claim names the tenant.
				if col, ok := columnName(e.Lexpr); ok && r.claim(e.Rexpr) {
					return memberVerdict{col: col, tried: true}
				}
				if col, ok := columnName(e.Rexpr); ok && r.claim(e.Lexpr) {
					return memberVerdict{col: col, tried: true}
				}
			}
			return memberVerdict{}
		case *pg_query.Node_BooleanTest:
			if x.BooleanTest.Booltesttype == pg_query.BoolTestType_IS_TRUE {
				n = x.BooleanTest.Arg
				continue
			}
			return memberVerdict{}
		case *pg_query.Node_FuncCall:
			f := r.function(listName(x.FuncCall.Funcname))
			if f == nil || f.Setting != "" {
				return memberVerdict{}
			}
			if f.MemberArg == 0 {
				why := f.Name + "() is not shown to check the current user's membership (a SQL or PL/pgSQL function whose body returns EXISTS (SELECT 1 FROM memberships WHERE user_id = auth.uid() AND tenant = the argument)"
				if f.SecurityDefiner && !f.SearchPath {
					why += ", SECURITY DEFINER with a pinned search_path"
				}
				v := memberVerdict{tried: true, reason: why + ")"}
				if len(x.FuncCall.Args) == 1 {
					v.tested, _ = columnName(x.FuncCall.Args[0])
				}
				return v
			}
			if f.MemberArg > len(x.FuncCall.Args) {
				return memberVerdict{tried: true, reason: "it does not pass the row's tenant column to " + f.Name + "()"}
			}
			col, ok := columnName(x.FuncCall.Args[f.MemberArg-1])
			if !ok {
				return memberVerdict{tried: true, reason: "it does not pass the row's tenant column to " + f.Name + "()"}
			}
			return memberVerdict{col: col, tried: true}
		default:
			return memberVerdict{}
		}
	}
	return memberVerdict{}
}

// claim reports whether n is a JWT claim other than the user's own id: a tenant carried in the
// signed token.
func (r *replayer) claim(n *pg_query.Node) bool {
	for depth := 0; n != nil && depth < 8; depth++ {
		if tc := n.GetTypeCast(); tc != nil {
			n = tc.Arg
			continue
		}
		if sl := n.GetSubLink(); sl != nil {
			sel := sl.Subselect.GetSelectStmt()
			if sl.SubLinkType != pg_query.SubLinkType_EXPR_SUBLINK || sel == nil || len(sel.TargetList) != 1 || len(sel.FromClause) > 0 {
				return false
			}
			n = sel.TargetList[0].GetResTarget().GetVal()
			continue
		}
		e := n.GetAExpr()
		return e != nil && e.Kind == pg_query.A_Expr_Kind_AEXPR_OP && (opName(e) == "->>" || opName(e) == "#>>") && r.jwtClaims(e.Lexpr)
	}
	return false
}

// memberSubLink reads col IN (SELECT x FROM memberships WHERE user_id = auth.uid()) and
// EXISTS (SELECT 1 FROM memberships m WHERE m.account_id = t.account_id AND m.user_id = ...).
func (r *replayer) memberSubLink(sl *pg_query.SubLink) memberVerdict {
	sel := sl.Subselect.GetSelectStmt()
	if sel == nil {
		return memberVerdict{}
	}
	switch sl.SubLinkType {
	case pg_query.SubLinkType_ANY_SUBLINK:
		col, ok := columnName(sl.Testexpr)
		if !ok || len(sel.TargetList) != 1 {
			return memberVerdict{}
		}
		val := sel.TargetList[0].GetResTarget().GetVal()
		if len(sel.FromClause) == 0 {
			// col IN (SELECT helper()) or (SELECT unnest(helper())).
			return r.memberSet(col, val)
		}
		if !r.userLimited(sel.WhereClause) {
			return memberVerdict{tried: true, tested: col, reason: "its sub-select " + fromText(sel) + "is not limited to the current user (user_id = auth.uid(), a JWT claim or the user setting)"}
		}
		return memberVerdict{col: col, tried: true}
	case pg_query.SubLinkType_EXISTS_SUBLINK:
		if len(sel.FromClause) == 0 {
			return memberVerdict{}
		}
		inner := fromNames(sel)
		outer := ""
		for _, c := range conjuncts(orTrue(sel.WhereClause), nil) {
			e := c.GetAExpr()
			if e == nil || e.Kind != pg_query.A_Expr_Kind_AEXPR_OP || opName(e) != "=" {
				continue
			}
			for _, side := range []*pg_query.Node{e.Lexpr, e.Rexpr} {
				if q, col, ok := qualifiedColumn(side); ok && !inner[q] {
					outer = col
				}
			}
		}
		if outer == "" {
			return memberVerdict{tried: r.userLimited(sel.WhereClause), reason: "its EXISTS sub-select does not compare the row's tenant column (qualified with the table's name) with the membership"}
		}
		if !r.userLimited(sel.WhereClause) {
			return memberVerdict{tried: true, tested: outer, reason: "its sub-select " + fromText(sel) + "is not limited to the current user (user_id = auth.uid(), a JWT claim or the user setting)"}
		}
		return memberVerdict{col: outer, tried: true}
	}
	return memberVerdict{}
}

// memberSet reads col = ANY (helper()) and col IN (SELECT helper()), where helper returns the
// current user's memberships.
func (r *replayer) memberSet(col string, n *pg_query.Node) memberVerdict {
	for depth := 0; n != nil && depth < 4; depth++ {
		if tc := n.GetTypeCast(); tc != nil {
			n = tc.Arg
			continue
		}
		fc := n.GetFuncCall()
		if fc == nil {
			return memberVerdict{}
		}
		names := listName(fc.Funcname)
		if len(names) > 0 && names[len(names)-1] == "unnest" && len(fc.Args) == 1 {
			n = fc.Args[0]
			continue
		}
		f := r.function(names)
		if f == nil {
			return memberVerdict{}
		}
		if !f.MemberSet {
			return memberVerdict{tried: true, tested: col, reason: f.Name + "() does not return memberships of the current user"}
		}
		return memberVerdict{col: col, tried: true}
	}
	return memberVerdict{}
}

func orTrue(n *pg_query.Node) *pg_query.Node {
	if n == nil {
		return &pg_query.Node{Node: &pg_query.Node_AConst{AConst: &pg_query.A_Const{}}}
	}
	return n
}

// fromNames returns the names and aliases of the relations a SELECT reads.
func fromNames(sel *pg_query.SelectStmt) map[string]bool {
	out := map[string]bool{}
	for _, f := range sel.FromClause {
		walk(f, func(m any) bool {
			if rv, ok := m.(*pg_query.RangeVar); ok {
				out[rv.Relname] = true
				if rv.Alias != nil {
					out[rv.Alias.Aliasname] = true
				}
			}
			return true
		})
	}
	return out
}

// fromText names the first relation a SELECT reads, for messages ("on account_user ").
func fromText(sel *pg_query.SelectStmt) string {
	for _, f := range sel.FromClause {
		if rv := f.GetRangeVar(); rv != nil {
			return "on " + rv.Relname + " "
		}
	}
	return ""
}

// qualifiedColumn returns the qualifier and column of a reference like t.col.
func qualifiedColumn(n *pg_query.Node) (qual, col string, ok bool) {
	for n != nil {
		if tc := n.GetTypeCast(); tc != nil {
			n = tc.Arg
			continue
		}
		break
	}
	cr := n.GetColumnRef()
	if cr == nil || len(cr.Fields) < 2 {
		return "", "", false
	}
	q := cr.Fields[len(cr.Fields)-2].GetString_()
	c := cr.Fields[len(cr.Fields)-1].GetString_()
	if q == nil || c == nil {
		return "", "", false
	}
	return q.Sval, c.Sval, true
}

// memberFunction reads a SQL function's body when it is created: does it return the current
// user (current_user_id()), the current user's memberships (user_orgs(): SELECT org_id FROM
// members WHERE user_id = auth.uid()), or whether the current user is a member of the tenant
// given as an argument (has_role_on_account(account_id): SELECT EXISTS (SELECT 1 FROM
// account_user WHERE user_id = auth.uid() AND account_id = has_role_on_account.account_id))?
// A SECURITY DEFINER helper counts only with a pinned search_path: without one a caller can
// shadow the membership table it reads.
func (r *replayer) memberFunction(f *Function, cf *pg_query.CreateFunctionStmt, body string) {
	f.User, f.MemberSet, f.MemberArg = false, false, 0
	if f.SecurityDefiner && !f.SearchPath {
		return
	}
	var stmt *pg_query.Node
	switch {
	case cf.SqlBody != nil:
		stmt = cf.SqlBody
		if l := stmt.GetList(); l != nil && len(l.Items) == 1 {
			stmt = l.Items[0]
		}
		if l := stmt.GetList(); l != nil && len(l.Items) == 1 {
			stmt = l.Items[0]
		}
	case body != "":
		tree, err := pg_query.Parse(body)
		if err != nil || len(tree.Stmts) != 1 {
			return
		}
		stmt = tree.Stmts[0].Stmt
	default:
		return
	}
	var val *pg_query.Node
	var sel *pg_query.SelectStmt
	if rs := stmt.GetReturnStmt(); rs != nil {
		val = rs.Returnval
	} else if sel = stmt.GetSelectStmt(); sel != nil && len(sel.TargetList) == 1 {
		val = sel.TargetList[0].GetResTarget().GetVal()
	}
	if val == nil {
		return
	}
	if sel == nil || len(sel.FromClause) == 0 {
		switch {
		case r.currentUser(val):
			f.User = true
		case r.memberSetValue(val):
			f.MemberSet = true
		default:
			f.MemberArg = r.memberExistsArg(val, cf)
		}
		return
	}
	// SELECT org_id FROM members WHERE user_id = auth.uid() (RETURNS SETOF, or array_agg). A
	// SELECT 1 FROM ... WHERE user_id = auth.uid() AND account_id = $1 used as a boolean is
	// rare; only EXISTS bodies count.
	f.MemberSet = r.memberSetSelect(sel)
}

// memberExistsArg reads EXISTS (SELECT 1 FROM account_user WHERE user_id = auth.uid() AND
// account_id = $1): the 1-based argument of cf whose membership the current user is tested
// for, or 0.
func (r *replayer) memberExistsArg(val *pg_query.Node, cf *pg_query.CreateFunctionStmt) int {
	sl := val.GetSubLink()
	if sl == nil || sl.SubLinkType != pg_query.SubLinkType_EXISTS_SUBLINK {
		return 0
	}
	inner := sl.Subselect.GetSelectStmt()
	if inner == nil || !r.userLimited(inner.WhereClause) {
		return 0
	}
	return paramCompared(inner.WhereClause, cf)
}

// memberSetValue reads ARRAY(SELECT org_id FROM members WHERE user_id = auth.uid()) and
// (SELECT array_agg(org_id) FROM members WHERE user_id = auth.uid()).
func (r *replayer) memberSetValue(val *pg_query.Node) bool {
	sl := val.GetSubLink()
	if sl == nil {
		return false
	}
	inner := sl.Subselect.GetSelectStmt()
	if inner == nil {
		return false
	}
	switch sl.SubLinkType {
	case pg_query.SubLinkType_ARRAY_SUBLINK:
		return len(inner.FromClause) > 0 && r.userLimited(inner.WhereClause)
	case pg_query.SubLinkType_EXPR_SUBLINK:
		return r.memberSetSelect(inner) && isArrayAgg(inner.TargetList[0].GetResTarget().GetVal())
	}
	return false
}

// memberSetSelect reads SELECT org_id (or array_agg(org_id)) FROM members WHERE user_id =
// auth.uid(): the current user's memberships.
func (r *replayer) memberSetSelect(sel *pg_query.SelectStmt) bool {
	if sel == nil || len(sel.FromClause) == 0 || len(sel.TargetList) != 1 || !r.userLimited(sel.WhereClause) {
		return false
	}
	val := sel.TargetList[0].GetResTarget().GetVal()
	_, col := columnName(val)
	return col || isArrayAgg(val)
}

func isArrayAgg(val *pg_query.Node) bool {
	fc := val.GetFuncCall()
	if fc == nil || len(fc.Args) != 1 {
		return false
	}
	names := listName(fc.Funcname)
	return len(names) > 0 && names[len(names)-1] == "array_agg"
}

// paramCompared returns the 1-based argument of cf that a top-level AND conjunct of where
// compares with a column ($1, the parameter's name, or function_name.parameter), or 0.
func paramCompared(where *pg_query.Node, cf *pg_query.CreateFunctionStmt) int {
	var params []string
	for _, p := range cf.Parameters {
		if fp := p.GetFunctionParameter(); fp != nil {
			params = append(params, fp.Name)
		}
	}
	fname := ""
	if names := listName(cf.Funcname); len(names) > 0 {
		fname = names[len(names)-1]
	}
	which := func(n *pg_query.Node) int {
		if pr := n.GetParamRef(); pr != nil {
			return int(pr.Number)
		}
		cr := n.GetColumnRef()
		if cr == nil {
			return 0
		}
		parts := listName(cr.Fields)
		if len(parts) == 2 && parts[0] != fname || len(parts) > 2 || len(parts) == 0 {
			return 0
		}
		for i, p := range params {
			if p != "" && p == parts[len(parts)-1] {
				return i + 1
			}
		}
		return 0
	}
	for _, c := range conjuncts(where, nil) {
		e := c.GetAExpr()
		if e == nil || e.Kind != pg_query.A_Expr_Kind_AEXPR_OP || opName(e) != "=" {
			continue
		}
		// The column side must be qualified with the membership table (wu.account_id), or an
		// unqualified column facing a qualified parameter: an unqualified parameter name that
		// is also a column of the table would be read as the column.
		if i := which(e.Rexpr); i > 0 && isColumnRef(e.Lexpr) && !sameAsParam(e.Lexpr, e.Rexpr) {
			return i
		}
		if i := which(e.Lexpr); i > 0 && isColumnRef(e.Rexpr) && !sameAsParam(e.Rexpr, e.Lexpr) {
			return i
		}
	}
	return 0
}

func isColumnRef(n *pg_query.Node) bool {
	_, ok := columnName(n)
	return ok
}

// sameAsParam reports whether both sides are the same unqualified name (account_id =
// account_id), which PostgreSQL reads as the column compared with itself.
func sameAsParam(col, param *pg_query.Node) bool {
	a, b := col.GetColumnRef(), param.GetColumnRef()
	if a == nil || b == nil {
		return false
	}
	return len(listName(a.Fields)) == 1 && len(listName(b.Fields)) == 1 && listName(a.Fields)[0] == listName(b.Fields)[0]
}
