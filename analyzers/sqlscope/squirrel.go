package sqlscope

import (
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/querymodel"
	"github.com/tenantvet/tenantvet/internal/taint"
)

// The squirrel recogniser. A squirrel builder is an immutable value built by Select, Insert,
// Update or Delete (or StatementBuilder's methods) and extended by From, Into, Table, Join,
// Where, Columns, SetMap...; its SQL reaches the database through ToSql then a query API (the
// site is that query: sqlOf follows the SQL argument to ToSql), or through RunWith(h) and a
// finisher (the site is the finisher, the handle RunWith's argument). squirrel joins Where
// parts with AND without parentheses (a string holding OR binds across them, as in its SQL),
// writes an Eq's keys sorted and joined by AND, and parenthesises And and Or.

var squirrelFinishers = map[string]bool{
	"Exec": true, "Query": true, "QueryRow": true, "Scan": true,
	"ExecContext": true, "QueryContext": true, "QueryRowContext": true, "ScanContext": true,
}

func squirrelFunc(common *ssa.CallCommon) *types.Func {
	fn := taint.Callee(common)
	if fn == nil || fn.Pkg() == nil || knownapi.PkgPath(fn.Pkg()) != knownapi.PkgSquirrel {
		return nil
	}
	return fn
}

func isSquirrelBuilder(t types.Type) bool {
	n := knownapi.NamedOf(t)
	if n == nil || n.Obj().Pkg() == nil || knownapi.PkgPath(n.Obj().Pkg()) != knownapi.PkgSquirrel {
		return false
	}
	switch n.Obj().Name() {
	case "SelectBuilder", "InsertBuilder", "UpdateBuilder", "DeleteBuilder":
		return true
	}
	return false
}

// squirrelToSQL renders the builder whose ToSql result v is (the SQL string), if it is one.
func (c *checker) squirrelToSQL(st *querySite, v ssa.Value) bool {
	ex, ok := v.(*ssa.Extract)
	if !ok || ex.Index != 0 {
		return false
	}
	call, ok := ex.Tuple.(*ssa.Call)
	if !ok {
		return false
	}
	fn := squirrelFunc(&call.Call)
	if fn == nil || fn.Name() != "ToSql" {
		return false
	}
	recv := taint.Receiver(&call.Call)
	if recv == nil || !isSquirrelBuilder(recv.Type()) {
		return false
	}
	c.squirrelRender(st, recv)
	return true
}

// squirrelSite returns the site of a builder run by RunWith(h) and a finisher.
func (c *checker) squirrelSite(fn *ssa.Function, call ssa.CallInstruction) *querySite {
	m := squirrelFunc(call.Common())
	if m == nil || !squirrelFinishers[m.Name()] {
		return nil
	}
	recv := taint.Receiver(call.Common())
	if recv == nil || !isSquirrelBuilder(recv.Type()) {
		return nil
	}
	st := &querySite{fn: fn, instr: call}
	st.handles = c.squirrelRunners(recv, 0)
	if len(st.handles) == 0 {
		st.handles = []ssa.Value{nil}
	}
	chains := c.squirrelChain(recv, 0)
	c.squirrelRenderChains(st, chains)
	// When every variant got its handle from RunWith and they differ, each handle runs the
	// variants that got it, and is judged by their SQL alone (a global table's query on the
	// pool, the tenant's on the scoped transaction).
	var runners []ssa.Value
	for _, ch := range chains {
		if !ch.ran {
			runners = nil
			break
		}
		runners = appendHandles(runners, ch.runner)
	}
	if len(runners) > 1 {
		st.handles = runners
		st.byHandle = map[ssa.Value]*querySite{}
		for _, h := range runners {
			sub := &querySite{fn: fn, instr: call}
			var own []chain[SquirrelStep]
			for _, ch := range chains {
				if ch.ran && ch.runner == h {
					own = append(own, ch)
				}
			}
			c.squirrelRenderChains(sub, own)
			st.byHandle[h] = sub
		}
	}
	return st
}

// squirrelRender records the SQL of each variant of a builder's chain.
func (c *checker) squirrelRender(st *querySite, v ssa.Value) {
	c.squirrelRenderChains(st, c.squirrelChain(v, 0))
}

// squirrelRenderChains records the SQL of each variant.
func (c *checker) squirrelRenderChains(st *querySite, chains []chain[SquirrelStep]) {
	for _, ch := range chains {
		steps := ch.steps
		q := &querymodel.Query{}
		known := false
		for _, s := range steps {
			switch s.Kind {
			case "select":
				q.Op, known = querymodel.Select, true
			case "insert":
				q.Op, known = querymodel.Insert, true
			case "update":
				q.Op, known = querymodel.Update, true
			case "delete":
				q.Op, known = querymodel.Delete, true
			}
			if s.Table != "" {
				q.Table = s.Table
			}
			if s.Dynamic {
				q.Table, q.Dynamic = querymodel.DynamicName, true
			}
		}
		if !known {
			st.noSQL = true
			continue
		}
		if q.Table == "" {
			q.Table, q.Dynamic = querymodel.DynamicName, true
		}
		for _, s := range steps {
			switch s.Kind {
			case "where":
				if s.SQL == "" {
					continue
				}
				cond := sqBind(q, s.SQL)
				if strings.Contains(cond, querymodel.DynamicName) {
					q.Dynamic = true
				}
				q.AddCond(querymodel.Cond{SQL: cond})
			case "join":
				q.Joins = append(q.Joins, sqBind(q, s.SQL))
			case "columns":
				q.Sets = append(q.Sets, s.Cols...)
			}
		}
		if q.Op == querymodel.Insert && len(q.Sets) == 0 {
			q.Dynamic = true
		}
		if q.Dynamic {
			st.dynamic = true
			st.partial = append(st.partial, q.SQL())
		} else {
			st.sqls = append(st.sqls, q.SQL())
		}
	}
	slices.Sort(st.sqls)
	st.sqls = slices.Compact(st.sqls)
}

// sqParam marks an argument's place in a rendered squirrel condition; a step holds its SQL
// with these marks so that it can be a fact, and the statement numbers them when replayed.
const sqParam = "\x00"

// sqMark replaces the first nargs question marks of s with parameter marks, as squirrel binds
// them; arguments beyond the last '?' are appended (querymodel.Query.Bind's rule).
func sqMark(s string, nargs int) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '?' && nargs > 0 {
			b.WriteString(sqParam)
			nargs--
			continue
		}
		b.WriteByte(s[i])
	}
	for ; nargs > 0; nargs-- {
		b.WriteString(" " + sqParam)
	}
	return b.String()
}

// sqBind numbers the parameter marks of a rendered condition in the statement q.
func sqBind(q *querymodel.Query, s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, sqParam)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(q.Param())
		s = s[i+len(sqParam):]
	}
}

// SquirrelStep is one step of a squirrel chain, rendered (a squirrelFact holds them).
type SquirrelStep struct {
	Kind    string   // "select", "insert", "update", "delete", "table", "where", "join", "columns"
	Table   string   // select...delete, table: the table
	Dynamic bool     // select...delete, table: a table named at run time
	SQL     string   // where: the condition; join: the join clause; arguments as sqParam marks
	Cols    []string // columns: the columns an INSERT sets
}

// squirrelFact is exported for a function that returns a squirrel builder: the variants of
// the builders its returns build, each from its own parameter, and the handles RunWith gave
// them (Unrun: some got none in the function, so theirs is the argument's).
type squirrelFact struct {
	Variants []ChainVariant[SquirrelStep]
	Runners  []SquirrelRunner
	Unrun    bool
}

func (*squirrelFact) AFact() {}

func (f *squirrelFact) String() string {
	var parts []string
	for _, v := range f.Variants {
		var kinds []string
		for _, s := range v.Steps {
			k := s.Kind
			switch {
			case s.SQL != "":
				k += "(" + strings.ReplaceAll(s.SQL, sqParam, "?") + ")"
			case s.Dynamic:
				k += "(?)"
			case s.Table != "":
				k += "(" + s.Table + ")"
			case len(s.Cols) > 0:
				k += "(" + strings.Join(s.Cols, ",") + ")"
			}
			kinds = append(kinds, k)
		}
		part := v.from() + ":" + strings.Join(kinds, ".")
		if len(f.Runners) > 1 && v.Run > 0 {
			part += "@" + f.Runners[v.Run-1].String()
		}
		parts = append(parts, part)
	}
	out := "sqChain:" + strings.Join(parts, "|")
	if len(f.Runners) > 0 {
		var rs []string
		for _, r := range f.Runners {
			rs = append(rs, r.String())
		}
		out += " runner:" + strings.Join(rs, ",")
	}
	return out
}

// squirrelChain returns the variants of the chain that built the builder v, each the list of
// its steps in order and the value it starts from: through squirrel's methods, branches and
// the functions of the program that return a builder (their squirrelFact). A chain whose
// start is unknown (a parameter, a field, a function with no fact) has no statement step, and
// so no SQL.
func (c *checker) squirrelChain(v ssa.Value, depth int) []chain[SquirrelStep] {
	if depth > maxDepth {
		return startAt[SquirrelStep](v)
	}
	switch x := v.(type) {
	case *ssa.Phi:
		var out []chain[SquirrelStep]
		for _, e := range x.Edges {
			out = append(out, c.squirrelChain(e, depth+1)...)
		}
		return limitChains(out)
	case *ssa.Extract:
		if call, ok := helperResult(x); ok {
			return c.squirrelHelper(call, depth)
		}
	case *ssa.Call:
		m := squirrelFunc(&x.Call)
		if m == nil {
			return c.squirrelHelper(x, depth)
		}
		args := taint.Args(&x.Call)
		recv := taint.Receiver(&x.Call)
		table := func(s *SquirrelStep, a ssa.Value) {
			if t, ok := taint.ConstString(a); ok {
				s.Table = t
			} else {
				s.Dynamic = true
			}
		}
		var prev []chain[SquirrelStep]
		if recv != nil && isSquirrelBuilder(recv.Type()) {
			prev = c.squirrelChain(recv, depth+1)
		} else {
			prev = startAt[SquirrelStep](x)
		}
		var s SquirrelStep
		switch m.Name() {
		case "Select":
			s.Kind = "select"
		case "Insert", "Update", "Delete":
			s.Kind = strings.ToLower(m.Name())
			if len(args) == 1 {
				table(&s, args[0])
			}
		case "From", "Into", "Table":
			s.Kind = "table"
			if len(args) == 1 {
				table(&s, args[0])
			}
		case "Where":
			if len(args) == 2 {
				rest, known := varargs(args[1])
				s.Kind, s.SQL = "where", c.squirrelPred(args[0], rest, known, 0)
			}
		case "Join", "LeftJoin", "InnerJoin", "RightJoin":
			if len(args) == 2 {
				s.Kind = "join"
				join := map[string]string{"Join": "JOIN", "LeftJoin": "LEFT JOIN", "InnerJoin": "INNER JOIN", "RightJoin": "RIGHT JOIN"}[m.Name()]
				sql, ok := taint.ConstString(args[0])
				if !ok {
					sql = querymodel.DynamicName
				}
				rest, known := varargs(args[1])
				nargs := len(rest)
				if !known {
					nargs = strings.Count(sql, "?")
				}
				s.SQL = join + " " + sqMark(sql, nargs)
			}
		case "Columns":
			if len(args) == 1 && isSquirrelBuilder(x.Type()) && knownapi.NamedOf(x.Type()).Obj().Name() == "InsertBuilder" {
				vals, ok := varargs(args[0])
				s.Kind = "columns"
				for _, a := range vals {
					if col, isConst := taint.ConstString(a); isConst && ok {
						s.Cols = append(s.Cols, col)
					}
				}
			}
		case "SetMap":
			if len(args) == 1 && knownapi.NamedOf(x.Type()).Obj().Name() == "InsertBuilder" {
				if keys, ok := mapKeys(args[0]); ok {
					s.Kind, s.Cols = "columns", keys
				}
			}
		}
		if m.Name() == "RunWith" && len(args) == 1 {
			// This variant runs on RunWith's handle, whatever it got before.
			out := extendChains(prev)
			for i := range out {
				out[i].runner, out[i].ran = taint.Concrete(args[0]), true
			}
			return out
		}
		if s.Kind == "" {
			return prev
		}
		return extendChains(prev, s)
	}
	return startAt[SquirrelStep](v)
}

// squirrelHelper returns the variants of a builder a call of a function with a squirrelFact
// returns: each of the fact's variants continued from the caller's chain of the argument it
// starts from.
func (c *checker) squirrelHelper(call *ssa.Call, depth int) []chain[SquirrelStep] {
	return helperChains(c, call,
		func(g *ssa.Function) []ChainVariant[SquirrelStep] {
			if f := c.squirrelFactOf(g); f != nil {
				return f.Variants
			}
			return nil
		},
		func(a ssa.Value) []chain[SquirrelStep] { return c.squirrelChain(a, depth+1) },
		noHandle,
		func(g *ssa.Function, i int) (ssa.Value, bool) {
			f := c.squirrelFactOf(g)
			if f == nil || i >= len(f.Variants) {
				return nil, false
			}
			r := f.Variants[i].Run - 1
			if r < 0 || r >= len(f.Runners) {
				return nil, false
			}
			return c.resolveRunner(g, call, f.Runners[r], r), true
		})
}

// noHandle: a squirrel chain starts on no handle (RunWith gives it one).
func noHandle(types.Type) bool { return false }

func (c *checker) squirrelFactOf(g *ssa.Function) *squirrelFact {
	return chainFactOf(c, g, c.sqFacts, c.computeSquirrelFact)
}

// computeSquirrelFact summarises a function whose result is a squirrel builder (with an error
// or not): the variants of each return's chain, each with the parameter it starts from, and
// the handles RunWith gave them.
func (c *checker) computeSquirrelFact(g *ssa.Function) *squirrelFact {
	vs := helperVariants(c, g, isSquirrelBuilder, func(v ssa.Value) []chain[SquirrelStep] { return c.squirrelChain(v, 1) }, noHandle)
	if vs == nil {
		return nil
	}
	f := &squirrelFact{Variants: vs}
	var own []ssa.Value
	for _, v := range returnedValues(g) {
		for _, h := range c.squirrelRunners(v, 1) {
			if h == nil {
				f.Unrun = true
				continue
			}
			r := c.runnerRef(g, h)
			if !slices.Contains(f.Runners, r) {
				f.Runners = append(f.Runners, r)
				own = append(own, h)
			}
		}
	}
	// Each variant's own handle, where its chain got one: a caller runs it there.
	i := 0
	for _, v := range returnedValues(g) {
		for _, ch := range c.squirrelChain(v, 1) {
			if i >= len(f.Variants) {
				break
			}
			if ch.ran {
				r := SquirrelRunner{Param: -1, Unscoped: true} // another package's pool
				if ch.runner != nil {
					r = c.runnerRef(g, ch.runner)
				}
				k := slices.Index(f.Runners, r)
				if k < 0 {
					k = len(f.Runners)
					f.Runners = append(f.Runners, r)
					own = append(own, ch.runner)
				}
				f.Variants[i].Run = k + 1
			}
			i++
		}
	}
	c.ownRunners[g] = own
	return f
}

// squirrelPred renders a Where predicate: a string, an Eq (or another map expression), And, Or
// or Expr.
func (c *checker) squirrelPred(pred ssa.Value, args []ssa.Value, known bool, depth int) string {
	x := taint.Concrete(pred)
	if s, ok := taint.ConstString(x); ok {
		n := len(args)
		if !known {
			n = strings.Count(s, "?")
		}
		return sqMark(s, n)
	}
	if depth > 4 {
		return querymodel.DynamicName
	}
	n := knownapi.NamedOf(x.Type())
	if n == nil || n.Obj().Pkg() == nil || knownapi.PkgPath(n.Obj().Pkg()) != knownapi.PkgSquirrel {
		if _, isMap := x.Type().Underlying().(*types.Map); isMap {
			return c.squirrelEq(x, "=")
		}
		return querymodel.DynamicName
	}
	switch n.Obj().Name() {
	case "Eq":
		return c.squirrelEq(x, "=")
	case "NotEq":
		return c.squirrelEq(x, "<>")
	case "Lt", "Gt", "Like":
		return c.squirrelEq(x, map[string]string{"Lt": "<", "Gt": ">", "Like": "LIKE"}[n.Obj().Name()])
	case "And", "Or":
		parts, ok := varargs(x)
		if !ok {
			return querymodel.DynamicName
		}
		var out []string
		for _, p := range parts {
			if s := c.squirrelPred(p, nil, false, depth+1); s != "" {
				out = append(out, s)
			}
		}
		if len(out) == 0 {
			if n.Obj().Name() == "And" {
				return "(1=1)"
			}
			return "(1=0)"
		}
		return "(" + strings.Join(out, " "+strings.ToUpper(n.Obj().Name())+" ") + ")"
	}
	if call, ok := x.(*ssa.Call); ok {
		if fn := squirrelFunc(&call.Call); fn != nil && fn.Name() == "Expr" {
			a := taint.Args(&call.Call)
			if len(a) == 2 {
				rest, known := varargs(a[1])
				return c.squirrelPred(a[0], rest, known, depth+1)
			}
		}
	}
	return querymodel.DynamicName
}

func (c *checker) squirrelEq(v ssa.Value, op string) string {
	keys, ok := mapKeys(v)
	if !ok {
		return querymodel.DynamicName
	}
	var parts []string
	for _, k := range keys {
		parts = append(parts, k+" "+op+" "+sqParam)
	}
	return strings.Join(parts, " AND ")
}
