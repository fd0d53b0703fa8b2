package sqlscope

import (
	"go/constant"
	"go/types"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/querymodel"
	"github.com/tenantvet/tenantvet/internal/taint"
)

// The bun recogniser. A bun statement is a query value built from a handle (NewSelect,
// NewInsert, NewUpdate, NewDelete, NewRaw on *bun.DB, bun.Tx, bun.Conn or bun.IDB) and
// finished by Scan, Exec, Count, ScanAndCount or Exists. The finisher's receiver is followed
// back to the New call, whose receiver is the handle; the steps between are replayed the way
// bun writes the statement: every condition in parentheses, joined by AND (Where) or OR
// (WhereOr), a WhereGroup in parentheses of its own, WherePK last (the conditions before it in
// parentheses when they hold an OR); Update and Delete without a condition are refused.

// bunStep is one step of a bun chain.
type bunStep struct {
	kind  string // "new", "where", "or", "group", "pk", "table", "model", "join", "joinon", "joinor", "raw"
	op    knownapi.GormOp
	sql   string
	args  []ssa.Value
	known bool // args are known
	sep   string
	group [][]bunStep
	model ssa.Value
	table string
}

func bunQueryOp(t types.Type) (knownapi.GormOp, bool) {
	n := knownapi.NamedOf(t)
	if n == nil || n.Obj().Pkg() == nil || knownapi.PkgPath(n.Obj().Pkg()) != knownapi.PkgBun {
		return 0, false
	}
	op, ok := knownapi.BunQueries[n.Obj().Name()]
	return op, ok
}

// bunMethod returns a bun method a call invokes (on a query or a handle), or nil.
func bunMethod(common *ssa.CallCommon) *types.Func {
	fn := taint.Callee(common)
	if fn == nil || fn.Pkg() == nil || knownapi.PkgPath(fn.Pkg()) != knownapi.PkgBun {
		return nil
	}
	if fn.Type().(*types.Signature).Recv() == nil {
		return nil
	}
	return fn
}

// bunSite returns the query site of a bun finisher, or nil.
func (c *checker) bunSite(fn *ssa.Function, call ssa.CallInstruction) *querySite {
	m := bunMethod(call.Common())
	if m == nil || !knownapi.BunFinishers[m.Name()] {
		return nil
	}
	recv := taint.Receiver(call.Common())
	if recv == nil {
		return nil
	}
	if _, ok := bunQueryOp(recv.Type()); !ok {
		return nil
	}
	variants, base := c.bunChain(recv, 0)
	st := &querySite{fn: fn, instr: call, handles: []ssa.Value{base}}
	ran := false
	for _, v := range variants {
		if c.bunQuery(st, v) {
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

// bunChain returns the variants of the chain that built a query value and the handle it was
// created on (the value the chain starts from when that is not visible).
func (c *checker) bunChain(v ssa.Value, depth int) ([][]bunStep, ssa.Value) {
	if depth > maxDepth {
		return [][]bunStep{nil}, v
	}
	switch x := v.(type) {
	case *ssa.Call:
		m := bunMethod(&x.Call)
		if m == nil {
			break
		}
		recv := taint.Receiver(&x.Call)
		args := taint.Args(&x.Call)
		if strings.HasPrefix(m.Name(), "New") {
			op, ok := bunQueryOp(x.Type())
			if !ok {
				break
			}
			s := bunStep{kind: "new", op: op}
			if m.Name() == "NewRaw" && len(args) == 2 {
				s.kind = "raw"
				s.sql, _ = taint.ConstString(args[0])
				s.args, s.known = varargs(args[1])
			}
			return [][]bunStep{{s}}, recv
		}
		if _, ok := bunQueryOp(recv.Type()); !ok {
			break
		}
		prev, base := c.bunChain(recv, depth+1)
		steps := c.bunStepOf(m, args)
		if len(steps) == 0 {
			return prev, base
		}
		out := make([][]bunStep, len(prev))
		for i, p := range prev {
			out[i] = append(slices.Clip(p), steps...)
		}
		return out, base
	case *ssa.Phi:
		var out [][]bunStep
		var base ssa.Value
		for _, e := range x.Edges {
			vs, b := c.bunChain(e, depth+1)
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
	return [][]bunStep{nil}, v
}

func (c *checker) bunStepOf(m *types.Func, args []ssa.Value) []bunStep {
	cond := func(kind string) []bunStep {
		if len(args) != 2 {
			return nil
		}
		s := bunStep{kind: kind}
		s.sql, _ = taint.ConstString(args[0])
		s.args, s.known = varargs(args[1])
		if s.sql == "" {
			s.sql = querymodel.DynamicName
			s.known = false
		}
		return []bunStep{s}
	}
	switch m.Name() {
	case "Where":
		return cond("where")
	case "WhereOr":
		return cond("or")
	case "JoinOn":
		return cond("joinon")
	case "JoinOnOr":
		return cond("joinor")
	case "Join":
		return cond("join")
	case "WherePK":
		return []bunStep{{kind: "pk"}}
	case "Model":
		if len(args) == 1 {
			return []bunStep{{kind: "model", model: taint.Concrete(args[0])}}
		}
	case "Table", "ModelTableExpr", "TableExpr":
		s := bunStep{kind: "table"}
		if m.Name() == "Table" {
			if vals, ok := varargs(args[0]); ok && len(vals) == 1 {
				s.table, _ = taint.ConstString(vals[0])
			}
		} else if t, ok := taint.ConstString(args[0]); ok && !strings.ContainsAny(t, " ?") {
			s.table = t
		}
		return []bunStep{s}
	case "WhereGroup":
		if len(args) == 2 {
			sep, _ := taint.ConstString(args[0])
			return []bunStep{{kind: "group", sep: sep, group: c.bunBody(args[1])}}
		}
	case "Apply":
		if len(args) == 1 {
			fns, ok := varargs(args[0])
			if !ok {
				return []bunStep{{kind: "where", sql: querymodel.DynamicName}}
			}
			var out []bunStep
			for _, f := range fns {
				vs := c.bunBody(f)
				if len(vs) != 1 {
					out = append(out, bunStep{kind: "where", sql: querymodel.DynamicName})
					continue
				}
				out = append(out, vs[0]...)
			}
			return out
		}
	}
	return nil
}

// bunBody returns the steps a function applied to a query adds (WhereGroup's and Apply's
// callbacks): the chain from its parameter to what it returns.
func (c *checker) bunBody(v ssa.Value) [][]bunStep {
	var fn *ssa.Function
	switch f := v.(type) {
	case *ssa.MakeClosure:
		fn = f.Fn.(*ssa.Function)
	case *ssa.Function:
		fn = f
	}
	if fn == nil || fn.Blocks == nil {
		return [][]bunStep{{{kind: "where", sql: querymodel.DynamicName}}}
	}
	var out [][]bunStep
	for _, b := range fn.Blocks {
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && len(ret.Results) == 1 {
			vs, _ := c.bunChain(ret.Results[0], 1)
			out = append(out, vs...)
		}
	}
	return out
}

// bunModel returns a model's table and alias from its bun.BaseModel tag, else bun's naming
// (the type name in snake case, plural; the alias singular).
func bunModel(n *types.Named) (table, alias string) {
	model := gormDBName(n.Obj().Name())
	table, alias = pluralTable(n.Obj().Name()), model
	if s, ok := n.Underlying().(*types.Struct); ok {
		for i := 0; i < s.NumFields(); i++ {
			f := s.Field(i)
			if !f.Anonymous() || !knownapi.IsNamed(f.Type(), knownapi.PkgBun+"/schema", "BaseModel") {
				continue
			}
			for _, opt := range strings.Split(reflect.StructTag(s.Tag(i)).Get("bun"), ",") {
				k, v, _ := strings.Cut(opt, ":")
				switch k {
				case "table":
					table = v
				case "alias":
					alias = v
				}
			}
		}
	}
	if alias == "" {
		alias = table
	}
	return table, alias
}

// bunColumns maps a model's fields to columns (bun:"name,pk"; bun:"-" is skipped).
func bunColumns(n *types.Named) (map[*types.Var]string, string) {
	out := map[*types.Var]string{}
	pk := "id"
	s, ok := n.Underlying().(*types.Struct)
	if !ok {
		return out, pk
	}
	for i := 0; i < s.NumFields(); i++ {
		f := s.Field(i)
		if f.Anonymous() || !f.Exported() {
			continue
		}
		tag := reflect.StructTag(s.Tag(i)).Get("bun")
		if tag == "-" {
			continue
		}
		parts := strings.Split(tag, ",")
		col := parts[0]
		if col == "" {
			col = gormDBName(f.Name())
		}
		if slices.Contains(parts[1:], "pk") {
			pk = col
		}
		out[f] = col
	}
	return out, pk
}

// bunBind writes a bun condition with its arguments: ? binds the next argument (bun.Ident and
// bun.Safe constants are written into the SQL, as bun does), ?TableAlias and ?TableName name
// the model's table.
func bunBind(q *querymodel.Query, s string, args []ssa.Value, known bool) string {
	var b strings.Builder
	next := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '?' {
			b.WriteByte(s[i])
			continue
		}
		j := i + 1
		for j < len(s) && (s[j] == '_' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
			j++
		}
		if name := s[i+1 : j]; name != "" {
			switch name {
			case "TableAlias":
				b.WriteString(`"` + q.Alias + `"`)
			case "TableName":
				b.WriteString(`"` + q.Table + `"`)
			default:
				b.WriteString(querymodel.DynamicName)
			}
			i = j - 1
			continue
		}
		if known && next < len(args) {
			a := args[next]
			next++
			if k, ok := taint.Concrete(a).(*ssa.Const); ok && k.Value != nil && k.Value.Kind() == constant.String {
				switch {
				case knownapi.IsNamed(k.Type(), knownapi.PkgBun+"/schema", "Ident"):
					parts := strings.Split(constant.StringVal(k.Value), ".")
					for pi, p := range parts {
						parts[pi] = `"` + p + `"`
					}
					b.WriteString(strings.Join(parts, "."))
					continue
				case knownapi.IsNamed(k.Type(), knownapi.PkgBun+"/schema", "Safe"):
					b.WriteString(constant.StringVal(k.Value))
					continue
				}
			}
		}
		b.WriteString(q.Param())
	}
	return b.String()
}

// bunQuery renders one variant into the site's SQL; false when bun would not send it.
func (c *checker) bunQuery(st *querySite, steps []bunStep) bool {
	q := &querymodel.Query{}
	op := knownapi.GormOp(0)
	var model *types.Named
	var modelVal ssa.Value
	table := ""
	for _, s := range steps {
		switch s.kind {
		case "new":
			op = s.op
		case "raw":
			if s.sql == "" {
				st.dynamic = true
				return true
			}
			st.sqls = append(st.sqls, bunBind(q, s.sql, s.args, s.known))
			return true
		case "model":
			modelVal = s.model
			model = gormModel(s.model.Type())
		case "table":
			if s.table == "" {
				q.Dynamic = true
				table = querymodel.DynamicName
			} else {
				table = s.table
			}
		}
	}
	if op == 0 {
		// The chain starts at a query built elsewhere: its statement is not visible.
		st.noSQL = true
		return true
	}
	if model != nil {
		q.Table, q.Alias = bunModel(model)
	}
	if table != "" {
		q.Table, q.Alias = table, ""
	}
	if q.Table == "" {
		st.noSQL = true
		return true
	}
	switch op {
	case knownapi.GormInsert:
		q.Op = querymodel.Insert
		q.Alias = ""
		if model == nil {
			st.noSQL = true
			return true
		}
		fields, visible := structFields(modelVal)
		cols, _ := bunColumns(model)
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
	case knownapi.GormUpdate:
		q.Op = querymodel.Update
	case knownapi.GormDelete:
		q.Op = querymodel.Delete
	default:
		q.Op = querymodel.Select
	}
	pk := ""
	if model != nil {
		_, pk = bunColumns(model)
	}
	conds, hasPK := c.bunConds(q, steps, pk)
	for _, s := range steps {
		switch s.kind {
		case "join":
			q.Joins = append(q.Joins, bunBind(q, s.sql, s.args, s.known))
		case "joinon", "joinor":
			if len(q.Joins) > 0 {
				kw := " ON "
				if strings.Contains(q.Joins[len(q.Joins)-1], " ON ") {
					kw = " AND "
					if s.kind == "joinor" {
						kw = " OR "
					}
				}
				q.Joins[len(q.Joins)-1] += kw + "(" + bunBind(q, s.sql, s.args, s.known) + ")"
			}
		}
	}
	if len(conds) == 0 && !hasPK && (q.Op == querymodel.Update || q.Op == querymodel.Delete) {
		return false // bun: Update and Delete queries require at least one Where
	}
	q.Where = conds
	if hasPK {
		if slices.ContainsFunc(conds, func(c querymodel.Cond) bool { return c.Conj == querymodel.Or }) {
			sub := &querymodel.Query{Where: conds}
			q.Where = []querymodel.Cond{{Paren: true, SQL: whereText(sub)}}
		}
		ref := `"` + pk + `"`
		if q.Alias != "" {
			ref = `"` + q.Alias + `".` + ref
		}
		q.AddCond(querymodel.Cond{SQL: ref + " = " + q.Param()})
	}
	sql := q.SQL()
	dynamic := q.Dynamic || slices.ContainsFunc(q.Where, func(c querymodel.Cond) bool { return strings.Contains(c.SQL, querymodel.DynamicName) }) ||
		slices.ContainsFunc(q.Joins, func(j string) bool { return strings.Contains(j, querymodel.DynamicName) })
	if dynamic {
		st.dynamic = true
		st.partial = append(st.partial, sql)
	} else {
		st.sqls = append(st.sqls, sql)
	}
	return true
}

// whereText renders a condition list alone.
func whereText(q *querymodel.Query) string {
	q.Op, q.Table = querymodel.Select, "x"
	s := q.SQL()
	return s[strings.Index(s, " WHERE ")+len(" WHERE "):]
}

// bunConds turns the Where, WhereOr and WhereGroup steps into conditions, each in parentheses.
func (c *checker) bunConds(q *querymodel.Query, steps []bunStep, pk string) ([]querymodel.Cond, bool) {
	var out []querymodel.Cond
	hasPK := false
	for _, s := range steps {
		switch s.kind {
		case "where", "or":
			cond := querymodel.Cond{Paren: true, SQL: bunBind(q, s.sql, s.args, s.known)}
			if s.kind == "or" {
				cond.Conj = querymodel.Or
			}
			out = append(out, cond)
		case "group":
			if len(s.group) != 1 {
				out = append(out, querymodel.Cond{Paren: true, SQL: querymodel.DynamicName})
				continue
			}
			inner, _ := c.bunConds(q, s.group[0], pk)
			if len(inner) == 0 {
				continue
			}
			inner[0].Conj = querymodel.And
			sub := &querymodel.Query{Where: inner}
			cond := querymodel.Cond{Paren: true, SQL: whereText(sub)}
			if strings.Contains(strings.ToUpper(s.sep), "OR") {
				cond.Conj = querymodel.Or
			}
			out = append(out, cond)
		case "pk":
			hasPK = true
		}
	}
	return out, hasPK
}
