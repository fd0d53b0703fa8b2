package sqlquery

import (
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v5"
)

type checker struct {
	cat        Catalog
	tenantCols []string
	stmt       int
	res        Result
}

// item is one range variable of a FROM list (or a statement's target table).
type item struct {
	table, alias, col string
	tenant            bool
	loc               int32
	constrained       bool
	// parents are the tenant tables a child table (no tenant column of its own) belongs to.
	parents []Parent
	// rows is set for a CTE that reads the rows of one tenant table (see cte).
	rows *cte
	// nullable: the item is the nullable side of an outer join, so a condition in the join's
	// ON clause does not remove the rows of the other side.
	nullable bool
}

// scope is one query level: its CTEs and range variables. Column references resolve in the
// nearest scope first, as in PostgreSQL.
type scope struct {
	parent *scope
	ctes   map[string]*cte
	items  []*item
}

// cte is a common table expression of a WITH clause. When its query reads the rows of one
// tenant table alone (WITH p AS (SELECT id FROM posts WHERE tenant_id = $1)), it stands for
// that table's rows to a child table joined with it: table names the tenant table, and cols
// maps the CTE's output columns that are the table's own columns to their names there (star:
// SELECT * exposes every column under its own name).
type cte struct {
	table string
	cols  map[string]string
	star  bool
}

func newScope(parent *scope) *scope { return &scope{parent: parent, ctes: map[string]*cte{}} }

func (s *scope) isCTE(name string) bool {
	_, ok := s.cte(name)
	return ok
}

func (s *scope) cte(name string) (*cte, bool) {
	for ; s != nil; s = s.parent {
		if x, ok := s.ctes[name]; ok {
			return x, true
		}
	}
	return nil, false
}

// edge says two range variables' tenant columns are equal (a.tenant_id = b.tenant_id or USING).
type edge struct{ a, b *item }

func (c *checker) tenantCol(table string) (string, bool) {
	if !isTenant(c.cat, table) {
		return "", false
	}
	return c.cat.TenantColumn(table)
}

func (c *checker) isTenantCol(it *item, col string) bool {
	if !it.tenant || len(it.parents) > 0 {
		return false
	}
	if it.col != "" {
		return col == it.col
	}
	return slices.Contains(c.tenantCols, col)
}

func (c *checker) statement(n *pg.Node, parent *scope) {
	if n == nil {
		return
	}
	switch x := n.GetNode().(type) {
	case *pg.Node_SelectStmt:
		c.selectStmt(x.SelectStmt, parent)
	case *pg.Node_InsertStmt:
		c.insert(x.InsertStmt, parent)
	case *pg.Node_UpdateStmt:
		s := x.UpdateStmt
		sc := newScope(parent)
		c.with(s.WithClause, sc)
		target := c.addRel(sc, s.Relation)
		var quals []*pg.Node
		var edges []edge
		for _, f := range s.FromClause {
			c.from(f, sc, &quals, &edges)
		}
		c.resolve(sc, append(splitAnd(s.WhereClause), quals...), s.WhereClause, edges)
		if target != nil && target.tenant && len(target.parents) > 0 {
			c.childUpdate(s, sc, target)
		}
		c.sublinks(sc, append(append(s.TargetList, s.WhereClause), quals...)...)
	case *pg.Node_DeleteStmt:
		s := x.DeleteStmt
		sc := newScope(parent)
		c.with(s.WithClause, sc)
		c.addRel(sc, s.Relation)
		var quals []*pg.Node
		var edges []edge
		for _, f := range s.UsingClause {
			c.from(f, sc, &quals, &edges)
		}
		c.resolve(sc, append(splitAnd(s.WhereClause), quals...), s.WhereClause, edges)
		c.sublinks(sc, append(quals, s.WhereClause)...)
	case *pg.Node_ExplainStmt:
		c.statement(x.ExplainStmt.Query, parent)
	}
}

func (c *checker) with(w *pg.WithClause, sc *scope) {
	if w == nil {
		return
	}
	for _, n := range w.Ctes {
		x := n.GetCommonTableExpr()
		if x == nil {
			continue
		}
		// Only a recursive WITH's queries see their own names; the others see the table of
		// that name.
		if w.Recursive {
			sc.ctes[x.Ctename] = &cte{}
		}
		info := c.parentRows(x, sc)
		c.statement(x.Ctequery, sc)
		sc.ctes[x.Ctename] = info
	}
}

// parentRows describes the rows of CTE x for a child table: when its query is a plain SELECT
// of one tenant table with a tenant column of its own, the table and the output columns that
// are its columns. Whether the SELECT is confined to one tenant is the table's own problem,
// checked like any statement's, as for a parent joined directly.
func (c *checker) parentRows(x *pg.CommonTableExpr, sc *scope) *cte {
	info := &cte{}
	sel := x.Ctequery.GetSelectStmt()
	if sel == nil || sel.Op != pg.SetOperation_SETOP_NONE || len(sel.FromClause) != 1 || sel.WithClause != nil {
		return info
	}
	rv := sel.FromClause[0].GetRangeVar()
	if rv == nil || rv.Schemaname == "" && sc.isCTE(rv.Relname) {
		return info
	}
	if col, ok := c.tenantCol(relName(rv)); !ok || col == "" {
		return info
	}
	cols := map[string]string{}
	star := false
	for i, t := range sel.TargetList {
		rt := t.GetResTarget()
		if rt == nil {
			continue
		}
		if ref := rt.Val.GetColumnRef(); ref != nil && len(ref.Fields) > 0 && ref.Fields[len(ref.Fields)-1].GetAStar() != nil {
			if len(ref.Fields) == 1 || len(ref.Fields) == 2 && ref.Fields[0].GetString_().GetSval() == aliasOf(rv) {
				star = len(x.Aliascolnames) == 0
			}
			continue
		}
		names := colNames(rt.Val)
		if len(names) == 0 || len(names) > 1 && !qualifiedCol(rt.Val, aliasOf(rv), names[len(names)-1]) {
			continue
		}
		col := names[len(names)-1]
		out := col
		if rt.Name != "" {
			out = rt.Name
		}
		if i < len(x.Aliascolnames) {
			out = x.Aliascolnames[i].GetString_().GetSval()
		}
		cols[out] = col
	}
	info.table, info.cols, info.star = relName(rv), cols, star
	return info
}

func (c *checker) selectStmt(s *pg.SelectStmt, parent *scope) {
	if s == nil {
		return
	}
	if s.Op > pg.SetOperation_SETOP_NONE {
		sc := newScope(parent)
		c.with(s.WithClause, sc)
		c.selectStmt(s.Larg, sc)
		c.selectStmt(s.Rarg, sc)
		return
	}
	sc := newScope(parent)
	c.with(s.WithClause, sc)
	var quals []*pg.Node
	var edges []edge
	for _, f := range s.FromClause {
		c.from(f, sc, &quals, &edges)
	}
	c.resolve(sc, append(splitAnd(s.WhereClause), quals...), s.WhereClause, edges)
	exprs := append(append(append([]*pg.Node{}, s.TargetList...), s.WhereClause, s.HavingClause), quals...)
	exprs = append(exprs, s.ValuesLists...)
	c.sublinks(sc, exprs...)
}

func (c *checker) addRel(sc *scope, rv *pg.RangeVar) *item {
	if rv == nil {
		return nil
	}
	name := relName(rv)
	if x, ok := sc.cte(rv.Relname); ok && rv.Schemaname == "" {
		it := &item{table: rv.Relname, alias: rv.Relname, loc: rv.Location}
		if rv.Alias != nil {
			it.alias = rv.Alias.Aliasname
		}
		if x.table != "" {
			it.rows = x
		}
		sc.items = append(sc.items, it)
		return it
	}
	it := &item{table: name, alias: rv.Relname, loc: rv.Location}
	if rv.Alias != nil {
		it.alias = rv.Alias.Aliasname
	}
	it.col, it.tenant = c.tenantCol(name)
	if it.tenant && it.col == "" {
		it.parents = c.cat.TenantParents(name)
	}
	sc.items = append(sc.items, it)
	return it
}

// from adds the range variables of one FROM item to sc, and the ON conditions and USING
// equalities of its joins to quals and edges.
func (c *checker) from(n *pg.Node, sc *scope, quals *[]*pg.Node, edges *[]edge) {
	switch x := n.GetNode().(type) {
	case *pg.Node_RangeVar:
		c.addRel(sc, x.RangeVar)
	case *pg.Node_JoinExpr:
		j := x.JoinExpr
		start := len(sc.items)
		c.from(j.Larg, sc, quals, edges)
		mid := len(sc.items)
		c.from(j.Rarg, sc, quals, edges)
		switch j.Jointype {
		case pg.JoinType_JOIN_LEFT:
			markNullable(sc.items[mid:])
		case pg.JoinType_JOIN_RIGHT:
			markNullable(sc.items[start:mid])
		case pg.JoinType_JOIN_FULL:
			markNullable(sc.items[start:])
		}
		*quals = append(*quals, splitAnd(j.Quals)...)
		var using []string
		for _, u := range j.UsingClause {
			col := u.GetString_().GetSval()
			using = append(using, col)
			for _, l := range sc.items[start:mid] {
				for _, r := range sc.items[mid:] {
					if c.isTenantCol(l, col) && c.isTenantCol(r, col) {
						*edges = append(*edges, edge{l, r})
					}
				}
			}
		}
		if j.IsNatural {
			using = naturalKeyCols(sc.items[start:])
		}
		*quals = append(*quals, usingEqs(sc.items[start:mid], sc.items[mid:], using)...)
	case *pg.Node_RangeSubselect:
		c.statement(x.RangeSubselect.Subquery, sc)
	}
}

// usingEqs writes out the equalities a join USING (or NATURAL) on cols implies between its two
// sides, l.col = r.col for every range variable l of the left and r of the right, so that a
// child joined with its parent USING (post_id) is equated on its key like with ON. Only the
// range variables that have the column take part in a valid query (PostgreSQL rejects a USING
// column that one side has twice), and a child's key equated with a row of the other side holds
// for every row where the child is present, whatever the kind of join (the merged column of an
// outer join is the present side's).
func usingEqs(left, right []*item, cols []string) []*pg.Node {
	var out []*pg.Node
	for _, col := range cols {
		for _, l := range left {
			for _, r := range right {
				out = append(out, pg.MakeAExprNode(pg.A_Expr_Kind_AEXPR_OP, []*pg.Node{pg.MakeStrNode("=")},
					colRef(l.alias, col), colRef(r.alias, col), -1))
			}
		}
	}
	return out
}

func colRef(qual, col string) *pg.Node {
	return pg.MakeColumnRefNode([]*pg.Node{pg.MakeStrNode(qual), pg.MakeStrNode(col)}, -1)
}

// naturalKeyCols returns the key columns of the child tables among items. A NATURAL join
// equates every column name its sides share; which they share is not known without the tables'
// columns, but a child's key column and a column of the same name on the other side (the
// parent's, or a CTE's) are among them.
func naturalKeyCols(items []*item) []string {
	var out []string
	for _, it := range items {
		for _, par := range it.parents {
			for _, col := range par.Cols {
				if !slices.Contains(out, col) {
					out = append(out, col)
				}
			}
		}
	}
	return out
}

func markNullable(items []*item) {
	for _, it := range items {
		it.nullable = true
	}
}

// splitAnd returns the top-level AND conjuncts of a condition.
func splitAnd(n *pg.Node) []*pg.Node {
	if n == nil {
		return nil
	}
	if b := n.GetBoolExpr(); b != nil && b.Boolop == pg.BoolExprType_AND_EXPR {
		var out []*pg.Node
		for _, a := range b.Args {
			out = append(out, splitAnd(a)...)
		}
		return out
	}
	return []*pg.Node{n}
}

func (c *checker) resolve(sc *scope, conj []*pg.Node, where *pg.Node, edges []edge) {
	for _, n := range conj {
		c.bindings(sc, n)
	}
	for _, it := range sc.items {
		if !it.tenant {
			continue
		}
		for _, n := range conj {
			if c.constrains(n, sc, it) {
				it.constrained = true
			}
		}
	}
	for _, n := range conj {
		a := n.GetAExpr()
		if a == nil || a.Kind != pg.A_Expr_Kind_AEXPR_OP || opName(a) != "=" {
			continue
		}
		l, ls := c.resolveCol(sc, unwrap(a.Lexpr))
		r, rs := c.resolveCol(sc, unwrap(a.Rexpr))
		if ls != sc || rs != sc {
			continue
		}
		for _, x := range l {
			for _, y := range r {
				edges = append(edges, edge{x, y})
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, e := range edges {
			if e.a.constrained != e.b.constrained {
				e.a.constrained, e.b.constrained = true, true
				changed = true
			}
		}
	}
	for _, it := range sc.items {
		if it.tenant && !it.constrained && len(it.parents) > 0 && c.joinedToParent(sc, it, conj, where) {
			// The parent's own tenant filter, checked like any tenant table's, confines it.
			it.constrained = true
		}
	}
	for _, it := range sc.items {
		if !it.tenant || it.constrained {
			continue
		}
		kind := Unfiltered
		if c.mentions(where, sc, it) {
			kind = OrEscape
		}
		c.problem(kind, it)
		if len(it.parents) > 0 {
			c.res.Problems[len(c.res.Problems)-1].KeyParams = keyParams(sc, it, conj)
		}
	}
}

func (c *checker) problem(kind ProblemKind, it *item) {
	col := it.col
	var parent *Parent
	if len(it.parents) > 0 {
		parent = &it.parents[0]
	} else if col == "" && len(c.tenantCols) > 0 {
		col = c.tenantCols[0]
	}
	c.res.Problems = append(c.res.Problems, Problem{Kind: kind, Statement: c.stmt, Table: it.table, Alias: it.alias, Column: col, Location: int(it.loc), Parent: parent})
}

// constrains reports whether condition n confines it to one tenant: an equality (or IN, or =
// ANY) of its tenant column with an expression that does not depend on other rows of this
// level. AND needs one constraining operand, OR needs all of them.
func (c *checker) constrains(n *pg.Node, sc *scope, it *item) bool {
	switch x := n.GetNode().(type) {
	case *pg.Node_BoolExpr:
		switch x.BoolExpr.Boolop {
		case pg.BoolExprType_AND_EXPR:
			return slices.ContainsFunc(x.BoolExpr.Args, func(a *pg.Node) bool { return c.constrains(a, sc, it) })
		case pg.BoolExprType_OR_EXPR:
			return len(x.BoolExpr.Args) > 0 && !slices.ContainsFunc(x.BoolExpr.Args, func(a *pg.Node) bool { return !c.constrains(a, sc, it) })
		}
	case *pg.Node_AExpr:
		a := x.AExpr
		if opName(a) != "=" {
			return false
		}
		switch a.Kind {
		case pg.A_Expr_Kind_AEXPR_OP:
			return c.refersTo(sc, a.Lexpr, it) && c.free(sc, a.Rexpr) ||
				c.refersTo(sc, a.Rexpr, it) && c.free(sc, a.Lexpr)
		case pg.A_Expr_Kind_AEXPR_OP_ANY, pg.A_Expr_Kind_AEXPR_IN:
			return c.refersTo(sc, a.Lexpr, it) && c.free(sc, a.Rexpr)
		}
	case *pg.Node_SubLink:
		s := x.SubLink
		if len(it.parents) > 0 {
			return c.parentSubLink(s, sc, it)
		}
		return s.SubLinkType == pg.SubLinkType_ANY_SUBLINK && c.refersTo(sc, s.Testexpr, it)
	}
	return false
}

func opName(a *pg.A_Expr) string {
	if len(a.Name) == 0 {
		return ""
	}
	return a.Name[len(a.Name)-1].GetString_().GetSval()
}

func unwrap(n *pg.Node) *pg.Node {
	for n != nil {
		if tc := n.GetTypeCast(); tc != nil {
			n = tc.Arg
			continue
		}
		break
	}
	return n
}

// bindings records the placeholders compared with a tenant column of this level in n.
func (c *checker) bindings(sc *scope, n *pg.Node) {
	visitExpr(n, func(m *pg.Node) bool {
		if m.GetSubLink() != nil {
			return false
		}
		a := m.GetAExpr()
		if a == nil || opName(a) != "=" {
			return true
		}
		if l, s := c.resolveCol(sc, unwrap(a.Lexpr)); len(l) > 0 && s == sc {
			c.bind(a.Rexpr)
		}
		if r, s := c.resolveCol(sc, unwrap(a.Rexpr)); len(r) > 0 && s == sc {
			c.bind(a.Lexpr)
		}
		return true
	})
}

func (c *checker) bind(n *pg.Node) {
	if p := unwrap(n).GetParamRef(); p != nil {
		c.res.TenantParams = append(c.res.TenantParams, int(p.Number))
	}
}

func (c *checker) refersTo(sc *scope, n *pg.Node, it *item) bool {
	items, _ := c.resolveCol(sc, unwrap(n))
	return slices.Contains(items, it)
}

// resolveCol resolves a column reference to the tenant range variables whose tenant column it
// names, and the scope they belong to.
func (c *checker) resolveCol(sc *scope, n *pg.Node) ([]*item, *scope) {
	ref := n.GetColumnRef()
	if ref == nil {
		return nil, nil
	}
	var names []string
	for _, f := range ref.Fields {
		s := f.GetString_()
		if s == nil {
			return nil, nil // a.*
		}
		names = append(names, s.Sval)
	}
	col := names[len(names)-1]
	for s := sc; s != nil; s = s.parent {
		if len(names) == 1 {
			var out []*item
			for _, it := range s.items {
				if c.isTenantCol(it, col) {
					out = append(out, it)
				}
			}
			if len(out) > 0 {
				return out, s
			}
			continue
		}
		qual := names[len(names)-2]
		for _, it := range s.items {
			if it.alias == qual {
				if c.isTenantCol(it, col) {
					return []*item{it}, s
				}
				return nil, nil
			}
		}
	}
	return nil, nil
}

// free reports whether n is a value fixed for the whole statement level: it references no
// column except tenant columns of already constrained outer range variables.
func (c *checker) free(sc *scope, n *pg.Node) bool {
	ok := true
	visitExpr(n, func(m *pg.Node) bool {
		if m.GetSubLink() != nil {
			return false
		}
		if m.GetColumnRef() != nil {
			items, s := c.resolveCol(sc, m)
			if s == nil || s == sc || slices.ContainsFunc(items, func(it *item) bool { return !it.constrained }) {
				ok = false
			}
			return false
		}
		return true
	})
	return ok
}

// mentions reports whether where names it's tenant column anywhere (outside subqueries).
func (c *checker) mentions(where *pg.Node, sc *scope, it *item) bool {
	found := false
	visitExpr(where, func(m *pg.Node) bool {
		if m.GetSubLink() != nil {
			return false
		}
		if m.GetColumnRef() != nil && c.refersTo(sc, m, it) {
			found = true
		}
		return !found
	})
	return found
}

// sublinks checks the subqueries inside expressions, with sc as their outer level.
func (c *checker) sublinks(sc *scope, exprs ...*pg.Node) {
	for _, e := range exprs {
		visitExpr(e, func(m *pg.Node) bool {
			if s := m.GetSubLink(); s != nil {
				c.statement(s.Subselect, sc)
				return false
			}
			return true
		})
	}
}

// visitExpr calls visit for n and every node below it while visit returns true.
func visitExpr(n *pg.Node, visit func(*pg.Node) bool) {
	if n == nil || !visit(n) {
		return
	}
	walk(n.ProtoReflect(), visit)
}

func (c *checker) insert(s *pg.InsertStmt, parent *scope) {
	sc := newScope(parent)
	c.with(s.WithClause, sc)
	it := c.addRel(sc, s.Relation)
	sel := s.SelectStmt.GetSelectStmt()
	// A child table's rows belong to the tenant of the parent row they reference; which parent
	// rows an INSERT references is not in the statement's text.
	if it != nil && it.tenant && len(it.parents) == 0 && len(s.Cols) > 0 {
		idx := -1
		for i, n := range s.Cols {
			if rt := n.GetResTarget(); rt != nil && c.isTenantCol(it, rt.Name) {
				idx = i
			}
		}
		if idx < 0 {
			c.problem(InsertWithoutTenant, it)
		} else if sel != nil {
			for _, l := range sel.ValuesLists {
				if items := l.GetList().GetItems(); idx < len(items) {
					c.bind(items[idx])
				}
			}
		}
	}
	if it != nil && it.tenant && len(it.parents) > 0 {
		c.childInsert(s, sc, it, sel)
	}
	if sel != nil {
		// The SELECT of INSERT ... SELECT is its own level; it cannot see the target table.
		c.selectStmt(sel, &scope{parent: parent, ctes: sc.ctes})
	}
}

// childInsert checks an INSERT into child table it: the parent rows its key references must
// be the tenant's. It is confined when, for one parent, the key's values come from that
// parent's rows in the statement: INSERT ... SELECT p.id, ... FROM posts p WHERE p.tenant_id =
// $1 (the SELECT's own tenant filter is checked as any statement's, and reported as the
// parent's), or a scalar sub-query on the parent in VALUES. A key the statement does not set
// references no parent row; without a column list the key's place is unknown.
func (c *checker) childInsert(s *pg.InsertStmt, sc *scope, it *item, sel *pg.SelectStmt) {
	var keyed bool
	for _, par := range it.parents {
		idx := make([]int, len(par.Cols))
		for i, col := range par.Cols {
			idx[i] = slices.IndexFunc(s.Cols, func(n *pg.Node) bool { return n.GetResTarget().GetName() == col })
		}
		if len(s.Cols) > 0 && slices.Contains(idx, -1) {
			continue
		}
		keyed = true
		if len(s.Cols) == 0 || sel == nil {
			continue
		}
		inner := &scope{parent: sc.parent, ctes: sc.ctes}
		if len(sel.ValuesLists) == 0 && c.selectsParentKey(sel, inner, par, idx) {
			return
		}
		if len(sel.ValuesLists) > 0 && len(idx) == 1 && !slices.ContainsFunc(sel.ValuesLists, func(l *pg.Node) bool {
			items := l.GetList().GetItems()
			return idx[0] >= len(items) || !c.parentKeySubLink(items[idx[0]], inner, par)
		}) {
			return
		}
	}
	if !keyed {
		return
	}
	c.problem(ParentKeyUnconfined, it)
	p := &c.res.Problems[len(c.res.Problems)-1]
	if par := it.parents[0]; len(par.Cols) == 1 && len(s.Cols) > 0 && sel != nil {
		i := slices.IndexFunc(s.Cols, func(n *pg.Node) bool { return n.GetResTarget().GetName() == par.Cols[0] })
		for _, l := range sel.ValuesLists {
			if items := l.GetList().GetItems(); i >= 0 && i < len(items) {
				if pr := unwrap(items[i]).GetParamRef(); pr != nil {
					p.KeyParams = append(p.KeyParams, int(pr.Number))
				}
			}
		}
	}
}

// selectsParentKey reports whether sel, a plain SELECT, outputs in columns idx the columns of
// one of its range variables that the child's key references in parent par: the parent table,
// a CTE of its rows, or (copying) the child table itself, whose key names the same parent rows.
func (c *checker) selectsParentKey(sel *pg.SelectStmt, sc *scope, par Parent, idx []int) bool {
	if sel.Op != pg.SetOperation_SETOP_NONE {
		return false
	}
	sub := newScope(sc)
	c.withNames(sel.WithClause, sub)
	for _, f := range sel.FromClause {
		c.rangeItems(f, sub)
	}
	for _, p := range sub.items {
		cols, ok := parentCols(p, par)
		if !ok && len(p.parents) > 0 && slices.ContainsFunc(p.parents, func(q Parent) bool {
			return sameTable(q.Table, par.Table) && slices.Equal(q.Cols, par.Cols) && slices.Equal(q.RefCols, par.RefCols)
		}) {
			cols, ok = par.Cols, true
		}
		if !ok {
			continue
		}
		all := true
		for i, k := range idx {
			if k >= len(sel.TargetList) {
				all = false
				break
			}
			val := unwrap(sel.TargetList[k].GetResTarget().GetVal())
			if !qualifiedCol(val, p.alias, cols[i]) && !(len(sub.items) == 1 && unqualifiedCol(val, cols[i])) {
				all = false
			}
		}
		if all {
			return true
		}
	}
	return false
}

// parentKeySubLink reports whether n is a scalar sub-query selecting the key of parent par
// from its rows: (SELECT id FROM posts WHERE tenant_id = $1 AND id = $2).
func (c *checker) parentKeySubLink(n *pg.Node, sc *scope, par Parent) bool {
	s := unwrap(n).GetSubLink()
	if s == nil || s.SubLinkType != pg.SubLinkType_EXPR_SUBLINK {
		return false
	}
	sub := s.Subselect.GetSelectStmt()
	return sub != nil && len(sub.TargetList) == 1 && len(sub.FromClause) == 1 && c.selectsParentKey(sub, sc, par, []int{0})
}

// rangeItems adds the tables and CTEs that FROM item n names, in joins too, to sc (sub-queries
// in FROM are not looked into).
func (c *checker) rangeItems(n *pg.Node, sc *scope) {
	switch x := n.GetNode().(type) {
	case *pg.Node_RangeVar:
		c.addRel(sc, x.RangeVar)
	case *pg.Node_JoinExpr:
		c.rangeItems(x.JoinExpr.Larg, sc)
		c.rangeItems(x.JoinExpr.Rarg, sc)
	}
}

// childUpdate checks the SET of an UPDATE of child table it: setting its key to a value that is
// not the key of a parent row the statement reads (UPDATE comments c SET post_id = p.id FROM
// posts p WHERE p.tenant_id = $1 AND ..., or a scalar sub-query on the parent) moves the rows
// to parent rows of any tenant.
func (c *checker) childUpdate(s *pg.UpdateStmt, sc *scope, it *item) {
	for _, t := range s.TargetList {
		rt := t.GetResTarget()
		if rt == nil {
			continue
		}
		var par *Parent
		for i := range it.parents {
			if len(it.parents[i].Cols) == 1 && it.parents[i].Cols[0] == rt.Name {
				par = &it.parents[i]
			}
		}
		if par == nil || c.parentKeySubLink(rt.Val, sc, *par) {
			continue
		}
		val := unwrap(rt.Val)
		if slices.ContainsFunc(sc.items, func(p *item) bool {
			cols, ok := parentCols(p, *par)
			return ok && p != it && qualifiedCol(val, p.alias, cols[0])
		}) {
			continue
		}
		c.problem(ParentKeyUnconfined, it)
		p := &c.res.Problems[len(c.res.Problems)-1]
		p.Parent = par
		if pr := val.GetParamRef(); pr != nil {
			p.KeyParams = []int{int(pr.Number)}
		}
	}
}

// withNames records the CTEs of w in sc without checking their queries (their statements
// are checked where the SELECT is).
func (c *checker) withNames(w *pg.WithClause, sc *scope) {
	if w == nil {
		return
	}
	for _, n := range w.Ctes {
		if x := n.GetCommonTableExpr(); x != nil {
			sc.ctes[x.Ctename] = c.parentRows(x, sc)
		}
	}
}

// A child table (comments, with post_id referencing the tenant table posts) has no tenant column:
// a statement confines it to one tenant through the parent, by joining the parent on the
// foreign key while the parent's tenant column is constrained,
//
//	SELECT c.* FROM comments c JOIN posts p ON p.id = c.post_id WHERE p.tenant_id = $1
//
// or by a sub-query on the parent (whose own tenant filter is checked like any statement's):
//
//	... WHERE c.post_id IN (SELECT id FROM posts WHERE tenant_id = $1)
//	... WHERE EXISTS (SELECT 1 FROM posts p WHERE p.id = c.post_id AND p.tenant_id = $1)

// joinedToParent reports whether a parent of child it is a range variable of this level equated
// with it on every column of the foreign key by top-level conjuncts. An unfiltered parent is
// the parent's own problem. A parent on the nullable side of an outer join confines the child
// only when the WHERE clause itself constrains the parent's tenant column: an ON condition
// leaves the child's rows in place.
//
// The parent may also be a range variable of an outer level that the child's sub-query is
// correlated with (SELECT p.title, (SELECT count(*) FROM comments c WHERE c.post_id = p.id)
// FROM posts p WHERE p.tenant_id = $1), under a name no nearer level hides; as on the same
// level, an unconstrained parent is the parent's own problem.
//
// The parent may also be a CTE of the parent's rows (WITH p AS (SELECT id FROM posts WHERE
// tenant_id = $1) ... JOIN p ON p.id = c.post_id), joined on the CTE's columns that are the
// key's, which confines the child when the CTE is confined: its query is checked on its own.
func (c *checker) joinedToParent(sc *scope, it *item, conj []*pg.Node, where *pg.Node) bool {
	for _, par := range it.parents {
		for s := sc; s != nil; s = s.parent {
			for _, p := range s.items {
				refCols, ok := parentCols(p, par)
				if p == it || !ok {
					continue
				}
				if s != sc && hidden(sc, s, p.alias) {
					continue
				}
				if !c.equatesKey(conj, p, it, par.Cols, refCols) {
					continue
				}
				if s == sc && p.nullable && !it.nullable && (p.rows != nil || !slices.ContainsFunc(splitAnd(where), func(n *pg.Node) bool { return c.constrains(n, sc, p) })) {
					continue
				}
				return true
			}
		}
	}
	return false
}

// parentCols returns the names under which range variable p exposes the columns of parent par
// that a child's key references: p is the parent table itself, or a CTE of its rows that
// outputs every one of them.
func parentCols(p *item, par Parent) ([]string, bool) {
	if p.rows != nil {
		if !sameTable(p.rows.table, par.Table) {
			return nil, false
		}
		out := make([]string, len(par.RefCols))
		for i, ref := range par.RefCols {
			out[i] = p.rows.output(ref)
			if out[i] == "" {
				return nil, false
			}
		}
		return out, true
	}
	// A parent without a tenant column (Column "") is a child table itself: a grandchild
	// joined with it is confined when it is, which is its own problem to report.
	if !p.tenant || (len(p.parents) > 0) != (par.Column == "") || p.col != par.Column || !sameTable(p.table, par.Table) {
		return nil, false
	}
	return par.RefCols, true
}

// output returns the name of the CTE's output column that is the table's column col, or "".
func (x *cte) output(col string) string {
	for out, c := range x.cols {
		if c == col {
			return out
		}
	}
	if x.star {
		return col
	}
	return ""
}

// hidden reports whether a level from sc up to (not including) outer has a range variable
// named alias, which hides outer's of that name.
func hidden(sc, outer *scope, alias string) bool {
	for s := sc; s != nil && s != outer; s = s.parent {
		if slices.ContainsFunc(s.items, func(it *item) bool { return it.alias == alias }) {
			return true
		}
	}
	return false
}

// equatesKey reports whether conj holds child.cols[i] = parent.refCols[i] for every column of
// the foreign key, each written qualified by the range variables' names.
func (c *checker) equatesKey(conj []*pg.Node, parent, child *item, cols, refCols []string) bool {
	if len(cols) == 0 || len(cols) != len(refCols) {
		return false
	}
	for i := range cols {
		found := slices.ContainsFunc(conj, func(n *pg.Node) bool {
			a := n.GetAExpr()
			if a == nil || a.Kind != pg.A_Expr_Kind_AEXPR_OP || opName(a) != "=" {
				return false
			}
			l, r := unwrap(a.Lexpr), unwrap(a.Rexpr)
			return qualifiedCol(l, parent.alias, refCols[i]) && qualifiedCol(r, child.alias, cols[i]) ||
				qualifiedCol(r, parent.alias, refCols[i]) && qualifiedCol(l, child.alias, cols[i])
		})
		if !found {
			return false
		}
	}
	return true
}

// parentSubLink reports whether a sub-query confines child it to the tenant through a parent:
// it.fk IN (SELECT ref FROM parent ...) (or = ANY) for a single-column key, or EXISTS
// (SELECT ... FROM parent p WHERE p.ref = it.fk ...) on every column of the key.
func (c *checker) parentSubLink(s *pg.SubLink, sc *scope, it *item) bool {
	sub := s.Subselect.GetSelectStmt()
	if sub == nil || sub.Op != pg.SetOperation_SETOP_NONE || sub.WithClause != nil {
		return false
	}
	for _, par := range it.parents {
		switch s.SubLinkType {
		case pg.SubLinkType_ANY_SUBLINK:
			if len(par.Cols) != 1 || len(par.RefCols) != 1 || len(sub.FromClause) != 1 || len(sub.TargetList) != 1 {
				continue
			}
			if len(s.OperName) > 0 && s.OperName[len(s.OperName)-1].GetString_().GetSval() != "=" {
				continue
			}
			rv := sub.FromClause[0].GetRangeVar()
			refCols, ok := c.parentRel(sc, rv, par)
			if !ok || !ownCol(unwrap(s.Testexpr), sc, it, par.Cols[0]) {
				continue
			}
			val := unwrap(sub.TargetList[0].GetResTarget().GetVal())
			if qualifiedCol(val, aliasOf(rv), refCols[0]) || unqualifiedCol(val, refCols[0]) {
				return true
			}
		case pg.SubLinkType_EXISTS_SUBLINK:
			var rv *pg.RangeVar
			var refCols []string
			for _, f := range sub.FromClause {
				if r := f.GetRangeVar(); r != nil {
					if cols, ok := c.parentRel(sc, r, par); ok {
						rv, refCols = r, cols
					}
				}
				if r := f.GetRangeVar(); r == nil || aliasOf(r) == it.alias {
					rv = nil // the child's name is shadowed, or the parent may be hidden in a join
					break
				}
			}
			if rv == nil || len(par.Cols) == 0 || len(par.Cols) != len(par.RefCols) {
				continue
			}
			conj := splitAnd(sub.WhereClause)
			all := true
			for i := range par.Cols {
				if !slices.ContainsFunc(conj, func(n *pg.Node) bool {
					a := n.GetAExpr()
					if a == nil || a.Kind != pg.A_Expr_Kind_AEXPR_OP || opName(a) != "=" {
						return false
					}
					l, r := unwrap(a.Lexpr), unwrap(a.Rexpr)
					isRef := func(n *pg.Node) bool {
						return qualifiedCol(n, aliasOf(rv), refCols[i]) || len(sub.FromClause) == 1 && unqualifiedCol(n, refCols[i])
					}
					return isRef(l) && qualifiedCol(r, it.alias, par.Cols[i]) || isRef(r) && qualifiedCol(l, it.alias, par.Cols[i])
				}) {
					all = false
				}
			}
			if all {
				return true
			}
		}
	}
	return false
}

// parentRel reports whether rv names the parent table (and not a CTE of that name) or a CTE of
// its rows, and returns the names under which it exposes the columns the key references.
func (c *checker) parentRel(sc *scope, rv *pg.RangeVar, par Parent) ([]string, bool) {
	if rv == nil {
		return nil, false
	}
	if x, ok := sc.cte(rv.Relname); ok && rv.Schemaname == "" {
		if x.table == "" {
			return nil, false
		}
		return parentCols(&item{rows: x}, par)
	}
	col, ok := c.tenantCol(relName(rv))
	if !ok || col != par.Column || !sameTable(relName(rv), par.Table) {
		return nil, false
	}
	return par.RefCols, true
}

// ownCol reports whether n is column col of it: qualified by its name, or unqualified when it
// is the only range variable of its level.
func ownCol(n *pg.Node, sc *scope, it *item, col string) bool {
	return qualifiedCol(n, it.alias, col) || len(sc.items) == 1 && sc.items[0] == it && unqualifiedCol(n, col)
}

func aliasOf(rv *pg.RangeVar) string {
	if rv.Alias != nil {
		return rv.Alias.Aliasname
	}
	return rv.Relname
}

// qualifiedCol reports whether n is the column reference qual.col.
func qualifiedCol(n *pg.Node, qual, col string) bool {
	names := colNames(n)
	return len(names) >= 2 && names[len(names)-2] == qual && names[len(names)-1] == col
}

// unqualifiedCol reports whether n is the column reference col, unqualified.
func unqualifiedCol(n *pg.Node, col string) bool {
	names := colNames(n)
	return len(names) == 1 && names[0] == col
}

func colNames(n *pg.Node) []string {
	ref := n.GetColumnRef()
	if ref == nil {
		return nil
	}
	var names []string
	for _, f := range ref.Fields {
		s := f.GetString_()
		if s == nil {
			return nil
		}
		names = append(names, s.Sval)
	}
	return names
}

// sameTable reports whether two table names, as queries or the catalog write them, are one.
func sameTable(a, b string) bool {
	return strings.EqualFold(strings.TrimPrefix(a, "public."), strings.TrimPrefix(b, "public."))
}

// keyParams returns the placeholders N of top-level conditions fk = $N on child it's single-
// column foreign key to its first parent.
func keyParams(sc *scope, it *item, conj []*pg.Node) []int {
	par := it.parents[0]
	if len(par.Cols) != 1 {
		return nil
	}
	var out []int
	for _, n := range conj {
		a := n.GetAExpr()
		if a == nil || a.Kind != pg.A_Expr_Kind_AEXPR_OP || opName(a) != "=" {
			continue
		}
		l, r := unwrap(a.Lexpr), unwrap(a.Rexpr)
		if ownCol(r, sc, it, par.Cols[0]) {
			l, r = r, l
		}
		if p := r.GetParamRef(); p != nil && ownCol(l, sc, it, par.Cols[0]) {
			out = append(out, int(p.Number))
		}
	}
	return out
}

// ReadsParentKey reports whether the query is one SELECT of the parent table alone, confined
// to one tenant (no problem), whose output column i is the parent's key column referenced by a
// single-column foreign key: a value scanned from that column is the key of a row of the
// tenant.
func (q *Query) ReadsParentKey(cat Catalog, tenantCols []string, par Parent, i int) bool {
	if len(par.RefCols) != 1 || q.Statements() != 1 || len(q.Check(cat, tenantCols)) > 0 {
		return false
	}
	sel := q.Stmts()[0].GetStmt().GetSelectStmt()
	if sel == nil || sel.Op != pg.SetOperation_SETOP_NONE || len(sel.FromClause) != 1 || i < 0 || i >= len(sel.TargetList) {
		return false
	}
	rv := sel.FromClause[0].GetRangeVar()
	if rv == nil || !sameTable(relName(rv), par.Table) || sel.WithClause != nil {
		return false
	}
	val := unwrap(sel.TargetList[i].GetResTarget().GetVal())
	return qualifiedCol(val, aliasOf(rv), par.RefCols[0]) || unqualifiedCol(val, par.RefCols[0])
}
