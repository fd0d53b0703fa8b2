package sqlcheck

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// PL/pgSQL membership helpers: the same proof as for SQL helpers (memberFunction), applied to
// what a PL/pgSQL body returns.
//
//	BEGIN RETURN EXISTS (SELECT 1 FROM account_user WHERE user_id = auth.uid() AND account_id = p); END
//	BEGIN IF EXISTS (...) THEN RETURN true; END IF; RETURN false; END
//	BEGIN IF NOT EXISTS (...) THEN RETURN false; END IF; RETURN true; END
//	BEGIN RETURN QUERY SELECT org_id FROM members WHERE user_id = auth.uid(); END
//	DECLARE orgs uuid[]; BEGIN SELECT array_agg(org_id) INTO orgs FROM ... WHERE user_id = auth.uid(); RETURN orgs; END
//
// A body counts only when every value it can return proves the same thing: a boolean helper
// returns true only where the membership of the same argument was tested, a set helper returns
// only the current user's memberships. Bodies that write, EXECUTE, call or reassign their
// parameters are not helpers: they do more than read a membership.

// memberKind is what a PL/pgSQL value is known to be.
type memberKind struct {
	k   int // mkNull, mkUser, mkSet, mkArg, mkOther
	arg int // for mkArg: the 1-based argument whose membership true proves
}

const (
	mkNull  = iota // NULL or false: grants nothing
	mkUser         // the current user
	mkSet          // the current user's memberships
	mkArg          // true only when the current user is a member of the argument
	mkOther        // anything else
)

// join is the kind of a value that is one of a or b.
func (a memberKind) join(b memberKind) memberKind {
	switch {
	case a.k == mkNull:
		return b
	case b.k == mkNull:
		return a
	case a == b:
		return a
	}
	return memberKind{k: mkOther}
}

type plMember struct {
	r       *replayer
	cf      *pg_query.CreateFunctionStmt
	fn      *plFunction
	names   map[string]int // local variable name -> datum (-1 when two blocks declare it)
	params  map[int]bool   // datums of the parameters (and FOUND)
	assigns map[int][]*pg_query.Node
	other   map[int]bool // datums assigned by something not read (loop variables and the like)
	vars    map[int]memberKind
	bad     bool // a statement that is not a plain read
	ret     memberKind
	any     bool // some value is returned
	found   int  // where walk is: the argument whose membership FOUND being true proves (0: none)
	foundAt int  // statements walked so far that set FOUND
}

// memberPL reads a PL/pgSQL function created by the migrations as a membership helper.
func (r *replayer) memberPL(f *Function, cf *pg_query.CreateFunctionStmt, fn *plFunction) {
	f.User, f.MemberSet, f.MemberArg = false, false, 0
	if fn == nil || f.SecurityDefiner && !f.SearchPath {
		return
	}
	m := &plMember{r: r, cf: cf, fn: fn, names: map[string]int{}, params: map[int]bool{}, assigns: map[int][]*pg_query.Node{}, other: map[int]bool{}, vars: map[int]memberKind{}}
	for i, d := range fn.Datums {
		v := d.Var
		if v == nil {
			v = d.Rec
		}
		if v == nil {
			continue
		}
		if _, dup := m.names[v.Refname]; dup {
			m.names[v.Refname] = -1
		} else {
			m.names[v.Refname] = i
		}
		switch {
		case v.Lineno == 0:
			m.params[i] = true // a parameter, FOUND
		case v.Default != nil:
			m.assigns[i] = append(m.assigns[i], plValueNode(v.Default.query()))
		}
	}
	m.scan([]plStmt{fn.Action})
	if m.bad {
		return
	}
	for i := range m.params {
		if len(m.assigns[i]) > 0 || m.other[i] {
			return // a parameter reassigned: the membership tested may not be the argument's
		}
	}
	// Variables are read flow-insensitively: a variable is a membership when every value
	// assigned to it is one. Two rounds settle a variable assigned from another.
	for range 2 {
		for i := range fn.Datums {
			if m.params[i] {
				continue
			}
			k := memberKind{k: mkNull}
			if m.other[i] {
				k = memberKind{k: mkOther}
			}
			for _, n := range m.assigns[i] {
				k = k.join(m.kind(n))
			}
			m.vars[i] = k
		}
	}
	m.ret = memberKind{k: mkNull}
	m.walk([]plStmt{fn.Action}, 0)
	if !m.any {
		return
	}
	switch m.ret.k {
	case mkUser:
		f.User = true
	case mkSet:
		f.MemberSet = true
	case mkArg:
		f.MemberArg = m.ret.arg
	}
}

// plValueNode parses a PL/pgSQL expression (nil when it does not parse).
func plValueNode(q string) *pg_query.Node {
	tree, err := pg_query.Parse("SELECT " + q)
	if err != nil || len(tree.Stmts) != 1 {
		return nil
	}
	sel := tree.Stmts[0].Stmt.GetSelectStmt()
	if sel == nil || len(sel.FromClause) > 0 || len(sel.TargetList) != 1 || sel.WhereClause != nil {
		return nil
	}
	return sel.TargetList[0].GetResTarget().GetVal()
}

// plSelect parses a query embedded in a PL/pgSQL statement; it must be a SELECT that writes
// nothing (no data-modifying WITH, no SELECT INTO a table).
func plSelect(q string) *pg_query.SelectStmt {
	tree, err := pg_query.Parse(q)
	if err != nil || len(tree.Stmts) != 1 {
		return nil
	}
	sel := tree.Stmts[0].Stmt.GetSelectStmt()
	if sel == nil || sel.IntoClause != nil || writes(tree) {
		return nil
	}
	return sel
}

// writes reports whether a parsed query contains an INSERT, UPDATE, DELETE or MERGE.
func writes(tree any) bool {
	w := false
	walk(tree, func(n any) bool {
		switch n.(type) {
		case *pg_query.InsertStmt, *pg_query.UpdateStmt, *pg_query.DeleteStmt, *pg_query.MergeStmt:
			w = true
		}
		return !w
	})
	return w
}

// target records what an INTO or loop assigns: one variable gets the select's value, several
// get values this reading does not follow.
func (m *plMember) target(t *plTarget, val *pg_query.Node) {
	if t == nil {
		return
	}
	switch {
	case t.Row != nil:
		if len(t.Row.Fields) == 1 && val != nil {
			m.assigns[t.Row.Fields[0].Varno] = append(m.assigns[t.Row.Fields[0].Varno], val)
			return
		}
		for _, f := range t.Row.Fields {
			m.other[f.Varno] = true
		}
	case t.Var != nil || t.Rec != nil:
		v := t.Var
		if v == nil {
			v = t.Rec
		}
		i, ok := m.names[v.Refname]
		if !ok || i < 0 {
			m.bad = true
			return
		}
		if val != nil {
			m.assigns[i] = append(m.assigns[i], val)
		} else {
			m.other[i] = true
		}
	}
}

// selectValue is the value SELECT x INTO v FROM ... gives v: the membership a query on a
// membership table limited to the current user reads, or the expression of a FROM-less one.
func (m *plMember) selectValue(sel *pg_query.SelectStmt) *pg_query.Node {
	if len(sel.TargetList) != 1 {
		return nil
	}
	val := sel.TargetList[0].GetResTarget().GetVal()
	if len(sel.FromClause) == 0 && sel.WhereClause == nil {
		return val
	}
	if m.r.memberSetSelect(sel) {
		// Stands for the set: ARRAY(SELECT ...) is what memberSetValue recognises.
		return &pg_query.Node{Node: &pg_query.Node_SubLink{SubLink: &pg_query.SubLink{SubLinkType: pg_query.SubLinkType_ARRAY_SUBLINK, Subselect: &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: sel}}}}}
	}
	return &pg_query.Node{Node: &pg_query.Node_ColumnRef{ColumnRef: &pg_query.ColumnRef{}}} // some value
}

// scan records the assignments of a body and marks it bad for statements that are not plain
// reads.
func (m *plMember) scan(stmts []plStmt) {
	for i := range stmts {
		s := &stmts[i]
		switch {
		case s.Block != nil:
			m.scan(s.Block.Body)
			if s.Block.Exceptions != nil {
				for _, h := range s.Block.Exceptions.B.List {
					m.scan(h.E.Action)
				}
			}
		case s.Assign != nil:
			q := s.Assign.Expr.query()
			sr, err := pg_query.Scan(q)
			if err != nil || len(sr.Tokens) < 3 || sr.Tokens[1].Token != pg_query.Token_COLON_EQUALS && sr.Tokens[1].Token != pg_query.Token_ASCII_61 || int(sr.Tokens[1].End) > len(q) {
				m.bad = true // arr[i] := x, rec.field := x
				continue
			}
			if s.Assign.Varno < 0 || s.Assign.Varno >= len(m.fn.Datums) {
				m.bad = true
				continue
			}
			m.assigns[s.Assign.Varno] = append(m.assigns[s.Assign.Varno], plValueNode(q[sr.Tokens[1].End:]))
		case s.If != nil:
			m.scan(s.If.Then)
			for _, ei := range s.If.Elsifs {
				m.scan(ei.E.Stmts)
			}
			m.scan(s.If.Else)
		case s.Case != nil:
			for _, w := range s.Case.Whens {
				m.scan(w.W.Stmts)
			}
			m.scan(s.Case.Else)
		case s.Loop != nil:
			m.scan(s.Loop.Body)
		case s.While != nil:
			m.scan(s.While.Body)
		case s.ForI != nil:
			m.target(&s.ForI.Var, nil)
			m.scan(s.ForI.Body)
		case s.ForS != nil:
			if plSelect(s.ForS.Query.query()) == nil {
				m.bad = true
			}
			m.target(&s.ForS.Var, nil)
			m.scan(s.ForS.Body)
		case s.ForEach != nil:
			m.other[s.ForEach.Varno] = true
			m.scan(s.ForEach.Body)
		case s.ExecSQL != nil:
			sel := plSelect(s.ExecSQL.SQLStmt.query())
			if sel == nil {
				m.bad = true
				continue
			}
			if s.ExecSQL.Into {
				m.target(s.ExecSQL.Target, m.selectValue(sel))
			}
		case s.Perform != nil:
			if plSelect(s.Perform.Expr.query()) == nil && plValueNode(s.Perform.Expr.query()) == nil {
				m.bad = true
			}
		case s.RetQuery != nil:
			if s.RetQuery.Query == nil || plSelect(s.RetQuery.Query.query()) == nil {
				m.bad = true
			}
		case s.Return != nil, s.Raise != nil, s.Exit != nil:
		default:
			// EXECUTE, dynamic loops, cursors, CALL, RETURN NEXT, GET DIAGNOSTICS and the
			// statements this reading does not decode.
			m.bad = true
		}
	}
}

// kind classifies an expression a body returns or assigns.
func (m *plMember) kind(n *pg_query.Node) memberKind {
	if n == nil {
		return memberKind{k: mkOther}
	}
	if c := n.GetAConst(); c != nil && c.Isnull {
		return memberKind{k: mkNull}
	}
	if v, ok := constBool(n); ok && !v {
		return memberKind{k: mkNull}
	}
	if m.r.currentUser(n) {
		return memberKind{k: mkUser}
	}
	if m.r.memberSetValue(n) {
		return memberKind{k: mkSet}
	}
	if i := m.condArg(n); i > 0 {
		return memberKind{k: mkArg, arg: i}
	}
	if v, ok := m.variable(n); ok {
		return m.vars[v]
	}
	return memberKind{k: mkOther}
}

// variable returns the local variable an unqualified name refers to.
func (m *plMember) variable(n *pg_query.Node) (int, bool) {
	cr := n.GetColumnRef()
	if cr == nil {
		return 0, false
	}
	parts := listName(cr.Fields)
	if len(parts) != 1 || len(cr.Fields) != 1 {
		return 0, false
	}
	i, ok := m.names[parts[0]]
	if !ok || i < 0 || m.params[i] {
		return 0, false
	}
	return i, true
}

// condArg returns the argument whose membership a condition proves when it is true: a
// top-level AND conjunct that is a membership EXISTS or a variable holding one.
func (m *plMember) condArg(n *pg_query.Node) int {
	if n == nil {
		return 0
	}
	for _, c := range conjuncts(n, nil) {
		if i := m.r.memberExistsArg(c, m.cf); i > 0 {
			return i
		}
		if v, ok := m.variable(c); ok && m.vars[v].k == mkArg {
			return m.vars[v].arg
		}
		if m.found > 0 && isFound(c) {
			return m.found
		}
	}
	return 0
}

// isFound reports whether n is PL/pgSQL's FOUND.
func isFound(n *pg_query.Node) bool {
	cr := n.GetColumnRef()
	if cr == nil || len(cr.Fields) != 1 {
		return false
	}
	parts := listName(cr.Fields)
	return len(parts) == 1 && parts[0] == "found"
}

// setFound records a query that sets FOUND (PERFORM, SELECT INTO): FOUND is then true only for
// a member when the query reads a membership row of the current user and the argument, and
// cannot return a row otherwise (no aggregate, grouping or set operation).
func (m *plMember) setFound(sel *pg_query.SelectStmt) {
	m.found = 0
	m.foundAt++
	if sel == nil || len(sel.FromClause) == 0 || sel.GroupClause != nil || sel.HavingClause != nil || sel.Op != pg_query.SetOperation_SETOP_NONE {
		return
	}
	for _, t := range sel.TargetList {
		v := t.GetResTarget().GetVal()
		if v == nil || v.GetColumnRef() == nil && v.GetAConst() == nil {
			return // count(*), bool_or(...): a row whatever the membership
		}
	}
	exists := &pg_query.Node{Node: &pg_query.Node_SubLink{SubLink: &pg_query.SubLink{SubLinkType: pg_query.SubLinkType_EXISTS_SUBLINK,
		Subselect: &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: sel}}}}}
	m.found = m.r.memberExistsArg(exists, m.cf)
}

// forgetFound drops what FOUND proves when a statement walked since before set it: after a
// branch or an exception handler it may hold either value.
func (m *plMember) forgetFound(before int) {
	if m.foundAt != before {
		m.found = 0
	}
}

// negArg returns the argument whose membership a condition's being false proves: NOT
// EXISTS (...).
func (m *plMember) negArg(n *pg_query.Node) int {
	if b := n.GetBoolExpr(); b != nil && b.Boolop == pg_query.BoolExprType_NOT_EXPR && len(b.Args) == 1 {
		return m.condArg(b.Args[0])
	}
	return 0
}

// returns records a value the function returns; under a membership guard any value is true
// only for a member.
func (m *plMember) returns(k memberKind, guard int) {
	if guard > 0 && k.k != mkNull {
		k = memberKind{k: mkArg, arg: guard}
	}
	m.any = m.any || k.k != mkNull
	m.ret = m.ret.join(k)
}

// walk follows the statements with the argument whose membership holds where they run (0 for
// none), and reports whether control can reach the end of the list.
func (m *plMember) walk(stmts []plStmt, guard int) bool {
	for i := range stmts {
		s := &stmts[i]
		switch {
		case s.Block != nil:
			before := m.foundAt
			falls := m.walk(s.Block.Body, guard)
			if s.Block.Exceptions != nil {
				m.forgetFound(before)
				for _, h := range s.Block.Exceptions.B.List {
					falls = m.walk(h.E.Action, guard) || falls
				}
			}
			if !falls {
				return false
			}
		case s.If != nil:
			before := m.foundAt
			cond := plValueNode(s.If.Cond.query())
			then, rest := guard, guard
			if guard == 0 {
				then = m.condArg(cond)
				rest = m.negArg(cond)
			}
			falls := m.walk(s.If.Then, then)
			thenFalls := falls
			for _, ei := range s.If.Elsifs {
				g := rest
				if g == 0 {
					g = m.condArg(plValueNode(ei.E.Cond.query()))
				}
				falls = m.walk(ei.E.Stmts, g) || falls
			}
			falls = m.walk(s.If.Else, rest) || falls
			if !falls {
				return false
			}
			m.forgetFound(before)
			if !thenFalls && rest > 0 {
				// IF NOT EXISTS (...) THEN RETURN false; END IF: what follows runs for members.
				guard = rest
			}
		case s.Case != nil:
			before := m.foundAt
			for _, w := range s.Case.Whens {
				m.walk(w.W.Stmts, guard)
			}
			m.walk(s.Case.Else, guard)
			m.forgetFound(before)
		case s.Loop != nil, s.While != nil, s.ForI != nil, s.ForS != nil, s.ForEach != nil:
			// A loop's body may run any number of times, and FOR sets FOUND when it ends.
			m.found = 0
			m.foundAt++
			switch {
			case s.Loop != nil:
				m.walk(s.Loop.Body, guard)
			case s.While != nil:
				m.walk(s.While.Body, guard)
			case s.ForI != nil:
				m.walk(s.ForI.Body, guard)
			case s.ForS != nil:
				m.walk(s.ForS.Body, guard)
			default:
				m.walk(s.ForEach.Body, guard)
			}
			m.found = 0
		case s.Perform != nil:
			m.setFound(plSelect(s.Perform.Expr.query()))
		case s.ExecSQL != nil:
			m.setFound(plSelect(s.ExecSQL.SQLStmt.query()))
		case s.Return != nil:
			q := s.Return.Expr.query()
			switch {
			case q == "" && s.Return.Retvarno != nil:
				m.returns(memberKind{k: mkOther}, 0) // a row variable
			case q == "":
				m.returns(memberKind{k: mkNull}, 0) // RETURN; of a set-returning or void function
			default:
				m.returns(m.kind(plValueNode(q)), guard)
			}
			return false
		case s.RetQuery != nil:
			m.found = 0
			m.foundAt++
			if m.r.memberSetSelect(plSelect(s.RetQuery.Query.query())) {
				m.returns(memberKind{k: mkSet}, 0)
			} else {
				m.returns(memberKind{k: mkOther}, 0)
			}
		case s.Raise != nil:
			if s.Raise.ElogLevel >= 21 { // ERROR: the function stops here
				return false
			}
		}
	}
	return true
}
