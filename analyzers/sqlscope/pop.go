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

// PopStep is one step of a pop chain, rendered so that a popFact can hold it: a fragment's
// arguments are sqParam marks.
type PopStep struct {
	Kind    string   // "start", "where", "raw", "join", "dynamic"
	Texts   []string // where, join: the variants of the fragment; raw: of the SQL
	Partial []string // raw: the SQL built partly at run time
	Dynamic bool     // where: a fragment built at run time; raw: SQL built at run time
	Join    string   // join: the JOIN keyword
	Table   string   // join: the joined table
}

// popFact is exported for a function that returns a *pop.Query: the variants of the queries
// its returns build, each from its own parameter (a connection or a query) or from a
// connection of the function's own (a variant that begins with "start" makes the query on the
// connection).
type popFact struct {
	Variants []ChainVariant[PopStep]
}

func (*popFact) AFact() {}

func (f *popFact) String() string {
	var parts []string
	for _, v := range f.Variants {
		var kinds []string
		for _, s := range v.Steps {
			k := s.Kind
			if len(s.Texts) > 0 {
				k += "(" + strings.ReplaceAll(strings.Join(s.Texts, "|"), sqParam, "?") + ")"
			}
			kinds = append(kinds, k)
		}
		parts = append(parts, v.from()+":"+strings.Join(kinds, "."))
	}
	return "popChain:" + strings.Join(parts, "|")
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
	var variants []chain[PopStep]
	switch {
	case isPopConn(recv.Type()):
		variants = []chain[PopStep]{{base: recv, steps: []PopStep{{Kind: "start"}}}}
	case isPopQuery(recv.Type()):
		variants = c.popChain(recv, 0)
	default:
		return nil
	}
	args := taint.Args(call.Common())
	return chainSite(fn, call, variants, func(st *querySite, steps []PopStep) bool { return c.popQuery(st, steps, fin, args) })
}

// popChain returns the variants of the chain that built a query value, each with the
// connection it was made from (the value the chain starts from when that is not visible: the
// variant then has no "start" step).
func (c *checker) popChain(v ssa.Value, depth int) []chain[PopStep] {
	if depth > maxDepth {
		return startAt[PopStep](v)
	}
	switch x := v.(type) {
	case *ssa.UnOp:
		if x.Op == token.MUL && isPopQuery(x.Type()) {
			return c.popChain(x.X, depth+1) // a Query method with a value receiver (Count)
		}
	case *ssa.Extract:
		// The query of a helper that returns it with an error.
		if call, ok := helperResult(x); ok && isPopQuery(x.Type()) && call.Call.StaticCallee() != nil && popMethod(&call.Call) == nil && !isPopFunc(&call.Call) {
			return c.popHelper(call, depth)
		}
	case *ssa.Call:
		if x.Call.StaticCallee() != nil && isPopQuery(x.Type()) && popMethod(&x.Call) == nil && !isPopFunc(&x.Call) {
			return c.popHelper(x, depth)
		}
		callee := taint.Callee(&x.Call)
		if callee == nil || callee.Pkg() == nil || knownapi.PkgPath(callee.Pkg()) != knownapi.PkgPop || !isPopQuery(x.Type()) {
			break
		}
		args := taint.Args(&x.Call)
		sig := callee.Type().(*types.Signature)
		if sig.Recv() == nil {
			if callee.Name() == "Q" && len(args) == 1 {
				return []chain[PopStep]{{base: args[0], steps: []PopStep{{Kind: "start"}}}}
			}
			break
		}
		recv := taint.Receiver(&x.Call)
		var prev []chain[PopStep]
		if isPopConn(recv.Type()) {
			prev = []chain[PopStep]{{base: recv, steps: []PopStep{{Kind: "start"}}}}
		} else {
			prev = c.popChain(recv, depth+1)
		}
		steps := c.popStepOf(callee, args)
		if len(steps) == 0 {
			return prev
		}
		var out []chain[PopStep]
		for _, s := range steps {
			out = append(out, extendChains(prev, s...)...)
		}
		return limitChains(out)
	case *ssa.Phi:
		var out []chain[PopStep]
		for _, e := range x.Edges {
			out = append(out, c.popChain(e, depth+1)...)
		}
		return limitChains(out)
	}
	return startAt[PopStep](v)
}

// popHelper returns the variants of a query a call of a function with a popFact returns (a
// helper that adds conditions to the query or connection it is given, or makes a query): each
// of its variants continued from the caller's chain of the argument it starts from, with the
// connection.
func (c *checker) popHelper(call *ssa.Call, depth int) []chain[PopStep] {
	return helperChains(c, call,
		func(g *ssa.Function) []ChainVariant[PopStep] {
			if f := c.popFactOf(g); f != nil {
				return f.Variants
			}
			return nil
		},
		func(a ssa.Value) []chain[PopStep] {
			if isPopConn(a.Type()) {
				return startAt[PopStep](a) // the helper's variant starts on it
			}
			return c.popChain(a, depth+1)
		},
		isPopConn, nil)
}

// isPopPkg reports whether a function is pop's own: its methods are the chain, not helpers.
func isPopPkg(g *ssa.Function) bool {
	return g.Pkg != nil && knownapi.PkgPath(g.Pkg.Pkg) == knownapi.PkgPop
}

// isPopFunc reports whether a call calls one of pop's functions (pop.Q).
func isPopFunc(common *ssa.CallCommon) bool {
	fn := taint.Callee(common)
	return fn != nil && fn.Pkg() != nil && knownapi.PkgPath(fn.Pkg()) == knownapi.PkgPop
}

func (c *checker) popFactOf(g *ssa.Function) *popFact {
	return chainFactOf(c, g, c.popFacts, c.computePopFact)
}

// computePopFact summarises a function whose result is a *pop.Query (with an error or not):
// the variants of each return's chain, each with the parameter it starts from, or unscoped
// when it is made on a connection of the function's own that is unscoped.
func (c *checker) computePopFact(g *ssa.Function) *popFact {
	if isPopPkg(g) {
		return nil // pop's own methods are the chain
	}
	if vs := helperVariants(c, g, isPopQuery, func(v ssa.Value) []chain[PopStep] { return c.popChain(v, 1) }, isPopConn); vs != nil {
		return &popFact{Variants: vs}
	}
	return nil
}

// popStepOf returns the variants of the steps a chain method adds.
func (c *checker) popStepOf(m *types.Func, args []ssa.Value) [][]PopStep {
	switch m.Name() {
	case "Where":
		if len(args) == 2 {
			texts, dyn := c.popFragments(args[0])
			if dyn {
				return [][]PopStep{{{Kind: "where", Dynamic: true, Texts: []string{querymodel.DynamicName}}}}
			}
			for i, t := range texts {
				texts[i] = popMark(t, args[1])
			}
			return [][]PopStep{{{Kind: "where", Texts: texts}}}
		}
	case "RawQuery":
		if len(args) == 2 {
			return [][]PopStep{{c.popRaw(args[0], args[1])}}
		}
	case "Join", "LeftJoin", "RightJoin", "LeftOuterJoin", "RightOuterJoin", "InnerJoin":
		if len(args) == 3 {
			kw := map[string]string{
				"Join": "JOIN", "LeftJoin": "LEFT JOIN", "RightJoin": "RIGHT JOIN",
				"LeftOuterJoin": "LEFT OUTER JOIN", "RightOuterJoin": "RIGHT OUTER JOIN", "InnerJoin": "INNER JOIN",
			}[m.Name()]
			tbl, ok := taint.ConstString(args[0])
			if !ok {
				return [][]PopStep{{{Kind: "dynamic"}}}
			}
			texts, dyn := c.popFragments(args[1])
			if dyn {
				return [][]PopStep{{{Kind: "dynamic"}}}
			}
			for i, t := range texts {
				texts[i] = popMark(t, args[2])
			}
			return [][]PopStep{{{Kind: "join", Join: kw, Table: tbl, Texts: texts}}}
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
func (c *checker) popBody(v ssa.Value) [][]PopStep {
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
			var out [][]PopStep
			for _, b := range g.Blocks {
				if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && len(ret.Results) == 1 {
					if _, isCall := taint.Concrete(ret.Results[0]).(*ssa.Call); isCall {
						return [][]PopStep{{{Kind: "dynamic"}}} // one level only
					}
					out = append(out, c.popBody(ret.Results[0])...)
				}
			}
			if len(out) > 0 {
				return out
			}
		}
	}
	if fn != nil && fn.Blocks == nil {
		// Another package's function: its fact, when every chain starts at its parameter.
		if f := c.popFactOf(fn); f != nil && !slices.ContainsFunc(f.Variants, func(v ChainVariant[PopStep]) bool { return v.Param != 0 }) {
			var out [][]PopStep
			for _, v := range f.Variants {
				out = append(out, v.Steps)
			}
			return out
		}
	}
	if fn == nil || fn.Blocks == nil {
		return [][]PopStep{{{Kind: "dynamic"}}}
	}
	var out [][]PopStep
	for _, b := range fn.Blocks {
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && len(ret.Results) == 1 {
			for _, v := range c.popChain(ret.Results[0], 1) {
				out = append(out, v.steps)
			}
		}
	}
	if len(out) == 0 {
		return [][]PopStep{{{Kind: "dynamic"}}}
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

// popMark writes a fragment with its arguments as parameter marks, as pop binds them.
func popMark(s string, args ssa.Value) string {
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
	return sqMark(s, n)
}

// popRaw renders a RawQuery step: its SQL's variants with the ? placeholders as marks (as
// rawSQL binds them).
func (c *checker) popRaw(sqlArg, args ssa.Value) PopStep {
	rest, known := varargs(args)
	tmp := &querySite{}
	c.sqlOf(tmp, sqlArg, 0)
	mark := func(s string) string {
		n := len(rest)
		if !known {
			n = strings.Count(s, "?")
		}
		return sqMark(s, n)
	}
	st := PopStep{Kind: "raw", Dynamic: tmp.dynamic}
	for _, s := range tmp.sqls {
		st.Texts = append(st.Texts, mark(s))
	}
	for _, s := range tmp.partial {
		st.Partial = append(st.Partial, mark(s))
	}
	return st
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
func (c *checker) popQuery(st *querySite, steps []PopStep, fin knownapi.PopFinisher, args []ssa.Value) bool {
	if len(steps) == 0 || steps[0].Kind != "start" {
		// The chain starts at a query built elsewhere: its statement is not visible.
		st.noSQL = true
		return true
	}
	var raw *PopStep
	var wheres, joins []PopStep
	dynamic := false
	for i, s := range steps {
		switch s.Kind {
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
		for _, s := range raw.Texts {
			st.sqls = append(st.sqls, sqBind(&querymodel.Query{}, s))
		}
		for _, s := range raw.Partial {
			st.partial = append(st.partial, sqBind(&querymodel.Query{}, s))
		}
		st.dynamic = st.dynamic || raw.Dynamic
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
		texts = popExpand(texts, s.Texts, s)
	}
	nJoins := len(texts[0])
	for _, s := range wheres {
		dynamic = dynamic || s.Dynamic
		texts = popExpand(texts, s.Texts, s)
	}
	for _, t := range texts {
		v := &querymodel.Query{Op: q.Op, Table: q.Table}
		for _, f := range t[:nJoins] {
			v.Joins = append(v.Joins, f.step.Join+" "+f.step.Table+" ON "+sqBind(v, f.text))
		}
		for _, f := range t[nJoins:] {
			v.AddCond(querymodel.Cond{SQL: sqBind(v, f.text)})
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
	step PopStep
}

// popExpand appends each variant of a step's fragment to each statement variant so far.
func popExpand(texts [][]popFrag, vs []string, s PopStep) [][]popFrag {
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
