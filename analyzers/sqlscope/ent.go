package sqlscope

import (
	"go/constant"
	"go/types"
	"path"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/querymodel"
	"github.com/tenantvet/tenantvet/internal/taint"
)

// The ent recogniser. ent (entgo.io/ent) generates a client package: per entity X a client
// (XClient, a field of Client and Tx), builders (XQuery, XUpdate, XUpdateOne, XDelete,
// XDeleteOne, XCreate) whose Where takes the entity's predicate type (a named
// func(*sql.Selector) of the generated predicate package), and an entity package holding the
// table and column names as constants (Table = "projects", FieldTenantID = "tenant_id") and
// the per-field predicate functions (TenantID(v), IDIn(ids...), And, Or, Not). A builder is
// recognised by that shape, its statement followed back from a finisher (Only, All, Save,
// Exec...) to the client method that made it (Query, Create, Update, UpdateOneID,
// DeleteOneID...), and replayed as ent writes it: the predicates of every Where joined by
// AND, each in parentheses, the id of UpdateOneID, DeleteOneID and Get as one more condition,
// the columns the Set methods of a Create set.

// entBuilder is a generated ent builder type.
type entBuilder struct {
	kind   string // Query, Update, UpdateOne, Delete, DeleteOne, Create
	name   string // the entity (Project)
	gen    *types.Package
	entity *types.Package
	pred   types.Type // the entity's predicate type
}

// entKinds are the builder kinds, longest suffix first.
var entKinds = []string{"UpdateOne", "DeleteOne", "Update", "Delete", "Create", "Query"}

// entSelector reports whether t is func(*entgo.io/ent/dialect/sql.Selector).
func entSelector(t types.Type) bool {
	sig, ok := t.Underlying().(*types.Signature)
	return ok && sig.Params().Len() == 1 && sig.Results().Len() == 0 &&
		knownapi.IsNamed(sig.Params().At(0).Type(), knownapi.PkgEntSQL, "Selector")
}

// entWherePred returns the predicate type a Where method of t takes: Where(ps ...predicate.X).
func entWherePred(t types.Type) types.Type {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Where")
	m, ok := obj.(*types.Func)
	if !ok {
		return nil
	}
	sig := m.Type().(*types.Signature)
	if !sig.Variadic() || sig.Params().Len() != 1 {
		return nil
	}
	el := sig.Params().At(0).Type().(*types.Slice).Elem()
	if n, ok := types.Unalias(el).(*types.Named); !ok || !entSelector(n) {
		return nil
	}
	return el
}

// entBuilderOf returns the ent builder t is, or nil.
func (c *checker) entBuilderOf(t types.Type) *entBuilder {
	n := knownapi.NamedOf(t)
	if n == nil || n.Obj().Pkg() == nil {
		return nil
	}
	if b, ok := c.entBuilders[n]; ok {
		return b
	}
	var b *entBuilder
	defer func() { c.entBuilders[n] = b }()
	name := n.Obj().Name()
	kind := ""
	for _, k := range entKinds {
		if strings.HasSuffix(name, k) && len(name) > len(k) {
			kind = k
			break
		}
	}
	if kind == "" {
		return nil
	}
	var pred types.Type
	if kind == "Create" {
		// A create builder has no Where; its mutation has.
		obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Mutation")
		if m, ok := obj.(*types.Func); ok && m.Type().(*types.Signature).Results().Len() == 1 {
			pred = entWherePred(m.Type().(*types.Signature).Results().At(0).Type())
		}
	} else {
		pred = entWherePred(t)
	}
	if pred == nil {
		return nil
	}
	entity := c.entEntity(n.Obj().Pkg(), pred)
	if entity == nil {
		entity = c.entEntityFromFact(n.Obj().Pkg(), pred)
	}
	if entity == nil {
		return nil
	}
	b = &entBuilder{kind: kind, name: strings.TrimSuffix(name, kind), gen: n.Obj().Pkg(), entity: entity, pred: pred}
	return b
}

// entEntity finds the entity package of a predicate type: the package the generated package
// imports whose ID function returns that predicate and which names its Table.
func (c *checker) entEntity(gen *types.Package, pred types.Type) *types.Package {
	// A package read from export data may list only some of its imports; the application
	// usually imports the entity package itself (for its predicates).
	for _, p := range slices.Concat(gen.Imports(), c.pass.Pkg.Imports()) {
		if _, ok := entConst(p, "Table"); !ok {
			continue
		}
		id, ok := p.Scope().Lookup("ID").(*types.Func)
		if !ok {
			continue
		}
		if res := id.Type().(*types.Signature).Results(); res.Len() == 1 && types.Identical(res.At(0).Type(), pred) {
			return p
		}
	}
	return nil
}

// entConst returns the value of a string constant of a generated entity package.
func entConst(p *types.Package, name string) (string, bool) {
	k, ok := p.Scope().Lookup(name).(*types.Const)
	if !ok || k.Val().Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(k.Val()), true
}

// entClientOf returns the builder a generated entity client's Query method makes, or nil for a
// type that is not such a client (XClient).
func (c *checker) entClientOf(t types.Type) *entBuilder {
	n := knownapi.NamedOf(t)
	if n == nil || !strings.HasSuffix(n.Obj().Name(), "Client") {
		return nil
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Query")
	m, ok := obj.(*types.Func)
	if !ok || m.Type().(*types.Signature).Params().Len() != 0 || m.Type().(*types.Signature).Results().Len() != 1 {
		return nil
	}
	b := c.entBuilderOf(m.Type().(*types.Signature).Results().At(0).Type())
	if b == nil || b.kind != "Query" {
		return nil
	}
	return b
}

// isEntClient reports whether t is a generated ent client: an entity's XClient, or the Client
// or Tx holding them.
func (c *checker) isEntClient(t types.Type) bool {
	if c.entClientOf(t) != nil {
		return true
	}
	n := knownapi.NamedOf(t)
	if n == nil {
		return false
	}
	if _, isPtr := types.Unalias(t).(*types.Pointer); !isPtr {
		return false
	}
	s, ok := n.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < s.NumFields(); i++ {
		if f := s.Field(i); f.Exported() && c.entClientOf(f.Type()) != nil {
			return true
		}
	}
	return false
}

// entStep is one step of an ent chain.
type entStep struct {
	kind  string // "new", "where", "id", "set", "from"
	op    querymodel.Op
	preds []ssa.Value
	known bool
	col   string
	// A traversal ("from"): the statement reads the neighbours over edge of the rows of
	// parent, a variant of a query on from's entity, or of one row of it whose key is all
	// that is known (parent nil).
	edge   string
	from   *entBuilder
	parent []entStep
}

// entSite returns the query site of an ent finisher, or nil.
func (c *checker) entSite(fn *ssa.Function, call ssa.CallInstruction) *querySite {
	m := taint.Callee(call.Common())
	recv := taint.Receiver(call.Common())
	if m == nil || recv == nil || m.Type().(*types.Signature).Recv() == nil {
		return nil
	}
	var b *entBuilder
	var variants [][]entStep
	var base ssa.Value
	if cb := c.entClientOf(recv.Type()); cb != nil && (m.Name() == "Get" || m.Name() == "GetX") {
		b, base = cb, recv
		variants = [][]entStep{{{kind: "new", op: querymodel.Select}, {kind: "id"}}}
	} else if q, qb := c.entSelected(recv); qb != nil && entSelectFinishers[m.Name()] {
		b = qb
		variants, base = c.entChain(q, b, 0)
	} else {
		b = c.entBuilderOf(recv.Type())
		if b == nil || !knownapi.EntFinishers[b.kind][m.Name()] {
			return nil
		}
		variants, base = c.entChain(recv, b, 0)
	}
	st := &querySite{fn: fn, instr: call, handles: []ssa.Value{base}}
	for _, v := range variants {
		c.entQuery(st, b, v)
	}
	slices.Sort(st.sqls)
	st.sqls = slices.Compact(st.sqls)
	return st
}

// entChain returns the variants of the chain that built a builder value and the client it was
// made on (the value the chain starts from when that is not visible).
func (c *checker) entChain(v ssa.Value, b *entBuilder, depth int) ([][]entStep, ssa.Value) {
	if depth > maxDepth {
		return [][]entStep{nil}, v
	}
	switch x := v.(type) {
	case *ssa.Call:
		m := taint.Callee(&x.Call)
		recv := taint.Receiver(&x.Call)
		if m == nil || recv == nil {
			break
		}
		args := taint.Args(&x.Call)
		if cb := c.entClientOf(recv.Type()); cb != nil && cb.entity == b.entity {
			var s []entStep
			switch m.Name() {
			case "Query":
				s = []entStep{{kind: "new", op: querymodel.Select}}
			case "Create":
				s = []entStep{{kind: "new", op: querymodel.Insert}}
			case "Update":
				s = []entStep{{kind: "new", op: querymodel.Update}}
			case "UpdateOne", "UpdateOneID":
				s = []entStep{{kind: "new", op: querymodel.Update}, {kind: "id"}}
			case "Delete":
				s = []entStep{{kind: "new", op: querymodel.Delete}}
			case "DeleteOne", "DeleteOneID":
				s = []entStep{{kind: "new", op: querymodel.Delete}, {kind: "id"}}
			default:
				return [][]entStep{nil}, v
			}
			return [][]entStep{s}, recv
		}
		if vs, base, ok := c.entTraversal(x, m, recv, args, b, depth); ok {
			return vs, base
		}
		rb := c.entBuilderOf(recv.Type())
		if rb == nil || rb.entity != b.entity || c.entBuilderOf(x.Type()) == nil {
			break
		}
		if c.entBuilderOf(x.Type()).entity != b.entity {
			break // a traversal to another entity (QueryOwner): its statement is not modelled
		}
		prev, base := c.entChain(recv, b, depth+1)
		var step *entStep
		switch name := m.Name(); {
		case name == "Where" && len(args) == 1:
			s := entStep{kind: "where"}
			s.preds, s.known = varargs(args[0])
			step = &s
		case rb.kind == "Create" && strings.HasPrefix(name, "Set"):
			field := strings.TrimPrefix(strings.TrimPrefix(name, "Set"), "Nillable")
			col, ok := entConst(b.entity, "Field"+field)
			if !ok {
				col, ok = entConst(b.entity, field+"Column") // an edge's foreign key (SetOwnerID)
				if !ok && strings.HasSuffix(field, "ID") {
					col, ok = entConst(b.entity, strings.TrimSuffix(field, "ID")+"Column")
				}
			}
			if ok {
				step = &entStep{kind: "set", col: col}
			}
		}
		if step == nil {
			return prev, base
		}
		out := make([][]entStep, len(prev))
		for i, p := range prev {
			out[i] = append(slices.Clip(p), *step)
		}
		return out, base
	case *ssa.Phi:
		var out [][]entStep
		var base ssa.Value
		for _, e := range x.Edges {
			vs, bs := c.entChain(e, b, depth+1)
			out = append(out, vs...)
			if base == nil {
				base = bs
			}
		}
		if len(out) > maxVariants {
			out = out[:maxVariants]
		}
		return out, base
	}
	return [][]entStep{nil}, v
}

// entQuery renders one variant into the site's SQL.
func (c *checker) entQuery(st *querySite, b *entBuilder, steps []entStep) {
	if len(steps) == 0 || steps[0].kind != "new" {
		// The chain starts at a builder made elsewhere: its statement is not visible.
		st.noSQL = true
		return
	}
	table, _ := entConst(b.entity, "Table")
	q := &querymodel.Query{Op: steps[0].op, Table: table}
	if q.Op == querymodel.Insert {
		for _, s := range steps {
			if s.kind == "set" && !slices.Contains(q.Sets, s.col) {
				q.Sets = append(q.Sets, s.col)
			}
		}
		slices.Sort(q.Sets)
		st.sqls = append(st.sqls, q.SQL())
		return
	}
	dynamic, known := c.entConds(q, b, table, steps)
	if !known {
		st.noSQL = true
		return
	}
	sql := q.SQL()
	if dynamic {
		st.dynamic = true
		st.partial = append(st.partial, sql)
		return
	}
	st.sqls = append(st.sqls, sql)
}

// entConds adds the conditions of a variant of a statement on b's table to q: the ones the
// entity's schema adds, then those of its steps. dynamic reports a predicate chosen at run
// time; known is false when a traversal starts from a query made elsewhere.
func (c *checker) entConds(q *querymodel.Query, b *entBuilder, table string, steps []entStep) (dynamic, known bool) {
	for _, p := range c.entSchemaFilters(b, q.Op) {
		// An interceptor or privacy rule of the entity's schema adds it to every statement.
		col, op, _ := strings.Cut(p, " ")
		q.AddCond(querymodel.Cond{SQL: c.entCol(table, col) + " " + strings.Replace(op, "?", q.Param(), 1)})
	}
	for _, s := range steps {
		switch s.kind {
		case "id":
			id, ok := entConst(b.entity, "FieldID")
			if !ok {
				id = "id"
			}
			q.AddCond(querymodel.Cond{SQL: c.entCol(table, id) + " = " + q.Param()})
		case "from":
			cond, dyn, ok := c.entFromCond(q, b, table, s)
			if !ok {
				return dynamic, false
			}
			dynamic = dynamic || dyn
			if cond != "" {
				q.AddCond(querymodel.Cond{SQL: cond})
			}
		case "where":
			if !s.known {
				q.AddCond(querymodel.Cond{Paren: true, SQL: querymodel.DynamicName})
				dynamic = true
				continue
			}
			for _, p := range s.preds {
				sql, ok := c.entPred(q, b, table, p, 0)
				if !ok {
					sql, dynamic = querymodel.DynamicName, true
				}
				q.AddCond(querymodel.Cond{Paren: true, SQL: sql})
			}
		}
	}
	return dynamic, true
}

func (c *checker) entCol(table, col string) string {
	return `"` + table + `"."` + col + `"`
}

// entOps are the suffixes of the generated field predicates and the SQL each writes.
var entOps = map[string]string{
	"": "= ?", "EQ": "= ?", "NEQ": "<> ?", "In": "IN (?)", "NotIn": "NOT IN (?)", "GT": "> ?",
	"GTE": ">= ?", "LT": "< ?", "LTE": "<= ?", "IsNil": "IS NULL", "NotNil": "IS NOT NULL",
	"Contains": "LIKE ?", "ContainsFold": "ILIKE ?", "HasPrefix": "LIKE ?", "HasSuffix": "LIKE ?",
	"EqualFold": "ILIKE ?",
}

// entSQLOps are the field predicates of entgo.io/ent/dialect/sql and the SQL each writes.
var entSQLOps = map[string]string{
	"FieldEQ": "= ?", "FieldNEQ": "<> ?", "FieldIn": "IN (?)", "FieldNotIn": "NOT IN (?)",
	"FieldGT": "> ?", "FieldGTE": ">= ?", "FieldLT": "< ?", "FieldLTE": "<= ?",
	"FieldIsNull": "IS NULL", "FieldNotNull": "IS NOT NULL", "FieldContains": "LIKE ?",
	"FieldHasPrefix": "LIKE ?", "FieldHasSuffix": "LIKE ?", "FieldEqualFold": "ILIKE ?",
	"FieldContainsFold": "ILIKE ?",
}

// entPred renders a predicate value as SQL; false when it is not one the recogniser knows
// (a many-to-many edge predicate, a predicate function of the application's own, a value
// chosen at run time).
func (c *checker) entPred(q *querymodel.Query, b *entBuilder, table string, v ssa.Value, depth int) (string, bool) {
	if depth > maxDepth {
		return "", false
	}
	switch x := v.(type) {
	case *ssa.ChangeType:
		return c.entPred(q, b, table, x.X, depth+1)
	case *ssa.Call:
		fn := taint.Callee(&x.Call)
		if fn == nil || fn.Pkg() == nil || x.Call.IsInvoke() {
			return "", false
		}
		fn = fn.Origin()
		args := x.Call.Args
		bind := func(col, op string) string {
			return c.entCol(table, col) + " " + strings.Replace(op, "?", q.Param(), 1)
		}
		join := func(list ssa.Value, sep string) (string, bool) {
			ps, ok := varargs(list)
			if !ok || len(ps) == 0 {
				return "", false
			}
			var parts []string
			for _, p := range ps {
				s, ok := c.entPred(q, b, table, p, depth+1)
				if !ok {
					return "", false
				}
				parts = append(parts, "("+s+")")
			}
			return strings.Join(parts, sep), true
		}
		switch {
		case fn.Pkg() == b.entity:
			switch fn.Name() {
			case "And":
				if len(args) == 1 {
					return join(args[0], " AND ")
				}
			case "Or":
				if len(args) == 1 {
					return join(args[0], " OR ")
				}
			case "Not":
				if len(args) == 1 {
					s, ok := c.entPred(q, b, table, args[0], depth+1)
					return "NOT (" + s + ")", ok
				}
			}
			name := fn.Name()
			if edge, ok := strings.CutPrefix(name, "Has"); ok && strings.HasSuffix(edge, "With") && len(args) == 1 {
				return c.entEdgePred(q, b, table, strings.TrimSuffix(edge, "With"), args[0], depth)
			}
			if edge, ok := strings.CutPrefix(name, "Has"); ok && len(args) == 0 {
				return c.entEdgePred(q, b, table, edge, nil, depth)
			}
			for i := len(name); i > 0; i-- {
				col, ok := entConst(b.entity, "Field"+name[:i])
				if !ok {
					continue
				}
				if op, ok := entOps[name[i:]]; ok {
					return bind(col, op), true
				}
			}
		case knownapi.PkgPath(fn.Pkg()) == knownapi.PkgEntSQL:
			switch fn.Name() {
			case "AndPredicates":
				if len(args) == 1 {
					return join(args[0], " AND ")
				}
			case "OrPredicates":
				if len(args) == 1 {
					return join(args[0], " OR ")
				}
			case "NotPredicates":
				if len(args) == 1 {
					s, ok := join(args[0], " AND ")
					return "NOT (" + s + ")", ok
				}
			}
			if op, ok := entSQLOps[fn.Name()]; ok && len(args) > 0 {
				if col, ok := taint.ConstString(args[0]); ok && col != "" {
					return bind(col, op), true
				}
			}
		}
	}
	return "", false
}

// entEdgePred renders Has<Edge>With(preds...): rows with a neighbour over the edge that
// satisfies preds. ent writes it (sqlgraph.HasNeighborsWith) as an EXISTS correlated over the
// edge's foreign key; it is rendered as the equivalent IN over that key, which is the shape a
// child table's filter through its parent takes:
//
//   - the key in the entity's own table (M2O, <Edge>Table is the entity's Table):
//     col IN (SELECT <inverse>.id FROM <inverse> WHERE preds), and col = ? when preds is the
//     neighbour's id alone (task.HasTenantWith(tenant.ID(tid)) is tenant_id = tid);
//   - the key in the neighbour's table (O2M, O2O, <Edge>Table is the <Edge>InverseTable):
//     id IN (SELECT <inverse>.col FROM <inverse> WHERE preds).
//
// Has<Edge>() (list nil) is any neighbour: col IS NOT NULL, or id IN (SELECT col FROM
// <inverse>). A many-to-many edge goes through its join table (entM2MFact): id IN (SELECT
// jt.from FROM jt WHERE jt.to IN (SELECT <inverse>.id FROM <inverse> WHERE preds)), jt.to = ?
// for the neighbour's id alone. Edges to the entity itself and predicates it does not know
// are not rendered.
func (c *checker) entEdgePred(q *querymodel.Query, b *entBuilder, table, edge string, list ssa.Value, depth int) (string, bool) {
	relTable, ok1 := entConst(b.entity, edge+"Table")
	col, ok2 := entConst(b.entity, edge+"Column")
	inverse, ok3 := entConst(b.entity, edge+"InverseTable")
	var m2m *entM2MFact
	if ok1 && !ok2 {
		// A many-to-many edge: through its join table.
		m2m, ok2 = c.entM2M(b, edge)
		ok2 = ok2 && m2m.Table == relTable
	}
	if !ok1 || !ok2 || !ok3 || inverse == table {
		return "", false
	}
	own, ok := entConst(b.entity, "FieldID")
	if !ok {
		own = "id"
	}
	if m2m != nil {
		// own IN (SELECT jt.from FROM jt [WHERE jt.to <the neighbours>])
		jt := "SELECT " + c.entCol(relTable, m2m.From) + ` FROM "` + relTable + `"`
		if list == nil {
			return c.entCol(table, own) + " IN (" + jt + ")", true
		}
		nb, ok := c.entNeighbourSQL(q, b, inverse, list, depth)
		if !ok {
			return "", false
		}
		return c.entCol(table, own) + " IN (" + jt + " WHERE " + c.entCol(relTable, m2m.To) + " " + nb + ")", true
	}
	if list == nil {
		// Has<Edge>(): any neighbour.
		switch relTable {
		case table:
			return c.entCol(table, col) + " IS NOT NULL", true
		case inverse:
			return c.entCol(table, own) + " IN (SELECT " + c.entCol(inverse, col) + ` FROM "` + inverse + `")`, true
		}
		return "", false
	}
	ps, ok := varargs(list)
	if !ok || len(ps) == 0 {
		return "", false
	}
	// The neighbour's predicates, rendered on its table with its entity package.
	var nb *entBuilder
	var parts []string
	onlyID := len(ps) == 1
	for _, p := range ps {
		call, ok := p.(*ssa.Call)
		if !ok {
			return "", false
		}
		pf := taint.Callee(&call.Call)
		if pf == nil || pf.Pkg() == nil {
			return "", false
		}
		if t, ok := entConst(pf.Pkg(), "Table"); !ok || t != inverse || nb != nil && nb.entity != pf.Pkg() {
			return "", false
		}
		if nb == nil {
			nb = &entBuilder{kind: b.kind, gen: b.gen, entity: pf.Pkg()}
		}
		onlyID = onlyID && (pf.Name() == "ID" || pf.Name() == "IDEQ") && len(call.Call.Args) == 1
		if onlyID {
			break
		}
		sql, ok := c.entPred(q, nb, inverse, p, depth+1)
		if !ok {
			return "", false
		}
		parts = append(parts, "("+sql+")")
	}
	id, ok := entConst(nb.entity, "FieldID")
	if !ok {
		id = "id"
	}
	switch relTable {
	case table:
		if onlyID {
			return c.entCol(table, col) + " = " + q.Param(), true
		}
		return c.entCol(table, col) + " IN (SELECT " + c.entCol(inverse, id) + ` FROM "` + inverse + `" WHERE ` + strings.Join(parts, " AND ") + ")", true
	case inverse:
		if onlyID {
			parts = []string{"(" + c.entCol(inverse, id) + " = " + q.Param() + ")"}
		}
		return c.entCol(table, own) + " IN (SELECT " + c.entCol(inverse, col) + ` FROM "` + inverse + `" WHERE ` + strings.Join(parts, " AND ") + ")", true
	}
	return "", false
}

// entRawSQL returns the query API of a raw SQL method of a generated ent client (the
// sql/execquery feature: ExecContext and QueryContext on the config that Client and Tx embed,
// with the SQL as argument 1), or false.
func (c *checker) entRawSQL(fn *types.Func) (knownapi.QueryAPI, bool) {
	if fn == nil || fn.Pkg() == nil || fn.Name() != "ExecContext" && fn.Name() != "QueryContext" {
		return knownapi.QueryAPI{}, false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Recv() == nil || sig.Params().Len() != 3 || !sig.Variadic() {
		return knownapi.QueryAPI{}, false
	}
	if b, ok := sig.Params().At(1).Type().Underlying().(*types.Basic); !ok || b.Kind() != types.String {
		return knownapi.QueryAPI{}, false
	}
	client, ok := fn.Pkg().Scope().Lookup("Client").(*types.TypeName)
	if !ok || !c.isEntClient(types.NewPointer(client.Type())) {
		return knownapi.QueryAPI{}, false
	}
	return knownapi.QueryAPI{Func: funcOf(fn), SQLArg: 1, HandleArg: -1, Kind: knownapi.RunsSQL}, true
}

// entGenerated reports whether the package is a client ent generated: it declares an entity
// client (XClient) whose builders it defines.
func (c *checker) entGenerated() bool {
	scope := c.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		if tn, ok := scope.Lookup(name).(*types.TypeName); ok && c.entClientOf(types.NewPointer(tn.Type())) != nil {
			return true
		}
	}
	return false
}

// entFilterFact is exported for a function whose body (closures and the functions it calls
// included) adds storage-level predicates to the ent queries it is handed
// (q.WhereP(sql.FieldEQ("tenant_id", tid))), and for an ent schema type whose interceptors
// (its own or its mixins') or privacy policy add them: every query on that entity carries
// them. Query holds the predicates queries get, Mutation the ones updates and deletes get (a
// privacy filter rule applies to both, an interceptor to queries only), as "column OP ?".
//
// QueryAllows and MutationAllows say that the function's privacy rule can end a policy's
// evaluation with privacy.Allow on some path (an administrator's bypass), so that the
// rules after it, and their filters, may not run.
type entFilterFact struct {
	Query          []string
	Mutation       []string
	QueryAllows    bool `json:",omitempty"`
	MutationAllows bool `json:",omitempty"`
}

func (*entFilterFact) AFact() {}

func (f *entFilterFact) String() string {
	s := "entFilter:" + strings.Join(f.Query, ",")
	if len(f.Mutation) > 0 {
		s += " mutations:" + strings.Join(f.Mutation, ",")
	}
	switch {
	case f.QueryAllows && f.MutationAllows:
		s += " allows"
	case f.QueryAllows:
		s += " allows:query"
	case f.MutationAllows:
		s += " allows:mutation"
	}
	return s
}

// entImportsEnt reports whether the package imports ent's runtime or its SQL dialect, so it
// can declare schemas, interceptors or privacy rules.
func (c *checker) entImportsEnt() bool {
	for _, p := range c.pass.Pkg.Imports() {
		if knownapi.IsEnt(knownapi.PkgPath(p)) {
			return true
		}
	}
	return false
}

// exportEntFilters exports entFilterFacts for the package's functions and ent schemas.
func (c *checker) exportEntFilters(funcs []*ssa.Function) {
	memo := map[*ssa.Function][]string{}
	for _, fn := range funcs {
		if fn.Parent() != nil || fn.Synthetic != "" {
			continue
		}
		obj, ok := fn.Object().(*types.Func)
		if !ok {
			continue
		}
		if f, ok := c.entPolicyFunc(fn, memo, 0); ok {
			if len(f.Query) > 0 || len(f.Mutation) > 0 || f.QueryAllows || f.MutationAllows {
				c.pass.ExportObjectFact(obj, f)
			}
			continue
		}
		preds := c.entWhereP(fn, memo, 0)
		allows := c.entMayAllow(fn, map[*ssa.Function]bool{}, 0)
		if len(preds) > 0 || allows {
			c.pass.ExportObjectFact(obj, &entFilterFact{Query: preds, Mutation: preds, QueryAllows: allows, MutationAllows: allows})
		}
	}
	scope := c.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		// A package variable holding a policy (var TenantPolicy = privacy.Policy{...}).
		v, ok := scope.Lookup(name).(*types.Var)
		if !ok || !entPolicyType(v.Type()) {
			continue
		}
		if sp := c.prog.Package(c.pass.Pkg); sp != nil {
			if gv := sp.Var(name); gv != nil {
				if f, ok := c.entPolicyGlobal(gv, memo, 0); ok && (len(f.Query) > 0 || len(f.Mutation) > 0 || f.QueryAllows || f.MutationAllows) {
					c.pass.ExportObjectFact(v, f)
				}
			}
		}
	}
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || !entSchemaType(tn.Type()) {
			continue
		}
		f := &entFilterFact{}
		// ent evaluates the mixins' policies first, in order, then the schema's own
		// (privacy.NewPolicies in ent/runtime); an Allow ends the evaluation.
		ts := append(c.entMixins(tn.Type(), memo), tn.Type())
		var qAllowed, mAllowed bool
		for _, t := range ts {
			inters := c.entMethodPreds(t, "Interceptors", memo)
			p := c.entMethodPreds(t, "Policy", memo)
			f.Query = append(f.Query, inters.Query...)
			if !qAllowed {
				f.Query = append(f.Query, p.Query...)
			}
			if !mAllowed {
				f.Mutation = append(f.Mutation, p.Mutation...)
			}
			qAllowed = qAllowed || p.QueryAllows
			mAllowed = mAllowed || p.MutationAllows
		}
		slices.Sort(f.Query)
		f.Query = slices.Compact(f.Query)
		slices.Sort(f.Mutation)
		f.Mutation = slices.Compact(f.Mutation)
		if len(f.Query) > 0 || len(f.Mutation) > 0 {
			c.pass.ExportObjectFact(tn, f)
			c.entOwnSchemas = append(c.entOwnSchemas, EntSchemaFilter{Pkg: c.pass.Pkg.Path(), Name: tn.Name(), Query: f.Query, Mutation: f.Mutation})
		}
	}
}

// entSchemaType reports whether t is an ent schema: a struct embedding ent.Schema.
func entSchemaType(t types.Type) bool {
	s, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < s.NumFields(); i++ {
		if f := s.Field(i); f.Anonymous() && knownapi.IsNamed(f.Type(), knownapi.PkgEnt, "Schema") {
			return true
		}
	}
	return false
}

// entMethod returns the function of a method of t declared in this package, or nil.
func (c *checker) entMethod(t types.Type, name string) (*types.Func, *ssa.Function) {
	obj, _, _ := types.LookupFieldOrMethod(t, true, c.pass.Pkg, name)
	m, ok := obj.(*types.Func)
	if !ok || m.Pkg() == nil || knownapi.IsEnt(knownapi.PkgPath(m.Pkg())) {
		return nil, nil // ent's own defaults (mixin.Schema) add nothing
	}
	if m.Pkg() != c.pass.Pkg {
		return m, nil
	}
	return m, c.prog.FuncValue(m)
}

// entMethodPreds returns what a schema's or mixin's Interceptors or Policy method adds to
// queries and to mutations, and whether its rules can allow before later ones run.
func (c *checker) entMethodPreds(t types.Type, name string, memo map[*ssa.Function][]string) *entFilterFact {
	m, fn := c.entMethod(t, name)
	if m == nil {
		return &entFilterFact{}
	}
	if fn == nil {
		f := new(entFilterFact)
		if c.pass.ImportObjectFact(m, f) {
			return f
		}
		return &entFilterFact{}
	}
	if name == "Policy" {
		if f, ok := c.entPolicyFunc(fn, memo, 0); ok {
			return f
		}
	} else if f, ok := c.entPolicyLists(fn, memo); ok {
		return f
	}
	preds := c.entWhereP(fn, memo, 0)
	allows := c.entMayAllow(fn, map[*ssa.Function]bool{}, 0)
	return &entFilterFact{Query: preds, Mutation: preds, QueryAllows: allows, MutationAllows: allows}
}

// entMixins returns the types a schema's Mixin method returns as ent.Mixin values.
func (c *checker) entMixins(t types.Type, memo map[*ssa.Function][]string) []types.Type {
	_, fn := c.entMethod(t, "Mixin")
	if fn == nil {
		return nil
	}
	var out []types.Type
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if mi, ok := instr.(*ssa.MakeInterface); ok && knownapi.IsNamed(mi.Type(), knownapi.PkgEnt, "Mixin") {
				out = append(out, mi.X.Type())
			}
		}
	}
	return out
}

// entWhereP returns the predicates fn adds to the queries and mutations it is handed (with
// WhereP or a privacy filter's methods: entFilterCallPreds), in its closures and in the
// functions it calls (this package's followed, others' by their facts), each counted only
// where it runs on every path that does not deny (entAlwaysRuns).
func (c *checker) entWhereP(fn *ssa.Function, memo map[*ssa.Function][]string, depth int) []string {
	if r, ok := memo[fn]; ok || depth > 8 {
		return r
	}
	memo[fn] = nil // cycles
	var out []string
	var visit func(f *ssa.Function)
	visit = func(f *ssa.Function) {
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				common := call.Common()
				if ps := entFilterCallPreds(common); ps != nil {
					if entAlwaysRuns(call) {
						out = append(out, ps...)
					}
					continue
				}
				g := common.StaticCallee()
				if g == nil || !entAlwaysRuns(call) {
					continue
				}
				if g.Pkg != nil && g.Pkg.Pkg == c.pass.Pkg && g.Blocks != nil {
					out = append(out, c.entWhereP(g, memo, depth+1)...)
				} else if obj, ok := g.Object().(*types.Func); ok {
					f := new(entFilterFact)
					if c.pass.ImportObjectFact(obj, f) {
						out = append(out, f.Query...)
					}
				}
			}
		}
		for _, anon := range f.AnonFuncs {
			visit(anon)
		}
	}
	visit(fn)
	slices.Sort(out)
	out = slices.Compact(out)
	memo[fn] = out
	return out
}

// entStoragePred renders a predicate of entgo.io/ent/dialect/sql with a constant column
// (sql.FieldEQ("tenant_id", v)) as "column OP ?".
func entStoragePred(v ssa.Value) (string, bool) {
	for {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.MakeInterface:
			v = x.X
			continue
		}
		break
	}
	call, ok := v.(*ssa.Call)
	if !ok {
		return "", false
	}
	fn := taint.Callee(&call.Call)
	if fn == nil || fn.Pkg() == nil || knownapi.PkgPath(fn.Pkg()) != knownapi.PkgEntSQL || len(call.Call.Args) == 0 {
		return "", false
	}
	op, ok := entSQLOps[fn.Origin().Name()]
	if !ok {
		return "", false
	}
	col, ok := taint.ConstString(call.Call.Args[0])
	if !ok || col == "" || strings.ContainsAny(col, " \"") {
		return "", false
	}
	return col + " " + op, true
}

// entSchemaFilters returns the predicates the schema of a builder's entity adds to its
// statements: the fact of the schema type named like the entity in a package of the generated
// client's project (ent/schema beside ent). The schema is seen only when it is a dependency of
// the package (the generated ent/runtime, blank-imported); otherwise nothing is added.
func (c *checker) entSchemaFilters(b *entBuilder, op querymodel.Op) []string {
	dir := path.Dir(b.gen.Path()) + "/"
	for _, s := range c.entSchemas[b.name] {
		if !strings.HasPrefix(s.Pkg, dir) {
			continue
		}
		ps := s.Mutation
		if op == querymodel.Select {
			ps = s.Query
		}
		var out []string
		for _, p := range ps {
			if r, ok := entResolvePred(b, p); ok {
				out = append(out, r)
			}
		}
		return out
	}
	return nil
}

// entSelectFinishers are the methods of ent's Select and GroupBy builders (XSelect, XGroupBy,
// and the selector they embed) that run the query.
var entSelectFinishers = map[string]bool{
	"Scan": true, "ScanX": true, "Strings": true, "StringsX": true, "String": true, "StringX": true,
	"Ints": true, "IntsX": true, "Int": true, "IntX": true, "Float64s": true, "Float64sX": true,
	"Float64": true, "Float64X": true, "Bools": true, "BoolsX": true, "Bool": true, "BoolX": true,
}

// entSelected returns the query a Select or GroupBy builder selects from (the value the chain
// continues with) and its builder: such a builder embeds the *XQuery it was made from, and
// a finisher promoted from its embedded selector receives the selector's address.
func (c *checker) entSelected(v ssa.Value) (ssa.Value, *entBuilder) {
	if fa, ok := v.(*ssa.FieldAddr); ok {
		v = fa.X
	}
	n := knownapi.NamedOf(v.Type())
	if n == nil {
		return nil, nil
	}
	s, ok := n.Underlying().(*types.Struct)
	if !ok {
		return nil, nil
	}
	var b *entBuilder
	for i := 0; i < s.NumFields() && b == nil; i++ {
		if f := s.Field(i); f.Anonymous() {
			if fb := c.entBuilderOf(f.Type()); fb != nil && fb.kind == "Query" {
				b = fb
			}
		}
	}
	if b == nil {
		return nil, nil
	}
	if call, ok := v.(*ssa.Call); ok {
		if m := taint.Callee(&call.Call); m != nil && (m.Name() == "Select" || m.Name() == "GroupBy") {
			if recv := taint.Receiver(&call.Call); recv != nil && c.entBuilderOf(recv.Type()) == b {
				return recv, b
			}
		}
	}
	return v, b // made elsewhere: its statement is not visible
}

// entNeighbourSQL renders the neighbours a list of predicates on the inverse table selects, as
// the right side of a comparison with their id: "= ?" for the neighbour's ID alone, or
// "IN (SELECT <inverse>.id FROM <inverse> WHERE preds)".
func (c *checker) entNeighbourSQL(q *querymodel.Query, b *entBuilder, inverse string, list ssa.Value, depth int) (string, bool) {
	ps, ok := varargs(list)
	if !ok || len(ps) == 0 {
		return "", false
	}
	var nb *entBuilder
	var parts []string
	for _, p := range ps {
		call, ok := p.(*ssa.Call)
		if !ok {
			return "", false
		}
		pf := taint.Callee(&call.Call)
		if pf == nil || pf.Pkg() == nil {
			return "", false
		}
		if t, ok := entConst(pf.Pkg(), "Table"); !ok || t != inverse || nb != nil && nb.entity != pf.Pkg() {
			return "", false
		}
		if nb == nil {
			nb = &entBuilder{kind: b.kind, gen: b.gen, entity: pf.Pkg()}
		}
		if len(ps) == 1 && (pf.Name() == "ID" || pf.Name() == "IDEQ") && len(call.Call.Args) == 1 {
			return "= " + q.Param(), true
		}
		sql, ok := c.entPred(q, nb, inverse, p, depth+1)
		if !ok {
			return "", false
		}
		parts = append(parts, "("+sql+")")
	}
	id, ok := entConst(nb.entity, "FieldID")
	if !ok {
		id = "id"
	}
	return "IN (SELECT " + c.entCol(inverse, id) + ` FROM "` + inverse + `" WHERE ` + strings.Join(parts, " AND ") + ")", true
}
