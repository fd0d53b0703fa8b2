package sqlscope

import (
	"go/constant"
	"go/token"
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

// BunStep is one step of a bun chain, rendered so that a bunFact can hold it: a condition's
// arguments are sqParam marks (bun.Ident and bun.Safe constants written in), ?TableAlias and
// ?TableName are bunAlias and bunTable marks, filled in when the statement is replayed.
type BunStep struct {
	Kind  string // "new", "where", "or", "group", "pk", "table", "model", "join", "joinon", "joinor", "raw"
	Op    knownapi.GormOp
	SQL   string // conditions, joins, raw ("" for raw SQL built at run time)
	Sep   string
	Group [][]BunStep
	Table string // table: the table ("" when named at run time); model: the model's table
	Alias string // model: the model's alias
	PK    string // model: the model's key column
	Model bool   // model: the model's type is known
	Sets  []string
}

// bunFact is exported for a function that returns a bun query: the variants of the queries
// its returns build, each from its own parameter (a handle the query is made on, or a query
// it extends) or from a handle of the function's own.
type bunFact struct {
	Variants []ChainVariant[BunStep]
}

func (*bunFact) AFact() {}

func (f *bunFact) String() string {
	var parts []string
	for _, v := range f.Variants {
		parts = append(parts, v.from()+":"+bunStepsString(v.Steps))
	}
	return "bunChain:" + strings.Join(parts, "|")
}

func bunStepsString(v []BunStep) string {
	var kinds []string
	for _, s := range v {
		k := s.Kind
		switch {
		case s.SQL != "":
			r := strings.NewReplacer(sqParam, "?", bunAlias, "?TableAlias", bunTable, "?TableName")
			k += "(" + r.Replace(s.SQL) + ")"
		case s.Table != "":
			k += "(" + s.Table + ")"
		case len(s.Group) > 0:
			var gs []string
			for _, g := range s.Group {
				gs = append(gs, bunStepsString(g))
			}
			k += "(" + strings.Join(gs, "|") + ")"
		}
		kinds = append(kinds, k)
	}
	return strings.Join(kinds, ".")
}

// Marks of ?TableAlias and ?TableName in a rendered bun condition.
const (
	bunAlias = "\x01"
	bunTable = "\x02"
)

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
	variants := c.bunChain(recv, 0)
	if side := c.bunSideSteps(recv, call); len(side) > 0 {
		for i, v := range variants {
			variants[i].steps = append(slices.Clip(v.steps), side...)
		}
	}
	return chainSite(fn, call, variants, c.bunQuery)
}

// bunSideSteps returns the steps of the bun calls whose results are dropped but which ran on
// the query the finisher runs, or on a query of its chain, before it: bun's query methods change
// the query they are called on and return it, so q.Where("tenant_id = ?", t) on its own line
// adds the condition (q := db.NewSelect().Model(m); q.Where(...); q.Scan(ctx)). A call counts
// when it dominates the finisher; one in a branch may not have run, so it adds nothing.
func (c *checker) bunSideSteps(recv ssa.Value, finisher ssa.Instruction) []BunStep {
	type step struct {
		pos   token.Pos
		steps []BunStep
	}
	var side []step
	var visit func(v, next ssa.Value, depth int)
	visit = func(v, next ssa.Value, depth int) {
		if depth > maxDepth || v.Referrers() == nil {
			return
		}
		for _, r := range *v.Referrers() {
			call, ok := r.(*ssa.Call)
			if !ok || ssa.Value(call) == next || call == finisher || taint.Receiver(&call.Call) != v {
				continue
			}
			m := bunMethod(&call.Call)
			if m == nil || knownapi.BunFinishers[m.Name()] || !dominates(call, finisher) {
				continue
			}
			if _, ok := bunQueryOp(call.Type()); !ok {
				continue
			}
			side = append(side, step{call.Pos(), c.bunStepOf(m, taint.Args(&call.Call))})
			visit(call, nil, depth+1) // q.Where(a).Where(b) on its own line
		}
	}
	next := ssa.Value(nil)
	for v, depth := recv, 0; v != nil && depth <= maxDepth; depth++ {
		visit(v, next, 0)
		x, ok := v.(*ssa.Call)
		if !ok {
			break
		}
		m := bunMethod(&x.Call)
		if m == nil || strings.HasPrefix(m.Name(), "New") {
			break
		}
		next, v = v, taint.Receiver(&x.Call)
	}
	slices.SortFunc(side, func(a, b step) int { return int(a.pos - b.pos) })
	var out []BunStep
	for _, s := range side {
		out = append(out, s.steps...)
	}
	return out
}

// bunChain returns the variants of the chain that built a query value, each with the handle
// it was created on (the value the chain starts from when that is not visible).
func (c *checker) bunChain(v ssa.Value, depth int) []chain[BunStep] {
	if depth > maxDepth {
		return startAt[BunStep](v)
	}
	switch x := v.(type) {
	case *ssa.Extract:
		if call, ok := helperResult(x); ok {
			return c.bunHelper(call, depth)
		}
	case *ssa.Call:
		m := bunMethod(&x.Call)
		if m == nil {
			return c.bunHelper(x, depth)
		}
		recv := taint.Receiver(&x.Call)
		args := taint.Args(&x.Call)
		if strings.HasPrefix(m.Name(), "New") {
			op, ok := bunQueryOp(x.Type())
			if !ok {
				break
			}
			s := BunStep{Kind: "new", Op: op}
			if m.Name() == "NewRaw" && len(args) == 2 {
				s.Kind = "raw"
				if sql, ok := taint.ConstString(args[0]); ok {
					rest, known := varargs(args[1])
					s.SQL = bunMark(sql, rest, known)
				}
			}
			return []chain[BunStep]{{base: recv, steps: []BunStep{s}}}
		}
		if _, ok := bunQueryOp(recv.Type()); !ok {
			break
		}
		return extendChains(c.bunChain(recv, depth+1), c.bunStepOf(m, args)...)
	case *ssa.Phi:
		var out []chain[BunStep]
		for _, e := range x.Edges {
			out = append(out, c.bunChain(e, depth+1)...)
		}
		return limitChains(out)
	}
	return startAt[BunStep](v)
}

func (c *checker) bunStepOf(m *types.Func, args []ssa.Value) []BunStep {
	cond := func(kind string) []BunStep {
		if len(args) != 2 {
			return nil
		}
		sql, _ := taint.ConstString(args[0])
		rest, known := varargs(args[1])
		if sql == "" {
			sql, known = querymodel.DynamicName, false
		}
		return []BunStep{{Kind: kind, SQL: bunMark(sql, rest, known)}}
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
		return []BunStep{{Kind: "pk"}}
	case "Model":
		if len(args) == 1 {
			return []BunStep{bunModelStep(taint.Concrete(args[0]))}
		}
	case "Table", "ModelTableExpr", "TableExpr":
		s := BunStep{Kind: "table"}
		if m.Name() == "Table" {
			if vals, ok := varargs(args[0]); ok && len(vals) == 1 {
				s.Table, _ = taint.ConstString(vals[0])
			}
		} else if t, ok := taint.ConstString(args[0]); ok && !strings.ContainsAny(t, " ?") {
			s.Table = t
		}
		return []BunStep{s}
	case "WhereGroup":
		if len(args) == 2 {
			sep, _ := taint.ConstString(args[0])
			return []BunStep{{Kind: "group", Sep: sep, Group: c.bunBody(args[1])}}
		}
	case "Apply":
		if len(args) == 1 {
			fns, ok := varargs(args[0])
			if !ok {
				return []BunStep{{Kind: "where", SQL: querymodel.DynamicName}}
			}
			var out []BunStep
			for _, f := range fns {
				vs := c.bunBody(f)
				if len(vs) != 1 {
					out = append(out, BunStep{Kind: "where", SQL: querymodel.DynamicName})
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
func (c *checker) bunBody(v ssa.Value) [][]BunStep {
	var fn *ssa.Function
	switch f := v.(type) {
	case *ssa.MakeClosure:
		fn = f.Fn.(*ssa.Function)
	case *ssa.Function:
		fn = f
	}
	if fn != nil && fn.Blocks == nil {
		if f := c.bunFactOf(fn); f != nil && !slices.ContainsFunc(f.Variants, func(v ChainVariant[BunStep]) bool { return v.Param != 0 }) {
			var out [][]BunStep
			for _, v := range f.Variants {
				out = append(out, v.Steps)
			}
			return out
		}
	}
	if fn == nil || fn.Blocks == nil {
		return [][]BunStep{{{Kind: "where", SQL: querymodel.DynamicName}}}
	}
	var out [][]BunStep
	for _, b := range fn.Blocks {
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && len(ret.Results) == 1 {
			for _, v := range c.bunChain(ret.Results[0], 1) {
				out = append(out, v.steps)
			}
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

// bunMark renders a bun condition with its arguments: ? binds the next argument (an sqParam
// mark; bun.Ident and bun.Safe constants are written into the SQL, as bun does), ?TableAlias
// and ?TableName become marks for the model's names (bunRender fills them in).
func bunMark(s string, args []ssa.Value, known bool) string {
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
				b.WriteString(bunAlias)
			case "TableName":
				b.WriteString(bunTable)
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
		b.WriteString(sqParam)
	}
	return b.String()
}

// bunRender fills in the marks of a rendered condition for the statement q.
func bunRender(q *querymodel.Query, s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch s[i : i+1] {
		case sqParam:
			b.WriteString(q.Param())
		case bunAlias:
			b.WriteString(`"` + q.Alias + `"`)
		case bunTable:
			b.WriteString(`"` + q.Table + `"`)
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// bunModelStep renders a Model step: the model's names and key, and the columns an INSERT of
// it sets (its non-zero fields when the value is visible, else all of them).
func bunModelStep(v ssa.Value) BunStep {
	s := BunStep{Kind: "model"}
	model := gormModel(v.Type())
	if model == nil {
		return s
	}
	s.Model = true
	s.Table, s.Alias = bunModel(model)
	cols, pk := bunColumns(model)
	s.PK = pk
	fields, visible := structFields(v)
	if !visible {
		for _, col := range cols {
			s.Sets = append(s.Sets, col)
		}
		slices.Sort(s.Sets)
	}
	for _, f := range fields {
		if col, ok := cols[f]; ok {
			s.Sets = append(s.Sets, col)
		}
	}
	return s
}

// bunHelper returns the variants of a query a call of a function with a bunFact returns,
// each continued from the caller's chain of the argument it derives from, with its handle.
func (c *checker) bunHelper(call *ssa.Call, depth int) []chain[BunStep] {
	return helperChains(c, call,
		func(g *ssa.Function) []ChainVariant[BunStep] {
			if f := c.bunFactOf(g); f != nil {
				return f.Variants
			}
			return nil
		},
		func(a ssa.Value) []chain[BunStep] { return c.bunChain(a, depth+1) },
		c.isHandle, nil)
}

func (c *checker) bunFactOf(g *ssa.Function) *bunFact {
	return chainFactOf(c, g, c.bunFacts, c.computeBunFact)
}

// computeBunFact summarises a function whose result is a bun query (with an error or not):
// the variants of each return's chain, each with the parameter it starts from, or unscoped
// when it is made on a pool of the function's own.
func (c *checker) computeBunFact(g *ssa.Function) *bunFact {
	isQuery := func(t types.Type) bool { _, ok := bunQueryOp(t); return ok }
	if vs := helperVariants(c, g, isQuery, func(v ssa.Value) []chain[BunStep] { return c.bunChain(v, 1) }, c.isHandle); vs != nil {
		return &bunFact{Variants: vs}
	}
	return nil
}

// bunQuery renders one variant into the site's SQL; false when bun would not send it.
func (c *checker) bunQuery(st *querySite, steps []BunStep) bool {
	q := &querymodel.Query{}
	op := knownapi.GormOp(0)
	var model *BunStep
	table := ""
	for i, s := range steps {
		switch s.Kind {
		case "new":
			op = s.Op
		case "raw":
			if s.SQL == "" {
				st.dynamic = true
				return true
			}
			st.sqls = append(st.sqls, bunRender(q, s.SQL))
			return true
		case "model":
			model = &steps[i]
			if !s.Model {
				model = nil
			}
		case "table":
			if s.Table == "" {
				q.Dynamic = true
				table = querymodel.DynamicName
			} else {
				table = s.Table
			}
		}
	}
	if op == 0 {
		// The chain starts at a query built elsewhere: its statement is not visible.
		st.noSQL = true
		return true
	}
	if model != nil {
		q.Table, q.Alias = model.Table, model.Alias
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
		q.Sets = append(q.Sets, model.Sets...)
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
		pk = model.PK
	}
	conds, hasPK := c.bunConds(q, steps, pk)
	for _, s := range steps {
		switch s.Kind {
		case "join":
			q.Joins = append(q.Joins, bunRender(q, s.SQL))
		case "joinon", "joinor":
			if len(q.Joins) > 0 {
				kw := " ON "
				if strings.Contains(q.Joins[len(q.Joins)-1], " ON ") {
					kw = " AND "
					if s.Kind == "joinor" {
						kw = " OR "
					}
				}
				q.Joins[len(q.Joins)-1] += kw + "(" + bunRender(q, s.SQL) + ")"
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
func (c *checker) bunConds(q *querymodel.Query, steps []BunStep, pk string) ([]querymodel.Cond, bool) {
	var out []querymodel.Cond
	hasPK := false
	for _, s := range steps {
		switch s.Kind {
		case "where", "or":
			cond := querymodel.Cond{Paren: true, SQL: bunRender(q, s.SQL)}
			if s.Kind == "or" {
				cond.Conj = querymodel.Or
			}
			out = append(out, cond)
		case "group":
			if len(s.Group) != 1 {
				out = append(out, querymodel.Cond{Paren: true, SQL: querymodel.DynamicName})
				continue
			}
			inner, _ := c.bunConds(q, s.Group[0], pk)
			if len(inner) == 0 {
				continue
			}
			inner[0].Conj = querymodel.And
			sub := &querymodel.Query{Where: inner}
			cond := querymodel.Cond{Paren: true, SQL: whereText(sub)}
			if strings.Contains(strings.ToUpper(s.Sep), "OR") {
				cond.Conj = querymodel.Or
			}
			out = append(out, cond)
		case "pk":
			hasPK = true
		}
	}
	return out, hasPK
}

// dominates reports whether def runs before use on every path to use.
func dominates(def, use ssa.Instruction) bool {
	db, ub := def.Block(), use.Block()
	if db != ub {
		return db.Dominates(ub)
	}
	for _, in := range db.Instrs {
		if in == def {
			return true
		}
		if in == use {
			return false
		}
	}
	return false
}
