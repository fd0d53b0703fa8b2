package sqlscope

import (
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/querymodel"
	"github.com/tenantvet/tenantvet/internal/taint"
)

// The gobuffalo/pop recogniser. A pop statement is run by a finisher (Find, First, Last, All,
// Count, Exists, Create, Update, Destroy, Delete, Exec...) on a *pop.Connection or on a
// *pop.Query built from one (Q(), pop.Q(c), Where, RawQuery, Scope, Join...). The finisher's
// receiver is followed back to the connection, through variables and branches (each path a
// variant); the steps are replayed the way pop writes its statement: every Where fragment as
// it is, joined by AND without parentheses (so an OR inside one fragment binds across the
// others, as in pop's SQL), Find's id condition ("table.id = ?") appended to them, a RawQuery
// replacing the statement and making later Wheres no-ops. Tables are the model's TableName,
// else pop's naming (snake case, plural).

// popStep is one step of a pop chain.
type popStep struct {
	kind string // "start", "where", "raw", "join", "dynamic"
	sql  ssa.Value
	args ssa.Value
	join string // join: the JOIN keyword
	tbl  string // join: the joined table
}

// popMethod returns the pop method (on *Connection, *Query or Query) a call invokes, or nil.
func popMethod(common *ssa.CallCommon) *types.Func {
	fn := taint.Callee(common)
	if fn == nil || fn.Pkg() == nil || knownapi.PkgPath(fn.Pkg()) != knownapi.PkgPop {
		return nil
	}
	if fn.Type().(*types.Signature).Recv() == nil {
		return nil
	}
	return fn
}

func isPopConn(t types.Type) bool  { return knownapi.IsNamed(t, knownapi.PkgPop, "Connection") }
func isPopQuery(t types.Type) bool { return knownapi.IsNamed(t, knownapi.PkgPop, "Query") }

// popSite returns the query site of a pop finisher, or nil.
func (c *checker) popSite(fn *ssa.Function, call ssa.CallInstruction) *querySite {
	m := popMethod(call.Common())
	if m == nil {
		return nil
	}
	fin, ok := knownapi.PopFinishers[m.Name()]
	if !ok {
		return nil
	}
	recv := taint.Receiver(call.Common())
	if recv == nil {
		return nil
	}
	var variants [][]popStep
	var base ssa.Value
	switch {
	case isPopConn(recv.Type()):
		variants, base = [][]popStep{{{kind: "start"}}}, recv
	case isPopQuery(recv.Type()):
		variants, base = c.popChain(recv, 0)
	default:
		return nil
	}
	st := &querySite{fn: fn, instr: call, handles: []ssa.Value{base}}
	args := taint.Args(call.Common())
	ran := false
	for _, v := range variants {
		if c.popQuery(st, v, fin, args) {
			ran = true
		}
	}
	if !ran {
		return nil
	}
	slices.Sort(st.sqls)
	st.sqls = slices.Compact(st.sqls)
	return st
}

// popChain returns the variants of the chain that built a query value and the connection it
// was made from (the value the chain starts from when that is not visible: a variant then has
// no "start" step).
func (c *checker) popChain(v ssa.Value, depth int) ([][]popStep, ssa.Value) {
	if depth > maxDepth {
		return [][]popStep{nil}, v
	}
	switch x := v.(type) {
	case *ssa.UnOp:
		if x.Op == token.MUL && isPopQuery(x.Type()) {
			return c.popChain(x.X, depth+1) // a Query method with a value receiver (Count)
		}
	case *ssa.Call:
		if g := x.Call.StaticCallee(); g != nil && g.Blocks != nil && g.Pkg != nil && g.Pkg.Pkg == c.pass.Pkg && isPopQuery(x.Type()) {
			return c.popHelper(g, x.Call.Args, depth)
		}
		callee := taint.Callee(&x.Call)
		if callee == nil || callee.Pkg() == nil || knownapi.PkgPath(callee.Pkg()) != knownapi.PkgPop || !isPopQuery(x.Type()) {
			break
		}
		args := taint.Args(&x.Call)
		sig := callee.Type().(*types.Signature)
		if sig.Recv() == nil {
			if callee.Name() == "Q" && len(args) == 1 {
				return [][]popStep{{{kind: "start"}}}, args[0]
			}
			break
		}
		recv := taint.Receiver(&x.Call)
		var prev [][]popStep
		var base ssa.Value
		if isPopConn(recv.Type()) {
			prev, base = [][]popStep{{{kind: "start"}}}, recv
		} else {
			prev, base = c.popChain(recv, depth+1)
		}
		steps := c.popStepOf(callee, args)
		if len(steps) == 0 {
			return prev, base
		}
		var out [][]popStep
		for _, p := range prev {
			for _, s := range steps {
				out = append(out, append(slices.Clip(p), s...))
			}
		}
		if len(out) > maxVariants {
			out = out[:maxVariants]
		}
		return out, base
	case *ssa.Phi:
		var out [][]popStep
		var base ssa.Value
		for _, e := range x.Edges {
			vs, b := c.popChain(e, depth+1)
			out = append(out, vs...)
			if base == nil {
				base = b
			}
		}
		if len(out) > maxVariants {
			out = out[:maxVariants]
		}
		return out, base
	}
	return [][]popStep{nil}, v
}

// popHelper returns the variants of a query a function of the package returns (a helper that
// adds conditions to the query or connection it is given): its chains, each continued from the
// caller's chain of the argument it starts from.
func (c *checker) popHelper(g *ssa.Function, args []ssa.Value, depth int) ([][]popStep, ssa.Value) {
	var out [][]popStep
	var base ssa.Value
	for _, b := range g.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || len(ret.Results) != 1 {
			continue
		}
		vs, from := c.popChain(ret.Results[0], depth+1)
		i := -1
		if p, ok := from.(*ssa.Parameter); ok && p.Parent() == g {
			i = slices.Index(g.Params, p)
		}
		if i < 0 || i >= len(args) {
			out = append(out, vs...)
			if base == nil {
				base = from
			}
			continue
		}
		// The chain starts at the helper's parameter: the caller's argument.
		var prev [][]popStep
		var b2 ssa.Value
		if isPopConn(args[i].Type()) {
			prev, b2 = [][]popStep{{{kind: "start"}}}, args[i]
		} else {
			prev, b2 = c.popChain(args[i], depth+1)
		}
		if base == nil {
			base = b2
		}
		for _, v := range vs {
			if len(v) > 0 && v[0].kind == "start" {
				v = v[1:] // started on the parameter connection
			}
			for _, p := range prev {
				out = append(out, append(slices.Clip(p), v...))
			}
		}
	}
	if len(out) > maxVariants {
		out = out[:maxVariants]
	}
	if len(out) == 0 {
		return [][]popStep{nil}, base
	}
	return out, base
}

// popStepOf returns the variants of the steps a chain method adds.
func (c *checker) popStepOf(m *types.Func, args []ssa.Value) [][]popStep {
	switch m.Name() {
	case "Where":
		if len(args) == 2 {
			return [][]popStep{{{kind: "where", sql: args[0], args: args[1]}}}
		}
	case "RawQuery":
		if len(args) == 2 {
			return [][]popStep{{{kind: "raw", sql: args[0], args: args[1]}}}
		}
	case "Join", "LeftJoin", "RightJoin", "LeftOuterJoin", "RightOuterJoin", "InnerJoin":
		if len(args) == 3 {
			kw := map[string]string{
				"Join": "JOIN", "LeftJoin": "LEFT JOIN", "RightJoin": "RIGHT JOIN",
				"LeftOuterJoin": "LEFT OUTER JOIN", "RightOuterJoin": "RIGHT OUTER JOIN", "InnerJoin": "INNER JOIN",
			}[m.Name()]
			tbl, ok := taint.ConstString(args[0])
			if !ok {
				return [][]popStep{{{kind: "dynamic"}}}
			}
			return [][]popStep{{{kind: "join", join: kw, tbl: tbl, sql: args[1], args: args[2]}}}
		}
	case "Scope":
		if len(args) == 1 {
			return c.popBody(args[0])
		}
	}
	return nil
}

// popBody returns the steps a scope function adds: the chain from its parameter to what it
// returns.
func (c *checker) popBody(v ssa.Value) [][]popStep {
	var fn *ssa.Function
	switch f := taint.Concrete(v).(type) {
	case *ssa.MakeClosure:
		fn = f.Fn.(*ssa.Function)
	case *ssa.Function:
		fn = f
	case *ssa.ChangeType:
		return c.popBody(f.X)
	case *ssa.Call:
		// A function of the package that returns the scope function (byTenant(t)).
		if g := f.Call.StaticCallee(); g != nil && g.Blocks != nil {
			var out [][]popStep
			for _, b := range g.Blocks {
				if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && len(ret.Results) == 1 {
					if _, isCall := taint.Concrete(ret.Results[0]).(*ssa.Call); isCall {
						return [][]popStep{{{kind: "dynamic"}}} // one level only
					}
					out = append(out, c.popBody(ret.Results[0])...)
				}
			}
			if len(out) > 0 {
				return out
			}
		}
	}
	if fn == nil || fn.Blocks == nil {
		return [][]popStep{{{kind: "dynamic"}}}
	}
	var out [][]popStep
	for _, b := range fn.Blocks {
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && len(ret.Results) == 1 {
			vs, _ := c.popChain(ret.Results[0], 1)
			out = append(out, vs...)
		}
	}
	if len(out) == 0 {
		return [][]popStep{{{kind: "dynamic"}}}
	}
	return out
}

// popInRegex is pop's own: a fragment's "in (?)" takes as many placeholders as arguments.
var popInRegex = regexp.MustCompile(`(?i)in\s*\(\s*\?\s*\)`)

// popFragments returns the variants of a fragment's text and whether some part is built at
// run time. A string built from constants (cond := "a < ?"; cond += " OR ..."; a branch
// choosing between constants) has each constant result as a variant.
func (c *checker) popFragments(v ssa.Value) (texts []string, dynamic bool) {
	texts, ok := constVariants(v, 0)
	if !ok || len(texts) == 0 {
		return nil, true
	}
	return texts, false
}

// constVariants returns the constant strings v may hold: constants, their concatenations and
// the edges of a branch; ok is false when some part is not constant.
func constVariants(v ssa.Value, depth int) ([]string, bool) {
	if depth > 8 {
		return nil, false
	}
	switch x := v.(type) {
	case *ssa.Const:
		if x.Value != nil && x.Value.Kind() == constant.String {
			return []string{constant.StringVal(x.Value)}, true
		}
	case *ssa.MakeInterface:
		return constVariants(x.X, depth+1)
	case *ssa.Phi:
		var out []string
		for _, e := range x.Edges {
			vs, ok := constVariants(e, depth+1)
			if !ok {
				return nil, false
			}
			out = append(out, vs...)
		}
		slices.Sort(out)
		out = slices.Compact(out)
		return out, len(out) <= maxVariants
	case *ssa.BinOp:
		if x.Op != token.ADD {
			break
		}
		l, ok := constVariants(x.X, depth+1)
		if !ok {
			return nil, false
		}
		r, ok := constVariants(x.Y, depth+1)
		if !ok {
			return nil, false
		}
		var out []string
		for _, a := range l {
			for _, b := range r {
				out = append(out, a+b)
			}
		}
		return out, len(out) <= maxVariants
	}
	return nil, false
}

// popBind writes a fragment with its arguments bound, as pop does.
func popBind(q *querymodel.Query, s string, args ssa.Value) string {
	if s == querymodel.DynamicName {
		return s
	}
	rest, known := varargs(args)
	n := len(rest)
	if !known {
		n = strings.Count(s, "?")
	} else if popInRegex.MatchString(s) {
		s = popInRegex.ReplaceAllString(s, " IN ("+strings.TrimSuffix(strings.Repeat("?,", n), ",")+")")
	}
	return q.Bind(s, n)
}

// popModel returns a model's table (its TableName method, else pop's naming) and key column
// (the db tag of its ID field, else "id").
func (c *checker) popModel(n *types.Named) (table, pk string) {
	pk = "id"
	if s, ok := n.Underlying().(*types.Struct); ok {
		for i := 0; i < s.NumFields(); i++ {
			if s.Field(i).Name() == "ID" {
				if tag := reflect.StructTag(s.Tag(i)).Get("db"); tag != "" {
					pk = tag
				}
			}
		}
	}
	return c.gormTable(n), pk
}

// popColumns maps a model's fields to the columns pop writes: the db tag, else the field name;
// db:"-" is skipped.
func popColumns(n *types.Named) map[*types.Var]string {
	out := map[*types.Var]string{}
	s, ok := n.Underlying().(*types.Struct)
	if !ok {
		return out
	}
	for i := 0; i < s.NumFields(); i++ {
		f := s.Field(i)
		if !f.Exported() {
			continue
		}
		tag := strings.Split(reflect.StructTag(s.Tag(i)).Get("db"), ",")[0]
		if tag == "-" {
			continue
		}
		if tag == "" {
			tag = f.Name()
		}
		out[f] = tag
	}
	return out
}

// popQuery renders one variant into the site's SQL; false when pop would send no statement.
func (c *checker) popQuery(st *querySite, steps []popStep, fin knownapi.PopFinisher, args []ssa.Value) bool {
	if len(steps) == 0 || steps[0].kind != "start" {
		// The chain starts at a query built elsewhere: its statement is not visible.
		st.noSQL = true
		return true
	}
	var raw *popStep
	var wheres, joins []popStep
	dynamic := false
	for i, s := range steps {
		switch s.kind {
		case "raw":
			raw = &steps[i]
		case "where":
			if raw == nil { // pop ignores a Where on a raw query
				wheres = append(wheres, s)
			}
		case "join":
			joins = append(joins, s)
		case "dynamic":
			dynamic = true
		}
	}
	if raw != nil && (fin.Op == knownapi.GormSelect || fin.Op == knownapi.GormExec) {
		c.rawSQL(st, raw.sql, raw.args)
		return true
	}
	if fin.Op == knownapi.GormExec {
		return false
	}
	var model *types.Named
	var dest ssa.Value
	if fin.ModelArg >= 0 && fin.ModelArg < len(args) {
		dest = taint.Concrete(args[fin.ModelArg])
		model = gormModel(dest.Type())
	}
	if model == nil {
		st.noSQL = true
		return true
	}
	q := &querymodel.Query{}
	var pk string
	q.Table, pk = c.popModel(model)
	op := fin.Op
	byPK := fin.ByPK
	if op == knownapi.GormSave {
		// Save creates a model whose key is zero and updates the others.
		fields, visible := structFields(dest)
		op, byPK = knownapi.GormUpdate, true
		if visible && !slices.ContainsFunc(fields, func(f *types.Var) bool { return f.Name() == "ID" }) {
			op = knownapi.GormInsert
		}
	}
	if op == knownapi.GormInsert {
		q.Op = querymodel.Insert
		fields, visible := structFields(dest)
		cols := popColumns(model)
		if !visible {
			for _, col := range cols {
				q.Sets = append(q.Sets, col)
			}
			slices.Sort(q.Sets)
		}
		for _, f := range fields {
			if col, ok := cols[f]; ok {
				q.Sets = append(q.Sets, col)
			}
		}
		st.sqls = append(st.sqls, q.SQL())
		return true
	}
	switch op {
	case knownapi.GormUpdate:
		q.Op = querymodel.Update
	case knownapi.GormDelete:
		q.Op = querymodel.Delete
	default:
		q.Op = querymodel.Select
	}
	// Each variant of a fragment's text is a variant of the statement.
	texts := [][]popFrag{nil}
	for _, s := range joins {
		vs, dyn := c.popFragments(s.sql)
		if dyn {
			dynamic = true
			continue
		}
		texts = popExpand(texts, vs, s)
	}
	nJoins := len(texts[0])
	for _, s := range wheres {
		vs, dyn := c.popFragments(s.sql)
		if dyn {
			dynamic = true
			vs = []string{querymodel.DynamicName}
		}
		texts = popExpand(texts, vs, s)
	}
	for _, t := range texts {
		v := &querymodel.Query{Op: q.Op, Table: q.Table}
		for _, f := range t[:nJoins] {
			v.Joins = append(v.Joins, f.step.join+" "+f.step.tbl+" ON "+popBind(v, f.text, f.step.args))
		}
		for _, f := range t[nJoins:] {
			v.AddCond(querymodel.Cond{SQL: popBind(v, f.text, f.step.args)})
		}
		if fin.IDArg >= 0 || byPK {
			v.AddCond(querymodel.Cond{SQL: `"` + q.Table + `"."` + pk + `" = ` + v.Param()})
		}
		sql := v.SQL()
		if dynamic {
			st.dynamic = true
			st.partial = append(st.partial, sql)
		} else {
			st.sqls = append(st.sqls, sql)
		}
	}
	return true
}

// popFrag is one fragment of a statement variant: a text of a join or where step.
type popFrag struct {
	text string
	step popStep
}

// popExpand appends each variant of a step's fragment to each statement variant so far.
func popExpand(texts [][]popFrag, vs []string, s popStep) [][]popFrag {
	var out [][]popFrag
	for _, t := range texts {
		for _, v := range vs {
			out = append(out, append(slices.Clip(t), popFrag{v, s}))
		}
	}
	if len(out) > maxVariants {
		out = out[:maxVariants]
	}
	return out
}
