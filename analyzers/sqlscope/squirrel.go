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
	st.handles = []ssa.Value{c.squirrelRunner(recv, 0)}
	c.squirrelRender(st, recv)
	return st
}

// squirrelRunner returns the handle RunWith gave the builder, or nil.
func (c *checker) squirrelRunner(v ssa.Value, depth int) ssa.Value {
	for ; depth < maxDepth; depth++ {
		call, ok := v.(*ssa.Call)
		if !ok {
			return nil
		}
		m := squirrelFunc(&call.Call)
		if m == nil {
			return nil
		}
		args := taint.Args(&call.Call)
		if m.Name() == "RunWith" && len(args) == 1 {
			return taint.Concrete(args[0])
		}
		v = taint.Receiver(&call.Call)
		if v == nil {
			return nil
		}
	}
	return nil
}

// squirrelRender records the SQL of each variant of a builder's chain.
func (c *checker) squirrelRender(st *querySite, v ssa.Value) {
	for _, steps := range c.squirrelChain(v, 0) {
		q := &querymodel.Query{}
		known := false
		for _, s := range steps {
			switch s.kind {
			case "select":
				q.Op, known = querymodel.Select, true
			case "insert":
				q.Op, known = querymodel.Insert, true
			case "update":
				q.Op, known = querymodel.Update, true
			case "delete":
				q.Op, known = querymodel.Delete, true
			}
			if s.table != "" {
				q.Table = s.table
			}
			if s.dynamicTable {
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
			switch s.kind {
			case "where":
				cond := c.squirrelPred(q, s.pred, s.args, s.known, 0)
				if cond == "" {
					continue
				}
				if strings.Contains(cond, querymodel.DynamicName) {
					q.Dynamic = true
				}
				q.AddCond(querymodel.Cond{SQL: cond})
			case "join":
				q.Joins = append(q.Joins, s.join+" "+q.Bind(s.sql, s.nargs))
			case "columns":
				q.Sets = append(q.Sets, s.cols...)
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

type squirrelStep struct {
	kind         string // "select", "insert", "update", "delete", "where", "join", "columns"
	table        string
	dynamicTable bool
	pred         ssa.Value
	args         []ssa.Value
	known        bool
	join         string
	sql          string
	nargs        int
	cols         []string
}

func (c *checker) squirrelChain(v ssa.Value, depth int) [][]squirrelStep {
	if depth > maxDepth {
		return [][]squirrelStep{nil}
	}
	switch x := v.(type) {
	case *ssa.Phi:
		var out [][]squirrelStep
		for _, e := range x.Edges {
			out = append(out, c.squirrelChain(e, depth+1)...)
		}
		if len(out) > maxVariants {
			out = out[:maxVariants]
		}
		return out
	case *ssa.Call:
		m := squirrelFunc(&x.Call)
		if m == nil {
			break
		}
		args := taint.Args(&x.Call)
		recv := taint.Receiver(&x.Call)
		table := func(s *squirrelStep, a ssa.Value) {
			if t, ok := taint.ConstString(a); ok {
				s.table = t
			} else {
				s.dynamicTable = true
			}
		}
		var prev [][]squirrelStep
		if recv != nil && isSquirrelBuilder(recv.Type()) {
			prev = c.squirrelChain(recv, depth+1)
		} else {
			prev = [][]squirrelStep{nil}
		}
		var s squirrelStep
		switch m.Name() {
		case "Select":
			s.kind = "select"
		case "Insert", "Update", "Delete":
			s.kind = strings.ToLower(m.Name())
			if len(args) == 1 {
				table(&s, args[0])
			}
		case "From", "Into", "Table":
			s.kind = "table"
			if len(args) == 1 {
				table(&s, args[0])
			}
		case "Where":
			if len(args) == 2 {
				s.kind, s.pred = "where", args[0]
				s.args, s.known = varargs(args[1])
			}
		case "Join", "LeftJoin", "InnerJoin", "RightJoin":
			if len(args) == 2 {
				s.kind = "join"
				s.join = map[string]string{"Join": "JOIN", "LeftJoin": "LEFT JOIN", "InnerJoin": "INNER JOIN", "RightJoin": "RIGHT JOIN"}[m.Name()]
				var ok bool
				if s.sql, ok = taint.ConstString(args[0]); !ok {
					s.sql = querymodel.DynamicName
				}
				rest, known := varargs(args[1])
				s.nargs = len(rest)
				if !known {
					s.nargs = strings.Count(s.sql, "?")
				}
			}
		case "Columns":
			if len(args) == 1 && isSquirrelBuilder(x.Type()) && knownapi.NamedOf(x.Type()).Obj().Name() == "InsertBuilder" {
				vals, ok := varargs(args[0])
				s.kind = "columns"
				for _, a := range vals {
					if col, isConst := taint.ConstString(a); isConst && ok {
						s.cols = append(s.cols, col)
					}
				}
			}
		case "SetMap":
			if len(args) == 1 && knownapi.NamedOf(x.Type()).Obj().Name() == "InsertBuilder" {
				if keys, ok := mapKeys(args[0]); ok {
					s.kind, s.cols = "columns", keys
				}
			}
		}
		if s.kind == "" {
			return prev
		}
		for i := range prev {
			prev[i] = append(slices.Clip(prev[i]), s)
		}
		return prev
	}
	return [][]squirrelStep{nil}
}

// squirrelPred renders a Where predicate: a string, an Eq (or another map expression), And, Or
// or Expr.
func (c *checker) squirrelPred(q *querymodel.Query, pred ssa.Value, args []ssa.Value, known bool, depth int) string {
	x := taint.Concrete(pred)
	if s, ok := taint.ConstString(x); ok {
		n := len(args)
		if !known {
			n = strings.Count(s, "?")
		}
		return q.Bind(s, n)
	}
	if depth > 4 {
		return querymodel.DynamicName
	}
	n := knownapi.NamedOf(x.Type())
	if n == nil || n.Obj().Pkg() == nil || knownapi.PkgPath(n.Obj().Pkg()) != knownapi.PkgSquirrel {
		if _, isMap := x.Type().Underlying().(*types.Map); isMap {
			return c.squirrelEq(q, x, "=")
		}
		return querymodel.DynamicName
	}
	switch n.Obj().Name() {
	case "Eq":
		return c.squirrelEq(q, x, "=")
	case "NotEq":
		return c.squirrelEq(q, x, "<>")
	case "Lt", "Gt", "Like":
		return c.squirrelEq(q, x, map[string]string{"Lt": "<", "Gt": ">", "Like": "LIKE"}[n.Obj().Name()])
	case "And", "Or":
		parts, ok := varargs(x)
		if !ok {
			return querymodel.DynamicName
		}
		var out []string
		for _, p := range parts {
			if s := c.squirrelPred(q, p, nil, false, depth+1); s != "" {
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
				return c.squirrelPred(q, a[0], rest, known, depth+1)
			}
		}
	}
	return querymodel.DynamicName
}

func (c *checker) squirrelEq(q *querymodel.Query, v ssa.Value, op string) string {
	keys, ok := mapKeys(v)
	if !ok {
		return querymodel.DynamicName
	}
	var parts []string
	for _, k := range keys {
		parts = append(parts, k+" "+op+" "+q.Param())
	}
	return strings.Join(parts, " AND ")
}
