package sqlscope

import (
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/querymodel"
	"github.com/tenantvet/tenantvet/internal/taint"
)

// Edge traversals. ent generates, per edge of an entity, Query<Edge> on its query builder
// (project.Query().Where(...).QueryTasks()), on its client (client.Task.QueryProject(t)) and on
// the entity (t.QueryProject()); each returns a query on the neighbour whose path is a
// sqlgraph step over the edge (sqlgraph.SetNeighbors). That step is the reverse of the edge
// predicate entEdgePred renders, and is rendered the same way, as an IN over the edge's key:
//
//   - the key in the neighbour's table (O2M, <Edge>Table is the <Edge>InverseTable):
//     neighbour.col IN (SELECT from.id FROM from WHERE <the parent query's conditions>);
//   - the key in the parent's table (M2O, <Edge>Table is the parent's Table):
//     neighbour.id IN (SELECT from.col FROM from WHERE <the parent query's conditions>).
//
// From an entity, the parent query is the one that fetched it in the same function (Only,
// First, All and their X forms, Get), when the value is followed there; the row is one of
// that query's, so the neighbours are confined when the query is. An entity of unknown
// provenance (a parameter, a field) gives only its key: neighbour.col = ? (O2M) or
// neighbour.id = ? (M2O), a filter by a caller-supplied key as the SQL path sees
// WHERE project_id = $1.

// entTraversal recognises call, a method m on recv with args, as a traversal to b's entity
// and returns the variants of the statement it starts, and the client it runs on: the parent
// query's, the client's whose Query<Edge> it is, or the client of the query that fetched the
// entity; for an entity of unknown provenance nil in filter mode (judged where it runs) and
// the entity in scope mode.
func (c *checker) entTraversal(call *ssa.Call, m *types.Func, recv ssa.Value, args []ssa.Value, b *entBuilder, depth int) ([][]entStep, ssa.Value, bool) {
	edge, ok := strings.CutPrefix(m.Name(), "Query")
	if !ok || edge == "" {
		return nil, nil, false
	}
	if nb := c.entBuilderOf(call.Type()); nb == nil || nb.kind != "Query" || nb.entity != b.entity {
		return nil, nil, false
	}
	start := []entStep{{kind: "new", op: querymodel.Select}}
	var from *entBuilder
	var parents [][]entStep
	var base, node ssa.Value
	if rb := c.entBuilderOf(recv.Type()); rb != nil {
		if rb.kind != "Query" || len(args) != 0 {
			return nil, nil, false
		}
		from = rb
		parents, base = c.entChain(recv, rb, depth+1)
		for i, p := range parents {
			if p == nil {
				parents[i] = []entStep{} // made elsewhere, not a key alone
			}
		}
	} else if cb := c.entClientOf(recv.Type()); cb != nil {
		if len(args) != 1 {
			return nil, nil, false
		}
		from, node, base = cb, args[0], recv
	} else if nb := c.entNodeBuilder(recv.Type(), m.Name()); nb != nil && len(args) == 0 {
		from, node = nb, recv
	} else {
		return nil, nil, false
	}
	if _, ok := entConst(from.entity, edge+"Table"); !ok {
		return nil, nil, false
	}
	if node != nil {
		var nbase ssa.Value
		parents, nbase = c.entNodeQuery(node, from, depth+1)
		if base == nil {
			base = nbase
		}
		if base == nil && c.mode == scopeMode {
			// The client that fetched an entity of unknown provenance is not known here: the
			// entity stands for it, so that a caller handing it in judges it (in filter mode
			// the statement's SQL is judged where it runs, like a pool's).
			base = node
		}
	}
	out := make([][]entStep, 0, len(parents))
	for _, p := range parents {
		out = append(out, append(slices.Clone(start), entStep{kind: "from", edge: edge, from: from, parent: p}))
	}
	return out, base, true
}

// entNodeBuilder returns the query builder of the entity type t (a generated *X) whose
// method name (Query<Edge>) a client of the same package declares with a *X parameter: the
// client's Query<Edge>(x) is what the entity's method calls.
func (c *checker) entNodeBuilder(t types.Type, name string) *entBuilder {
	n := c.namedPtr(t)
	if n == nil || n.Obj().Pkg() == nil {
		return nil
	}
	scope := n.Obj().Pkg().Scope()
	for _, cn := range scope.Names() {
		tn, ok := scope.Lookup(cn).(*types.TypeName)
		if !ok {
			continue
		}
		ct := types.NewPointer(tn.Type())
		cb := c.entClientOf(ct)
		if cb == nil {
			continue
		}
		obj, _, _ := types.LookupFieldOrMethod(ct, true, nil, name)
		cm, ok := obj.(*types.Func)
		if !ok {
			continue
		}
		if ps := cm.Type().(*types.Signature).Params(); ps.Len() == 1 && types.Identical(ps.At(0).Type(), t) {
			return cb
		}
	}
	return nil
}

// namedPtr returns the named type of a pointer to a named struct.
func (c *checker) namedPtr(t types.Type) *types.Named {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return nil
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	if !ok {
		return nil
	}
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return nil
	}
	return n
}

// entNodeFinishers are the finishers whose result (or whose result's elements) are rows of
// the query they finish.
var entNodeFinishers = map[string]bool{
	"Only": true, "OnlyX": true, "First": true, "FirstX": true, "All": true, "AllX": true,
}

// entNodeQuery returns the variants of the query that fetched an entity value on from's
// entity in this function, with the client it ran on; a nil variant where the value's
// provenance is not known (its key alone).
func (c *checker) entNodeQuery(v ssa.Value, from *entBuilder, depth int) ([][]entStep, ssa.Value) {
	if depth > maxDepth {
		return [][]entStep{nil}, nil
	}
	switch x := v.(type) {
	case *ssa.Phi:
		var out [][]entStep
		var base ssa.Value
		for _, e := range x.Edges {
			vs, b := c.entNodeQuery(e, from, depth+1)
			out = append(out, vs...)
			if base == nil {
				base = b
			}
		}
		if len(out) > maxVariants {
			out = out[:maxVariants]
		}
		return out, base
	case *ssa.UnOp:
		// An element of the slice All returned: for _, t := range ts, ts[i].
		if ia, ok := x.X.(*ssa.IndexAddr); ok {
			return c.entNodeQuery(ia.X, from, depth+1)
		}
	case *ssa.Index:
		return c.entNodeQuery(x.X, from, depth+1)
	case *ssa.Extract:
		if x.Index == 0 {
			return c.entNodeQuery(x.Tuple, from, depth+1)
		}
	case *ssa.Call:
		m := taint.Callee(&x.Call)
		recv := taint.Receiver(&x.Call)
		if m == nil || recv == nil {
			break
		}
		if cb := c.entClientOf(recv.Type()); cb != nil && cb.entity == from.entity && (m.Name() == "Get" || m.Name() == "GetX") {
			return [][]entStep{{{kind: "new", op: querymodel.Select}, {kind: "id"}}}, recv
		}
		if rb := c.entBuilderOf(recv.Type()); rb != nil && rb.kind == "Query" && rb.entity == from.entity && entNodeFinishers[m.Name()] {
			return c.entChain(recv, rb, depth+1)
		}
	}
	return [][]entStep{nil}, nil
}

// entFromCond renders a traversal step of a statement on b's table: the condition that
// confines it to the neighbours of the parent rows. ok is false when the parent query was
// made elsewhere, or the edge is not one it models.
func (c *checker) entFromCond(q *querymodel.Query, b *entBuilder, table string, s entStep) (cond string, dynamic, ok bool) {
	ptable, _ := entConst(s.from.entity, "Table")
	rel, ok1 := entConst(s.from.entity, s.edge+"Table")
	inverse, ok2 := entConst(s.from.entity, s.edge+"InverseTable")
	_, isCol := entConst(s.from.entity, s.edge+"Column")
	self := ok1 && !ok2 && s.from.entity == b.entity && ptable == table
	var selfKey *entM2MFact
	switch {
	case self && isCol:
		// An edge from the entity to itself over a key (edge.To("children", T.Type).From("parent")):
		// the step's relation says which side holds it (entm2m.go).
		f, ok := c.entSelfEdge(s.from, s.edge)
		if !ok {
			return "", false, false
		}
		selfKey, inverse = f, table
	case self && !isCol:
		// An edge from the entity to itself through a join table (a self M2M, or an edge
		// schema: edge.To("blockers", Task.Type).Through("blocks", Block.Type)): ent names no
		// inverse table, the neighbour is the entity's own.
		inverse = table
	case !ok1 || !ok2 || inverse != table || ptable == table:
		return "", false, false
	}
	pid, ok := entConst(s.from.entity, "FieldID")
	if !ok {
		pid = "id"
	}
	id, ok := entConst(b.entity, "FieldID")
	if !ok {
		id = "id"
	}
	// own: the child's column the key matches; sel: the parent's column it is; m2m: the
	// join table between them, own IN (SELECT jt.to FROM jt WHERE jt.from <the parent>).
	var own, sel, m2m string
	col, isCol := entConst(s.from.entity, s.edge+"Column")
	switch {
	case selfKey != nil:
		own, sel = c.entCol(table, selfKey.From), c.entCol(ptable, selfKey.To)
	case isCol && rel == table: // O2M, O2O: the key in the neighbour's table
		own, sel = c.entCol(table, col), c.entCol(ptable, pid)
	case isCol && rel == ptable: // M2O: the key in the parent's table
		own, sel = c.entCol(table, id), c.entCol(ptable, col)
	case !isCol:
		f, ok := c.entM2M(s.from, s.edge)
		if !ok || f.Table != rel {
			return "", false, false
		}
		own, sel = c.entCol(table, id), c.entCol(ptable, pid)
		m2m = "SELECT " + c.entCol(rel, f.To) + ` FROM "` + rel + `" WHERE ` + c.entCol(rel, f.From)
	default:
		return "", false, false
	}
	if s.parent == nil {
		if m2m != "" {
			return own + " IN (" + m2m + " = " + q.Param() + ")", false, true
		}
		return own + " = " + q.Param(), false, true
	}
	if len(s.parent) == 0 || s.parent[0].kind != "new" {
		return "", false, false // a query made elsewhere
	}
	outer := q.Where
	q.Where = nil
	dyn, known := c.entConds(q, s.from, ptable, s.parent[1:])
	conds := q.Where
	q.Where = outer
	if !known {
		return "", false, false
	}
	sub := "SELECT " + sel + ` FROM "` + ptable + `"`
	if len(conds) > 0 {
		sub += " WHERE " + querymodel.RenderConds(conds)
	}
	if m2m != "" {
		return own + " IN (" + m2m + " IN (" + sub + "))", dyn, true
	}
	return own + " IN (" + sub + ")", dyn, true
}
