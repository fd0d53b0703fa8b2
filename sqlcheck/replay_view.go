package sqlcheck

import (
	"slices"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// relRefs collects the relations a query reads, without its own CTE names.
func (r *replayer) relRefs(q any) []string {
	ctes := map[string]bool{}
	var refs []string
	walk(q, func(m any) bool {
		switch x := m.(type) {
		case *pg_query.CommonTableExpr:
			ctes[x.Ctename] = true
		case *pg_query.RangeVar:
			if x.Schemaname == "" && ctes[x.Relname] {
				return true
			}
			name := r.rvName(x)
			if t := r.table(x); t != nil {
				name = t.Name
			} else if x.Schemaname == "" && r.s.Views[name] == nil && r.s.Views["public."+x.Relname] != nil {
				name = "public." + x.Relname
			}
			if !slices.Contains(refs, name) {
				refs = append(refs, name)
			}
		}
		return true
	})
	return refs
}

func (r *replayer) createView(vs *pg_query.ViewStmt) {
	v := &View{Name: r.rvName(vs.View), Pos: r.stmtPos(), Refs: r.relRefs(vs.Query)}
	for _, o := range vs.Options {
		if d := o.GetDefElem(); d != nil && d.Defname == "security_invoker" {
			v.SecurityInvoker = defBool(d)
		}
	}
	r.s.Views[v.Name] = v
}

func (r *replayer) alterView(v *View, at *pg_query.AlterTableStmt) {
	for _, cn := range at.Cmds {
		cmd := cn.GetAlterTableCmd()
		if cmd == nil || cmd.Def == nil {
			continue
		}
		l := cmd.Def.GetList()
		if l == nil {
			continue
		}
		for _, it := range l.Items {
			d := it.GetDefElem()
			if d == nil || d.Defname != "security_invoker" {
				continue
			}
			on := cmd.Subtype == pg_query.AlterTableType_AT_SetRelOptions && defBool(d)
			if v.SecurityInvoker && !on {
				p := r.stmtPos()
				v.ResetPos = &p
			}
			if on {
				v.ResetPos = nil
			}
			v.SecurityInvoker = on
		}
	}
}

func (r *replayer) createTableAs(ct *pg_query.CreateTableAsStmt) {
	if ct.Into == nil || ct.Into.Rel == nil {
		return
	}
	name := r.rvName(ct.Into.Rel)
	if ct.Objtype == pg_query.ObjectType_OBJECT_MATVIEW {
		r.s.Views[name] = &View{Name: name, Materialized: true, Pos: r.stmtPos(), Refs: r.relRefs(ct.Query)}
		return
	}
	t := &Table{Name: name, Pos: r.stmtPos()}
	for _, c := range listName(ct.Into.ColNames) {
		t.Columns = append(t.Columns, &Column{Name: c, Pos: t.Pos})
	}
	r.s.Tables[name] = t
}
