package sqlcheck

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// plEval runs a PL/pgSQL body as far as the migrations determine it: variables, loops over
// arrays and catalog queries, IF guards and the strings EXECUTE runs. What depends on run-time
// data becomes an unknown value; a branch whose condition is unknown runs as if it were taken.
type plEval struct {
	r     *replayer
	fn    *plFunction
	vars  []plValue
	names map[string]int // variable name -> varno (the last declared wins)
	limit bool           // plMaxSteps reached
	exprs map[string]*pg_query.Node
	// catalog says whether catalog queries are answered from the schema model: true for a DO
	// block, which runs at that point of the history; false for a function body, which runs later.
	catalog bool
	// uncertain counts the enclosing branches and loops whose condition or rows are unknown.
	uncertain int
	// static is called for each plain SQL statement reached, dynamic for each string EXECUTE
	// (or FOR ... IN EXECUTE, OPEN ... FOR EXECUTE, RETURN QUERY EXECUTE) would run.
	static  func(line int, query string)
	dynamic func(line int, v plValue)
	// at returns the position of a line of the body, where the functions a statement calls
	// report; line is the line of the statement being run.
	at   func(line int) Pos
	line int
}

type plCtlKind uint8

const (
	ctlNone plCtlKind = iota
	ctlExit
	ctlContinue
	ctlReturn
)

type plCtl struct {
	kind  plCtlKind
	label string
}

func newPLEval(r *replayer, fn *plFunction, catalog bool) *plEval {
	e := &plEval{r: r, fn: fn, catalog: catalog, names: map[string]int{}, exprs: map[string]*pg_query.Node{}}
	e.vars = make([]plValue, len(fn.Datums))
	for i, d := range fn.Datums {
		v := d.Var
		if v == nil {
			v = d.Rec
		}
		if v == nil {
			continue
		}
		e.names[v.Refname] = i
		switch {
		case v.Lineno == 0:
			e.vars[i] = unknown // a parameter, FOUND, SQLSTATE
		case v.Default != nil:
			e.vars[i] = e.expr(v.Default.query())
		default:
			e.vars[i] = nullV()
		}
	}
	return e
}

func (e *plEval) run() { e.execList([]plStmt{e.fn.Action}) }

func (e *plEval) setVar(varno int, v plValue) {
	if varno >= 0 && varno < len(e.vars) {
		e.vars[varno] = v
	}
}

func (e *plEval) isRecord(varno int) bool {
	if varno < 0 || varno >= len(e.fn.Datums) {
		return false
	}
	d := e.fn.Datums[varno]
	if d.Rec != nil {
		return true
	}
	return d.Var != nil && d.Var.Datatype != nil && strings.TrimSpace(d.Var.Datatype.T.Typname) == "record"
}

// assign stores a row (a record; unknown when the row is not known) into a loop or INTO target.
func (e *plEval) assign(t *plTarget, row plValue) {
	if t == nil {
		return
	}
	switch {
	case t.Row != nil:
		f := t.Row.Fields
		if len(f) == 1 && e.isRecord(f[0].Varno) {
			e.setVar(f[0].Varno, row)
			return
		}
		for i, fld := range f {
			v := unknown
			if row.k == vRecord && i < len(row.vals) {
				v = row.vals[i]
			}
			e.setVar(fld.Varno, v)
		}
	case t.Var != nil || t.Rec != nil:
		v := t.Var
		if v == nil {
			v = t.Rec
		}
		if n, ok := e.names[v.Refname]; ok {
			if row.k == vRecord && !e.isRecord(n) {
				if len(row.vals) > 0 {
					row = row.vals[0]
				} else {
					row = unknown
				}
			}
			e.setVar(n, row)
		}
	}
}

// tick counts one step of work (n steps with cost); the count is shared with the DO blocks
// an EXECUTE runs, so that nesting cannot multiply the bound.
func (e *plEval) tick() bool { return e.cost(1) }

func (e *plEval) cost(n int) bool {
	e.r.plSteps += n
	if e.r.plSteps > plMaxSteps {
		e.limit = true
	}
	return !e.limit
}

func (e *plEval) execList(stmts []plStmt) plCtl {
	for i := range stmts {
		if c := e.exec(&stmts[i]); c.kind != ctlNone {
			return c
		}
		if e.limit {
			return plCtl{kind: ctlReturn}
		}
	}
	return plCtl{}
}

// branches runs statement lists of which it is not known which one runs: each from the same
// state, as if it ran; a variable the branches leave differently becomes unknown.
func (e *plEval) branches(lists [][]plStmt, mayRunNone bool) {
	e.uncertain++
	defer func() { e.uncertain-- }()
	start := append([]plValue(nil), e.vars...)
	var results [][]plValue
	for _, l := range lists {
		copy(e.vars, start)
		e.execList(l)
		results = append(results, append([]plValue(nil), e.vars...))
	}
	if mayRunNone {
		results = append(results, start)
	}
	copy(e.vars, start)
	for i := range e.vars {
		for _, res := range results {
			if !sameV(res[i], results[0][i]) {
				e.vars[i] = unknown
				break
			}
		}
		if len(results) > 0 && e.vars[i].k != vUnknown {
			e.vars[i] = results[0][i]
		}
	}
}

// sameV reports whether two values are certainly the same.
func sameV(a, b plValue) bool {
	if a.k != b.k || !a.known() || !b.known() {
		return false
	}
	switch a.k {
	case vNull:
		return true
	case vArray:
		if len(a.arr) != len(b.arr) {
			return false
		}
		for i := range a.arr {
			if !sameV(a.arr[i], b.arr[i]) {
				return false
			}
		}
		return true
	case vRecord:
		if len(a.vals) != len(b.vals) {
			return false
		}
		for i := range a.vals {
			if a.cols[i] != b.cols[i] || !sameV(a.vals[i], b.vals[i]) {
				return false
			}
		}
		return true
	}
	return a.s == b.s && a.i == b.i && a.b == b.b
}

// loopCtl says what a loop does with the control result of one iteration: stop reports
// whether the loop ends, out is what the loop passes on.
func loopCtl(c plCtl, label string) (stop bool, out plCtl) {
	switch c.kind {
	case ctlExit:
		if c.label == "" || c.label == label {
			return true, plCtl{}
		}
		return true, c
	case ctlContinue:
		if c.label == "" || c.label == label {
			return false, plCtl{}
		}
		return true, c
	case ctlReturn:
		return true, c
	}
	return false, plCtl{}
}

// iterate runs a loop body once per row; rows nil means the rows are not known, and the body
// runs once, as if, with the loop variable unknown.
func (e *plEval) iterate(label string, rows []plValue, known bool, set func(plValue), body []plStmt) plCtl {
	if !known {
		set(unknown)
		e.branches([][]plStmt{body}, true)
		set(unknown)
		return plCtl{}
	}
	for _, row := range rows {
		if !e.tick() {
			return plCtl{kind: ctlReturn}
		}
		set(row)
		if stop, out := loopCtl(e.execList(body), label); stop {
			return out
		}
	}
	return plCtl{}
}

func (e *plEval) exec(s *plStmt) plCtl {
	if !e.tick() {
		return plCtl{kind: ctlReturn}
	}
	if l := s.lineno(); l > 0 {
		e.line = l
	}
	switch {
	case s.Block != nil:
		c := e.execList(s.Block.Body)
		if c.kind == ctlExit && c.label != "" && c.label == s.Block.Label {
			return plCtl{}
		}
		return c
	case s.Assign != nil:
		e.setVar(s.Assign.Varno, e.assignExpr(s.Assign.Expr.query()))
	case s.If != nil:
		conds := []*plExpr{s.If.Cond}
		lists := [][]plStmt{s.If.Then}
		for _, ei := range s.If.Elsifs {
			conds = append(conds, ei.E.Cond)
			lists = append(lists, ei.E.Stmts)
		}
		return e.choose(conds, lists, s.If.Else, true)
	case s.Case != nil:
		c := s.Case
		if c.TExpr != nil {
			e.setVar(c.TVarno, e.expr(c.TExpr.query()))
		}
		var conds []*plExpr
		var lists [][]plStmt
		for _, w := range c.Whens {
			conds = append(conds, w.W.Expr)
			lists = append(lists, w.W.Stmts)
		}
		return e.choose(conds, lists, c.Else, true)
	case s.Loop != nil:
		for {
			if !e.tick() {
				return plCtl{kind: ctlReturn}
			}
			if stop, out := loopCtl(e.execList(s.Loop.Body), s.Loop.Label); stop {
				return out
			}
		}
	case s.While != nil:
		for {
			if !e.tick() {
				return plCtl{kind: ctlReturn}
			}
			b, ok := e.expr(s.While.Cond.query()).truth()
			if !ok {
				e.branches([][]plStmt{s.While.Body}, true)
				return plCtl{}
			}
			if !b {
				return plCtl{}
			}
			if stop, out := loopCtl(e.execList(s.While.Body), s.While.Label); stop {
				return out
			}
		}
	case s.ForI != nil:
		f := s.ForI
		lo, hi := castV(e.expr(f.Lower.query()), "int"), castV(e.expr(f.Upper.query()), "int")
		step := plValue{k: vInt, i: 1}
		if f.Step != nil {
			step = castV(e.expr(f.Step.query()), "int")
		}
		set := func(v plValue) { e.assign(&f.Var, v) }
		if lo.k != vInt || hi.k != vInt || step.k != vInt || step.i <= 0 {
			return e.iterate(f.Label, nil, false, set, f.Body)
		}
		if n := (hi.i - lo.i) / step.i; f.Reverse && -n > plMaxArray || !f.Reverse && n > plMaxArray {
			e.limit = true
			return plCtl{kind: ctlReturn}
		}
		var rows []plValue
		if f.Reverse {
			for i := lo.i; i >= hi.i && len(rows) <= plMaxArray; i -= step.i {
				rows = append(rows, plValue{k: vInt, i: i})
			}
		} else {
			for i := lo.i; i <= hi.i && len(rows) <= plMaxArray; i += step.i {
				rows = append(rows, plValue{k: vInt, i: i})
			}
		}
		return e.iterate(f.Label, rows, true, set, f.Body)
	case s.ForEach != nil:
		f := s.ForEach
		arr := e.expr(f.Expr.query())
		set := func(v plValue) { e.setVar(f.Varno, v) }
		if arr.k == vNull {
			return plCtl{} // FOREACH over NULL is an error; nothing after it runs either way
		}
		return e.iterate(f.Label, arr.arr, arr.k == vArray && f.Slice == 0, set, f.Body)
	case s.ForS != nil:
		f := s.ForS
		rows, ok := e.query(f.Query.query())
		return e.iterate(f.Label, rows, ok, func(v plValue) { e.assign(&f.Var, v) }, f.Body)
	case s.ForC != nil:
		f := s.ForC
		return e.iterate(f.Label, nil, false, func(v plValue) { e.assign(&f.Var, v) }, f.Body)
	case s.DynFors != nil:
		f := s.DynFors
		q := e.expr(f.Query.query())
		e.dynamic(f.Lineno, q)
		rows, ok := []plValue(nil), false
		if q.known() && q.k == vText {
			rows, ok = e.query(q.s)
		}
		return e.iterate(f.Label, rows, ok, func(v plValue) { e.assign(&f.Var, v) }, f.Body)
	case s.Exit != nil:
		x := s.Exit
		kind := ctlContinue
		if x.IsExit {
			kind = ctlExit
		}
		if x.Cond != nil {
			if b, ok := e.expr(x.Cond.query()).truth(); ok && !b {
				return plCtl{}
			}
		}
		return plCtl{kind: kind, label: x.Label}
	case s.Return != nil:
		if e.uncertain == 0 {
			return plCtl{kind: ctlReturn}
		}
	case s.Raise != nil:
		if s.Raise.ElogLevel >= 21 && e.uncertain == 0 { // ERROR: the block stops here
			return plCtl{kind: ctlReturn}
		}
	case s.ExecSQL != nil:
		x := s.ExecSQL
		q := x.SQLStmt.query()
		e.static(x.Lineno, q)
		e.setFound()
		if x.Into {
			row := unknown
			if rows, ok := e.query(q); ok {
				row = plValue{k: vRecord}
				if len(rows) > 0 {
					row = rows[0]
				}
			}
			e.assign(x.Target, row)
		}
	case s.DynExecute != nil:
		x := s.DynExecute
		e.dynamic(x.Lineno, e.expr(x.Query.query()))
		e.setFound()
		if x.Into {
			e.assign(x.Target, unknown)
		}
	case s.Perform != nil:
		e.query(s.Perform.Expr.query()) // runs the functions it calls
		e.setFound()
	case s.GetDiag != nil:
		for _, it := range s.GetDiag.Items {
			e.setVar(it.I.Target, unknown)
		}
	case s.Fetch != nil:
		e.assign(s.Fetch.Target, unknown)
		e.setFound()
	case s.Call != nil:
		e.assign(s.Call.Target, unknown)
	case s.Open != nil:
		if s.Open.DynQuery != nil {
			e.dynamic(s.Open.Lineno, e.expr(s.Open.DynQuery.query()))
		}
	case s.RetQuery != nil:
		if s.RetQuery.DynQuery != nil {
			e.dynamic(s.RetQuery.Lineno, e.expr(s.RetQuery.DynQuery.query()))
		}
	}
	return plCtl{}
}

// setFound makes FOUND unknown after a statement that sets it.
func (e *plEval) setFound() {
	if n, ok := e.names["found"]; ok {
		e.setVar(n, unknown)
	}
}

// choose runs the first list whose condition holds (else the else list); from the first
// unknown condition on, every remaining list may run.
func (e *plEval) choose(conds []*plExpr, lists [][]plStmt, els []plStmt, hasElse bool) plCtl {
	for i, c := range conds {
		b, ok := e.expr(c.query()).truth()
		if ok && !b {
			continue
		}
		if ok {
			return e.execList(lists[i])
		}
		rest := append([][]plStmt(nil), lists[i:]...)
		rest = append(rest, els)
		e.branches(rest, false)
		return plCtl{}
	}
	return e.execList(els)
}

// parsed parses an expression (or, with stmt, a query) once.
func (e *plEval) parsed(q string, stmt bool) *pg_query.Node {
	key := q
	if stmt {
		key = "\x00" + q
	}
	if n, ok := e.exprs[key]; ok {
		return n
	}
	e.cost(len(q) / 256)
	var n *pg_query.Node
	text := q
	if !stmt {
		text = "SELECT " + q
	}
	if tree, err := pg_query.Parse(text); err == nil && len(tree.Stmts) == 1 {
		n = tree.Stmts[0].Stmt
	}
	e.exprs[key] = n
	return n
}

// expr evaluates a PL/pgSQL expression (the text after SELECT).
func (e *plEval) expr(q string) plValue {
	if q == "" || !e.tick() {
		return unknown
	}
	n := e.parsed(q, false)
	sel := n.GetSelectStmt()
	if sel == nil || len(sel.FromClause) > 0 || len(sel.TargetList) != 1 || sel.WhereClause != nil {
		return unknown
	}
	rt := sel.TargetList[0].GetResTarget()
	if rt == nil {
		return unknown
	}
	return e.eval(rt.Val, nil)
}

// assignExpr evaluates the right-hand side of "target := expression".
func (e *plEval) assignExpr(q string) plValue {
	sr, err := pg_query.Scan(q)
	if err != nil {
		return unknown
	}
	for i, t := range sr.Tokens {
		if t.Token == pg_query.Token_COLON_EQUALS || t.Token == pg_query.Token_ASCII_61 {
			if i != 1 { // arr[i] := x, rec.field := x
				return unknown
			}
			if int(t.End) > len(q) {
				return unknown
			}
			return e.expr(q[t.End:])
		}
	}
	return unknown
}

// plRowCtx is the current row of a catalog query: qualified (alias.col) and bare column names.
type plRowCtx struct {
	names  []string
	vals   []plValue
	parent *plRowCtx // the row of the enclosing query, for a correlated subquery
}

func (c *plRowCtx) lookup(name string) (plValue, bool) {
	for ; c != nil; c = c.parent {
		for i, n := range c.names {
			if n == name {
				return c.vals[i], true
			}
		}
	}
	return unknown, false
}

func (e *plEval) variable(name string) (plValue, bool) {
	n, ok := e.names[name]
	if !ok {
		return unknown, false
	}
	return e.vars[n], true
}

// eval evaluates an expression node, in the context of a catalog row when row is not nil.
func (e *plEval) eval(n *pg_query.Node, row *plRowCtx) plValue {
	if n == nil {
		return unknown
	}
	switch x := n.Node.(type) {
	case *pg_query.Node_AConst:
		c := x.AConst
		if c.Isnull {
			return nullV()
		}
		switch v := c.Val.(type) {
		case *pg_query.A_Const_Sval:
			return textV(v.Sval.Sval)
		case *pg_query.A_Const_Ival:
			return plValue{k: vInt, i: int64(v.Ival.Ival)}
		case *pg_query.A_Const_Boolval:
			return boolV(v.Boolval.Boolval)
		}
		return unknown
	case *pg_query.Node_ColumnRef:
		var parts []string
		for _, f := range x.ColumnRef.Fields {
			s := f.GetString_()
			if s == nil {
				return unknown
			}
			parts = append(parts, s.Sval)
		}
		switch len(parts) {
		case 1:
			if v, ok := row.lookup(parts[0]); ok {
				return v
			}
			v, _ := e.variable(parts[0])
			return v
		case 2:
			if v, ok := row.lookup(parts[0] + "." + parts[1]); ok {
				return v
			}
			if v, ok := e.variable(parts[0]); ok {
				return v.field(parts[1])
			}
		}
		return unknown
	case *pg_query.Node_TypeCast:
		v := e.eval(x.TypeCast.Arg, row)
		names := listName(x.TypeCast.TypeName.GetNames())
		if len(names) == 0 {
			return unknown
		}
		typ := names[len(names)-1]
		if len(x.TypeCast.TypeName.GetArrayBounds()) > 0 {
			typ += "[]"
		}
		switch typ {
		case "regclass":
			return e.regclass(v)
		case "regnamespace":
			if v.k == vText && v.known() {
				return textV("ns:" + v.s)
			}
		}
		return castV(v, typ)
	case *pg_query.Node_AArrayExpr:
		var out []plValue
		for _, el := range x.AArrayExpr.Elements {
			out = append(out, e.eval(el, row))
		}
		return plValue{k: vArray, arr: out}
	case *pg_query.Node_BoolExpr:
		return e.boolExpr(x.BoolExpr, row)
	case *pg_query.Node_NullTest:
		v := e.eval(x.NullTest.Arg, row)
		if v.k == vUnknown {
			return unknown
		}
		isNull := v.k == vNull
		if x.NullTest.Nulltesttype == pg_query.NullTestType_IS_NOT_NULL {
			return boolV(!isNull)
		}
		return boolV(isNull)
	case *pg_query.Node_CoalesceExpr:
		for _, a := range x.CoalesceExpr.Args {
			v := e.eval(a, row)
			if v.k != vNull {
				return v
			}
		}
		return nullV()
	case *pg_query.Node_AExpr:
		return e.aExpr(x.AExpr, row)
	case *pg_query.Node_FuncCall:
		return e.funcCall(x.FuncCall, row)
	case *pg_query.Node_SubLink:
		return e.subLink(x.SubLink, row)
	}
	return unknown
}

func (e *plEval) boolExpr(b *pg_query.BoolExpr, row *plRowCtx) plValue {
	switch b.Boolop {
	case pg_query.BoolExprType_NOT_EXPR:
		if len(b.Args) != 1 {
			return unknown
		}
		return notV(e.eval(b.Args[0], row))
	case pg_query.BoolExprType_AND_EXPR, pg_query.BoolExprType_OR_EXPR:
		and := b.Boolop == pg_query.BoolExprType_AND_EXPR
		res := boolV(and)
		for _, a := range b.Args {
			v := e.eval(a, row)
			t, ok := v.truth()
			switch {
			case ok && v.k == vBool && t != and:
				return boolV(!and) // false AND ..., true OR ...
			case !ok:
				res = unknown
			case v.k == vNull && res.k == vBool:
				res = nullV()
			}
		}
		return res
	}
	return unknown
}

// lastName returns the last part of a qualified name (an operator, a function).
func lastName(names []*pg_query.Node) string {
	n := listName(names)
	if len(n) == 0 {
		return ""
	}
	return n[len(n)-1]
}

func (e *plEval) aExpr(a *pg_query.A_Expr, row *plRowCtx) plValue {
	op := lastName(a.Name)
	switch a.Kind {
	case pg_query.A_Expr_Kind_AEXPR_OP:
		l, r := e.eval(a.Lexpr, row), e.eval(a.Rexpr, row)
		if a.Lexpr == nil {
			return unknown
		}
		switch op {
		case "||":
			return concatV(l, r)
		case "=":
			return equalV(l, r)
		case "<>", "!=":
			return notV(equalV(l, r))
		case "<", ">", "<=", ">=":
			c, ok := compareV(l, r)
			if !ok {
				return unknown
			}
			return boolV(op == "<" && c < 0 || op == ">" && c > 0 || op == "<=" && c <= 0 || op == ">=" && c >= 0)
		case "+", "-", "*":
			if l.k != vInt || r.k != vInt {
				return unknown
			}
			switch op {
			case "+":
				return plValue{k: vInt, i: l.i + r.i}
			case "-":
				return plValue{k: vInt, i: l.i - r.i}
			}
			return plValue{k: vInt, i: l.i * r.i}
		case "~~", "!~~", "~~*", "!~~*":
			return likeOp(l, r, op)
		}
	case pg_query.A_Expr_Kind_AEXPR_LIKE, pg_query.A_Expr_Kind_AEXPR_ILIKE:
		return likeOp(e.eval(a.Lexpr, row), e.eval(a.Rexpr, row), op)
	case pg_query.A_Expr_Kind_AEXPR_IN:
		l := e.eval(a.Lexpr, row)
		list := a.Rexpr.GetList()
		if list == nil {
			return unknown
		}
		var vals []plValue
		for _, it := range list.Items {
			vals = append(vals, e.eval(it, row))
		}
		res := anyEqual(l, vals)
		if op == "<>" {
			return notV(res)
		}
		return res
	case pg_query.A_Expr_Kind_AEXPR_OP_ANY:
		arr := e.eval(a.Rexpr, row)
		if arr.k != vArray || op != "=" {
			return unknown
		}
		return anyEqual(e.eval(a.Lexpr, row), arr.arr)
	case pg_query.A_Expr_Kind_AEXPR_DISTINCT, pg_query.A_Expr_Kind_AEXPR_NOT_DISTINCT:
		l, r := e.eval(a.Lexpr, row), e.eval(a.Rexpr, row)
		if !l.known() || !r.known() {
			return unknown
		}
		same := l.k == vNull && r.k == vNull
		if l.k != vNull && r.k != vNull {
			eq, _ := equalV(l, r).truth()
			same = eq
		}
		return boolV(same == (a.Kind == pg_query.A_Expr_Kind_AEXPR_NOT_DISTINCT))
	}
	return unknown
}

func likeOp(l, r plValue, op string) plValue {
	if l.k == vNull || r.k == vNull {
		return nullV()
	}
	if l.k != vText || r.k != vText || !l.known() || !r.known() {
		return unknown
	}
	s, p := l.s, r.s
	if strings.Contains(op, "*") {
		s, p = strings.ToLower(s), strings.ToLower(p)
	}
	return boolV(likeV(s, p) != strings.HasPrefix(op, "!"))
}

// anyEqual is l IN (vals).
func anyEqual(l plValue, vals []plValue) plValue {
	res := boolV(false)
	for _, v := range vals {
		eq := equalV(l, v)
		if b, ok := eq.truth(); ok && eq.k == vBool && b {
			return eq
		}
		if eq.k != vBool {
			res = unknown
		}
	}
	return res
}

func (e *plEval) funcCall(fc *pg_query.FuncCall, row *plRowCtx) plValue {
	name := listName(fc.Funcname)
	if len(name) == 0 || len(name) > 2 || len(name) == 2 && name[0] != "pg_catalog" || fc.AggStar || fc.Over != nil {
		return unknown
	}
	var args []plValue
	for _, a := range fc.Args {
		args = append(args, e.eval(a, row))
	}
	arg := func(i int) plValue {
		if i < len(args) {
			return args[i]
		}
		return unknown
	}
	switch name[len(name)-1] {
	case "format":
		if len(args) == 0 || fc.FuncVariadic {
			return unknown
		}
		return formatV(args[0], args[1:])
	case "quote_ident":
		return quoteV(arg(0), true)
	case "quote_literal":
		if arg(0).k == vNull {
			return nullV()
		}
		return quoteV(arg(0), false)
	case "quote_nullable":
		return quoteV(arg(0), false)
	case "concat":
		out := textV("")
		for _, a := range args {
			if a.k != vNull {
				out = concatV(out, a)
			}
		}
		return out
	case "concat_ws":
		if len(args) == 0 || args[0].k == vNull {
			return nullV()
		}
		out, first := textV(""), true
		for _, a := range args[1:] {
			if a.k == vNull {
				continue
			}
			if !first {
				out = concatV(out, args[0])
			}
			out, first = concatV(out, a), false
		}
		return out
	case "lower", "upper":
		v := arg(0)
		if v.k != vText || !v.known() {
			return v
		}
		if name[len(name)-1] == "lower" {
			return textV(strings.ToLower(v.s))
		}
		return textV(strings.ToUpper(v.s))
	case "string_to_array":
		s, sep := arg(0), arg(1)
		if s.k != vText || sep.k != vText || !s.known() || !sep.known() || sep.s == "" {
			return unknown
		}
		var out []plValue
		for _, p := range strings.Split(s.s, sep.s) {
			out = append(out, textV(p))
		}
		if len(out) > plMaxArray {
			return unknown
		}
		return plValue{k: vArray, arr: out}
	case "to_regclass":
		v := e.regclass(arg(0))
		if v.k == vUnknown && arg(0).known() && e.catalog {
			return nullV()
		}
		return v
	case "current_schema":
		if len(args) == 0 {
			return textV(e.r.schema)
		}
	}
	if st := e.r.storedPL(fc); st != nil && e.catalog && e.at != nil {
		e.r.callPL(st, args, e.at(e.line))
	}
	return unknown
}

// regclass resolves a table or view name the way a ::regclass cast does, against the model.
// The result is the relation's qualified name, which also serves as its oid.
func (e *plEval) regclass(v plValue) plValue {
	if !e.catalog || v.k != vText || !v.known() {
		return unknown
	}
	tree, err := pg_query.Parse("SELECT * FROM " + v.s)
	if err != nil || len(tree.Stmts) != 1 {
		return unknown
	}
	sel := tree.Stmts[0].Stmt.GetSelectStmt()
	if sel == nil || len(sel.FromClause) != 1 {
		return unknown
	}
	rv := sel.FromClause[0].GetRangeVar()
	if rv == nil {
		return unknown
	}
	if t := e.r.table(rv); t != nil {
		return textV(t.Name)
	}
	name := e.r.rvName(rv)
	if e.r.s.Views[name] != nil {
		return textV(name)
	}
	return unknown
}

func (e *plEval) subLink(sl *pg_query.SubLink, row *plRowCtx) plValue {
	sel := sl.Subselect.GetSelectStmt()
	if sel == nil {
		return unknown
	}
	rows, ok := e.selectRows(sel, row)
	if !ok {
		return unknown
	}
	switch sl.SubLinkType {
	case pg_query.SubLinkType_EXISTS_SUBLINK:
		return boolV(len(rows) > 0)
	case pg_query.SubLinkType_EXPR_SUBLINK:
		if len(rows) == 0 {
			return nullV()
		}
		if len(rows) > 1 || len(rows[0].vals) != 1 {
			return unknown
		}
		return rows[0].vals[0]
	case pg_query.SubLinkType_ANY_SUBLINK:
		if op := lastName(sl.OperName); op != "" && op != "=" {
			return unknown
		}
		var vals []plValue
		for _, r := range rows {
			if len(r.vals) != 1 {
				return unknown
			}
			vals = append(vals, r.vals[0])
		}
		return anyEqual(e.eval(sl.Testexpr, row), vals)
	}
	return unknown
}

// lineno returns the line a statement starts on, 0 when it is not known.
func (s *plStmt) lineno() int {
	switch {
	case s.Block != nil:
		return s.Block.Lineno
	case s.Assign != nil:
		return s.Assign.Lineno
	case s.If != nil:
		return s.If.Lineno
	case s.Case != nil:
		return s.Case.Lineno
	case s.Loop != nil:
		return s.Loop.Lineno
	case s.While != nil:
		return s.While.Lineno
	case s.ForI != nil:
		return s.ForI.Lineno
	case s.ForS != nil:
		return s.ForS.Lineno
	case s.ForC != nil:
		return s.ForC.Lineno
	case s.ForEach != nil:
		return s.ForEach.Lineno
	case s.DynFors != nil:
		return s.DynFors.Lineno
	case s.ExecSQL != nil:
		return s.ExecSQL.Lineno
	case s.DynExecute != nil:
		return s.DynExecute.Lineno
	case s.Perform != nil:
		return s.Perform.Lineno
	case s.Call != nil:
		return s.Call.Lineno
	}
	return 0
}
