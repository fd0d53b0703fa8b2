package sqlcheck

import (
	"maps"
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// Catalog queries in a DO block (FOR r IN SELECT ... FROM information_schema.columns, IF NOT
// EXISTS (SELECT FROM pg_policies ...)) are answered from the schema model as it stands at that
// point of the migration history. A query that reads anything else depends on data and is
// unknown.

// plRows is a row set of one FROM item: column names (qualified and bare) and the rows.
type plRows struct {
	names []string
	rows  [][]plValue
}

// query evaluates a query; ok is false when its rows are not known.
func (e *plEval) query(q string) ([]plValue, bool) {
	sel := e.parsed(q, true).GetSelectStmt()
	if sel == nil {
		return nil, false
	}
	return e.selectRows(sel, nil)
}

func (e *plEval) selectRows(sel *pg_query.SelectStmt, outer *plRowCtx) ([]plValue, bool) {
	if sel == nil || sel.WithClause != nil || len(sel.GroupClause) > 0 || sel.HavingClause != nil || len(sel.WindowClause) > 0 || sel.LimitOffset != nil {
		return nil, false
	}
	switch sel.Op {
	case pg_query.SetOperation_SETOP_NONE:
	case pg_query.SetOperation_SETOP_UNION:
		l, ok1 := e.selectRows(sel.Larg, outer)
		r, ok2 := e.selectRows(sel.Rarg, outer)
		if !ok1 || !ok2 || len(l)+len(r) > plMaxArray {
			return nil, false
		}
		out := append(l, r...)
		if !sel.All {
			out = distinct(out)
		}
		return out, true
	default:
		return nil, false
	}
	if len(sel.ValuesLists) > 0 {
		var out []plValue
		for _, vl := range sel.ValuesLists {
			l := vl.GetList()
			if l == nil {
				return nil, false
			}
			rec := plValue{k: vRecord}
			for i, it := range l.Items {
				rec.cols = append(rec.cols, "column"+itoa(int32(i+1)))
				rec.vals = append(rec.vals, e.eval(it, outer))
			}
			out = append(out, rec)
		}
		return out, true
	}
	ctxs := []*plRowCtx{{parent: outer}}
	for _, item := range sel.FromClause {
		rs, ok := e.fromItem(item, outer)
		if !ok || len(ctxs)*len(rs.rows) > plMaxArray {
			return nil, false
		}
		var next []*plRowCtx
		for _, c := range ctxs {
			for _, row := range rs.rows {
				next = append(next, &plRowCtx{names: concatNames(c.names, rs.names), vals: concatVals(c.vals, row), parent: outer})
			}
		}
		ctxs = next
	}
	if sel.WhereClause != nil {
		var kept []*plRowCtx
		for _, c := range ctxs {
			if !e.tick() {
				return nil, false
			}
			b, ok := e.eval(sel.WhereClause, c).truth()
			if !ok {
				return nil, false
			}
			if b {
				kept = append(kept, c)
			}
		}
		ctxs = kept
	}
	var out []plValue
	if len(sel.TargetList) == 1 {
		rt := sel.TargetList[0].GetResTarget()
		if fc := rt.GetVal().GetFuncCall(); fc != nil {
			switch lastName(fc.Funcname) {
			case "count":
				if fc.AggDistinct || fc.AggFilter != nil || fc.Over != nil {
					return nil, false
				}
				n := 0
				for _, c := range ctxs {
					if !fc.AggStar {
						if len(fc.Args) != 1 {
							return nil, false
						}
						v := e.eval(fc.Args[0], c)
						if v.k == vUnknown {
							return nil, false
						}
						if v.k == vNull {
							continue
						}
					}
					n++
				}
				return []plValue{{k: vRecord, cols: []string{cmpOr(rt.Name, "count")}, vals: []plValue{{k: vInt, i: int64(n)}}}}, true
			case "unnest":
				// SELECT unnest(ARRAY[...]): one row per element.
				for _, c := range ctxs {
					if len(fc.Args) != 1 {
						return nil, false
					}
					arr := e.eval(fc.Args[0], c)
					if arr.k != vArray || len(out)+len(arr.arr) > plMaxArray {
						return nil, false
					}
					for _, v := range arr.arr {
						out = append(out, plValue{k: vRecord, cols: []string{cmpOr(rt.Name, "unnest")}, vals: []plValue{v}})
					}
				}
				return e.applyLimit(sel, out)
			}
		}
	}
	for _, c := range ctxs {
		rec := plValue{k: vRecord}
		for _, tn := range sel.TargetList {
			rt := tn.GetResTarget()
			if rt == nil {
				return nil, false
			}
			if cr := rt.Val.GetColumnRef(); cr != nil && len(cr.Fields) > 0 && cr.Fields[len(cr.Fields)-1].GetAStar() != nil {
				prefix := ""
				if len(cr.Fields) == 2 {
					prefix = listName(cr.Fields[:1])[0] + "."
				}
				for i, n := range c.names {
					if prefix == "" && !strings.Contains(n, ".") || prefix != "" && strings.HasPrefix(n, prefix) {
						rec.cols = append(rec.cols, strings.TrimPrefix(n, prefix))
						rec.vals = append(rec.vals, c.vals[i])
					}
				}
				continue
			}
			if fc := rt.Val.GetFuncCall(); fc != nil && isSetReturning(fc) {
				return nil, false
			}
			rec.cols = append(rec.cols, targetName(rt))
			rec.vals = append(rec.vals, e.eval(rt.Val, c))
		}
		out = append(out, rec)
	}
	if len(sel.DistinctClause) > 0 {
		out = distinct(out)
	}
	return e.applyLimit(sel, out)
}

func (e *plEval) applyLimit(sel *pg_query.SelectStmt, out []plValue) ([]plValue, bool) {
	if sel.LimitCount != nil {
		n := castV(e.eval(sel.LimitCount, nil), "int")
		if n.k != vInt {
			return nil, false
		}
		if n.i >= 0 && int64(len(out)) > n.i {
			out = out[:n.i]
		}
	}
	return out, true
}

func isSetReturning(fc *pg_query.FuncCall) bool {
	switch lastName(fc.Funcname) {
	case "unnest", "generate_series", "regexp_matches", "json_each", "jsonb_each", "json_array_elements", "jsonb_array_elements", "string_to_table", "count", "sum", "max", "min", "array_agg", "string_agg", "bool_or", "bool_and":
		return true
	}
	return false
}

func targetName(rt *pg_query.ResTarget) string {
	if rt.Name != "" {
		return rt.Name
	}
	switch x := rt.Val.GetNode().(type) {
	case *pg_query.Node_ColumnRef:
		if f := listName(x.ColumnRef.Fields); len(f) > 0 {
			return f[len(f)-1]
		}
	case *pg_query.Node_FuncCall:
		if f := listName(x.FuncCall.Funcname); len(f) > 0 {
			return f[len(f)-1]
		}
	case *pg_query.Node_TypeCast:
		return targetName(&pg_query.ResTarget{Val: x.TypeCast.Arg})
	}
	return "?column?"
}

func concatNames(a, b []string) []string { return append(slices.Clip(a), b...) }

func concatVals(a, b []plValue) []plValue { return append(slices.Clip(a), b...) }

func distinct(rows []plValue) []plValue {
	var out []plValue
	for _, r := range rows {
		if !slices.ContainsFunc(out, func(o plValue) bool { return sameV(o, r) }) {
			out = append(out, r)
		}
	}
	return out
}

// fromItem returns the rows of one FROM item.
func (e *plEval) fromItem(n *pg_query.Node, outer *plRowCtx) (plRows, bool) {
	switch x := n.GetNode().(type) {
	case *pg_query.Node_RangeVar:
		rv := x.RangeVar
		cols, rows, ok := e.catalogRel(rv.Schemaname, rv.Relname)
		if !ok {
			return plRows{}, false
		}
		alias := rv.Relname
		if rv.Alias != nil && rv.Alias.Aliasname != "" {
			alias = rv.Alias.Aliasname
		}
		return qualifyRows(alias, cols, rows), true
	case *pg_query.Node_RangeFunction:
		rf := x.RangeFunction
		if rf.Lateral || rf.Ordinality || rf.IsRowsfrom || len(rf.Functions) != 1 {
			return plRows{}, false
		}
		l := rf.Functions[0].GetList()
		if l == nil || len(l.Items) == 0 {
			return plRows{}, false
		}
		fc := l.Items[0].GetFuncCall()
		if fc == nil || len(fc.Args) != 1 {
			return plRows{}, false
		}
		if lastName(fc.Funcname) != "unnest" {
			return plRows{}, false
		}
		arr := e.eval(fc.Args[0], outer)
		if arr.k != vArray || len(arr.arr) > plMaxArray {
			return plRows{}, false
		}
		alias, col := "unnest", "unnest"
		if rf.Alias != nil {
			alias, col = rf.Alias.Aliasname, rf.Alias.Aliasname
			if c := listName(rf.Alias.Colnames); len(c) == 1 {
				col = c[0]
			}
		}
		var rows [][]plValue
		for _, v := range arr.arr {
			rows = append(rows, []plValue{v})
		}
		return qualifyRows(alias, []string{col}, rows), true
	case *pg_query.Node_RangeSubselect:
		rs := x.RangeSubselect
		if rs.Lateral || rs.Alias == nil {
			return plRows{}, false
		}
		recs, ok := e.selectRows(rs.Subquery.GetSelectStmt(), outer)
		if !ok {
			return plRows{}, false
		}
		var cols []string
		var rows [][]plValue
		for i, r := range recs {
			if i == 0 {
				cols = r.cols
			}
			rows = append(rows, r.vals)
		}
		if c := listName(rs.Alias.Colnames); len(c) > 0 && len(c) <= len(cols) {
			cols = append(c, cols[len(c):]...)
		}
		return qualifyRows(rs.Alias.Aliasname, cols, rows), true
	case *pg_query.Node_JoinExpr:
		j := x.JoinExpr
		if j.IsNatural || len(j.UsingClause) > 0 || j.Alias != nil {
			return plRows{}, false
		}
		left := j.Jointype == pg_query.JoinType_JOIN_LEFT
		if j.Jointype != pg_query.JoinType_JOIN_INNER && !left {
			return plRows{}, false
		}
		l, ok1 := e.fromItem(j.Larg, outer)
		r, ok2 := e.fromItem(j.Rarg, outer)
		if !ok1 || !ok2 || len(l.rows)*len(r.rows) > plMaxArray {
			return plRows{}, false
		}
		out := plRows{names: concatNames(l.names, r.names)}
		for _, lr := range l.rows {
			matched := false
			for _, rr := range r.rows {
				row := concatVals(lr, rr)
				if j.Quals != nil {
					if !e.tick() {
						return plRows{}, false
					}
					b, ok := e.eval(j.Quals, &plRowCtx{names: out.names, vals: row, parent: outer}).truth()
					if !ok {
						return plRows{}, false
					}
					if !b {
						continue
					}
				}
				matched = true
				out.rows = append(out.rows, row)
			}
			if left && !matched {
				nulls := make([]plValue, len(r.names))
				for i := range nulls {
					nulls[i] = nullV()
				}
				out.rows = append(out.rows, concatVals(lr, nulls))
			}
		}
		return out, true
	}
	return plRows{}, false
}

// qualifyRows names each column twice: alias.col and col.
func qualifyRows(alias string, cols []string, rows [][]plValue) plRows {
	out := plRows{}
	for _, c := range cols {
		out.names = append(out.names, alias+"."+c)
	}
	out.names = append(out.names, cols...)
	for _, r := range rows {
		v := make([]plValue, 0, 2*len(cols))
		for i := range cols {
			if i < len(r) {
				v = append(v, r[i])
			} else {
				v = append(v, unknown)
			}
		}
		out.rows = append(out.rows, append(v, v...))
	}
	return out
}

// catalogRel returns the columns and rows of a catalog relation, built from the model. Only
// the columns the model knows are listed; a query on any other column is unknown.
func (e *plEval) catalogRel(schema, name string) ([]string, [][]plValue, bool) {
	if !e.catalog {
		return nil, nil, false
	}
	s := e.r.s
	switch schema {
	case "information_schema":
		if name != "tables" && name != "columns" {
			return nil, nil, false
		}
	case "", "pg_catalog":
		if !strings.HasPrefix(name, "pg_") {
			return nil, nil, false
		}
		if schema == "" && (s.Tables[e.r.qualify("", name)] != nil || s.Tables["public."+name] != nil) {
			return nil, nil, false // a table of the project that happens to be named like a catalog
		}
	default:
		return nil, nil, false
	}
	split := func(q string) (plValue, plValue) {
		sc, n, _ := strings.Cut(q, ".")
		return textV(sc), textV(n)
	}
	opt := func(s string) plValue {
		if s == "" {
			return unknown
		}
		return textV(s)
	}
	tables := s.sortedTables()
	views := slices.Sorted(maps.Keys(s.Views))
	var rows [][]plValue
	switch name {
	case "tables": // information_schema.tables
		for _, t := range tables {
			sc, n := split(t.Name)
			rows = append(rows, []plValue{sc, n, textV("BASE TABLE")})
		}
		for _, v := range views {
			if !s.Views[v].Materialized {
				sc, n := split(v)
				rows = append(rows, []plValue{sc, n, textV("VIEW")})
			}
		}
		return []string{"table_schema", "table_name", "table_type"}, rows, true
	case "columns": // information_schema.columns
		for _, t := range tables {
			sc, n := split(t.Name)
			for i, c := range t.Columns {
				nullable := "YES"
				if c.NotNull {
					nullable = "NO"
				}
				rows = append(rows, []plValue{sc, n, textV(c.Name), {k: vInt, i: int64(i + 1)}, textV(nullable)})
			}
		}
		return []string{"table_schema", "table_name", "column_name", "ordinal_position", "is_nullable"}, rows, true
	case "pg_tables":
		for _, t := range tables {
			sc, n := split(t.Name)
			rows = append(rows, []plValue{sc, n, opt(t.Owner), boolV(t.RLS)})
		}
		return []string{"schemaname", "tablename", "tableowner", "rowsecurity"}, rows, true
	case "pg_views", "pg_matviews":
		for _, v := range views {
			if s.Views[v].Materialized == (name == "pg_matviews") {
				sc, n := split(v)
				rows = append(rows, []plValue{sc, n})
			}
		}
		col := "viewname"
		if name == "pg_matviews" {
			col = "matviewname"
		}
		return []string{"schemaname", col}, rows, true
	case "pg_class":
		for _, t := range tables {
			sc, n := split(t.Name)
			kind := "r"
			if t.Partitioned {
				kind = "p"
			}
			rows = append(rows, []plValue{textV(t.Name), n, textV("ns:" + sc.s), textV(kind), boolV(t.RLS), boolV(t.Force), boolV(t.ParentKind == "partition")})
		}
		for _, v := range views {
			sc, n := split(v)
			kind := "v"
			if s.Views[v].Materialized {
				kind = "m"
			}
			rows = append(rows, []plValue{textV(v), n, textV("ns:" + sc.s), textV(kind), boolV(false), boolV(false), boolV(false)})
		}
		return []string{"oid", "relname", "relnamespace", "relkind", "relrowsecurity", "relforcerowsecurity", "relispartition"}, rows, true
	case "pg_namespace":
		schemas := []string{"public"}
		for _, sc := range s.Schemas {
			if !slices.Contains(schemas, sc) {
				schemas = append(schemas, sc)
			}
		}
		for _, t := range tables {
			if sc, _, _ := strings.Cut(t.Name, "."); !slices.Contains(schemas, sc) {
				schemas = append(schemas, sc)
			}
		}
		for _, sc := range schemas {
			rows = append(rows, []plValue{textV("ns:" + sc), textV(sc)})
		}
		return []string{"oid", "nspname"}, rows, true
	case "pg_policies", "pg_policy":
		for _, t := range tables {
			sc, n := split(t.Name)
			for _, p := range t.Policies {
				if name == "pg_policy" {
					rows = append(rows, []plValue{textV(p.Name), textV(t.Name)})
					continue
				}
				perm := "PERMISSIVE"
				if !p.Permissive {
					perm = "RESTRICTIVE"
				}
				var roles []plValue
				for _, r := range p.Roles {
					roles = append(roles, textV(r))
				}
				rows = append(rows, []plValue{sc, n, textV(p.Name), textV(perm), {k: vArray, arr: roles}, textV(strings.ToUpper(p.Cmd))})
			}
		}
		if name == "pg_policy" {
			return []string{"polname", "polrelid"}, rows, true
		}
		return []string{"schemaname", "tablename", "policyname", "permissive", "roles", "cmd"}, rows, true
	case "pg_roles", "pg_authid", "pg_user":
		for _, n := range slices.Sorted(maps.Keys(s.Roles)) {
			r := s.Roles[n]
			rows = append(rows, []plValue{textV(n), boolV(r.BypassRLS), boolV(r.Superuser)})
		}
		if name == "pg_user" {
			return []string{"usename", "usebypassrls", "usesuper"}, rows, true
		}
		return []string{"rolname", "rolbypassrls", "rolsuper"}, rows, true
	case "pg_attribute":
		for _, t := range tables {
			for i, c := range t.Columns {
				rows = append(rows, []plValue{textV(t.Name), textV(c.Name), {k: vInt, i: int64(i + 1)}, boolV(c.NotNull), boolV(false)})
			}
		}
		return []string{"attrelid", "attname", "attnum", "attnotnull", "attisdropped"}, rows, true
	}
	return nil, nil, false
}
