package headertrust

import (
	"slices"
	"strings"
	"sync"

	pg "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/tenantvet/tenantvet/internal/sqlquery"
)

// sqlCache maps "cols\x00sql" to the tenant placeholders of the SQL: a pure result, parsed once
// per process.
var sqlCache sync.Map

// tenantPlaceholders returns the numbers N of the $N placeholders that the SQL binds to one of
// the tenant columns: `tenant_id = $N` (either side, with or without a cast) in any expression,
// and the tenant column's position in an INSERT's VALUES lists. In a statement on the tenants
// table alone (SELECT name FROM tenants WHERE id = $1) the table's id is the tenant too.
// Unparsable SQL yields nothing.
func tenantPlaceholders(sql string, cols []string, tenants string) []int {
	key := strings.Join(cols, ",") + "\x00" + tenants + "\x00" + sql
	if v, ok := sqlCache.Load(key); ok {
		return v.([]int)
	}
	var out []int
	if q, err := sqlquery.Analyze(sql); err == nil { // parsed once per process, shared with sqlscope
		for _, rs := range q.Stmts() {
			stmtCols := cols
			if onlyTable(rs.ProtoReflect(), tenants) {
				stmtCols = append(slices.Clip(cols), "id")
			}
			isTenant := func(n *pg.Node) bool {
				cr := n.GetColumnRef()
				if cr == nil || len(cr.Fields) == 0 {
					return false
				}
				name := cr.Fields[len(cr.Fields)-1].GetString_().GetSval()
				return slices.ContainsFunc(stmtCols, func(c string) bool { return strings.EqualFold(c, name) })
			}
			walkMessages(rs.ProtoReflect(), func(m protoreflect.Message) {
				switch x := m.Interface().(type) {
				case *pg.A_Expr:
					if x.Kind != pg.A_Expr_Kind_AEXPR_OP || len(x.Name) != 1 || x.Name[0].GetString_().GetSval() != "=" {
						return
					}
					if isTenant(x.Lexpr) {
						if n, ok := paramRef(x.Rexpr); ok {
							out = append(out, n)
						}
					} else if isTenant(x.Rexpr) {
						if n, ok := paramRef(x.Lexpr); ok {
							out = append(out, n)
						}
					}
				case *pg.InsertStmt:
					col := -1
					for i, c := range x.Cols {
						if rt := c.GetResTarget(); rt != nil && slices.ContainsFunc(cols, func(s string) bool { return strings.EqualFold(s, rt.Name) }) {
							col = i
						}
					}
					sel := x.SelectStmt.GetSelectStmt()
					if col < 0 || sel == nil {
						return
					}
					for _, row := range sel.ValuesLists {
						items := row.GetList().GetItems()
						if col < len(items) {
							if n, ok := paramRef(items[col]); ok {
								out = append(out, n)
							}
						}
					}
				}
			})
		}
	}
	slices.Sort(out)
	out = slices.Compact(out)
	sqlCache.Store(key, out)
	return out
}

// onlyTable reports whether every table a statement names is table.
func onlyTable(stmt protoreflect.Message, table string) bool {
	n := 0
	only := true
	walkMessages(stmt, func(m protoreflect.Message) {
		if rv, ok := m.Interface().(*pg.RangeVar); ok {
			n++
			only = only && strings.EqualFold(rv.Relname, table)
		}
	})
	return table != "" && n > 0 && only
}

func paramRef(n *pg.Node) (int, bool) {
	if tc := n.GetTypeCast(); tc != nil {
		n = tc.Arg
	}
	if p := n.GetParamRef(); p != nil {
		return int(p.Number), true
	}
	return 0, false
}

// walkMessages calls visit for every message below m.
func walkMessages(m protoreflect.Message, visit func(protoreflect.Message)) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Kind() != protoreflect.MessageKind || fd.IsMap() {
			return true
		}
		if fd.IsList() {
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				visit(l.Get(i).Message())
				walkMessages(l.Get(i).Message(), visit)
			}
			return true
		}
		visit(v.Message())
		walkMessages(v.Message(), visit)
		return true
	})
}
