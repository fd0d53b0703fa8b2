package sqlcheck

import (
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

func (r *replayer) createTable(cs *pg_query.CreateStmt) {
	name := r.rvName(cs.Relation)
	if r.s.Tables[name] != nil {
		if cs.IfNotExists {
			return
		}
	}
	t := &Table{Name: name, Pos: r.stmtPos(), Partitioned: cs.Partspec != nil}
	if r.role != "" {
		// Created after SET ROLE: that role owns the table.
		p := r.stmtPos()
		t.Owner, t.OwnerPos = r.role, &p
	}
	r.s.Tables[name] = t
	for _, d := range r.globals {
		if d.Off >= r.rawOff && d.Off < r.stmtOff && !d.used {
			d.used = true
			if d.Problem == 0 {
				t.GlobalReason = d.Reason
			}
		}
	}
	for _, inh := range cs.InhRelations {
		rv := inh.GetRangeVar()
		parent := r.table(rv)
		if parent == nil {
			continue
		}
		t.Parent = parent.Name
		t.ParentKind = "inherits"
		if cs.Partbound != nil {
			t.ParentKind = "partition"
		}
		p := r.stmtPos()
		t.ParentPos = &p
		for _, c := range parent.Columns {
			cc := *c
			cc.NullPos = nil
			t.Columns = append(t.Columns, &cc)
		}
		break
	}
	for _, e := range cs.TableElts {
		switch x := e.Node.(type) {
		case *pg_query.Node_ColumnDef:
			r.addColumn(t, x.ColumnDef)
		case *pg_query.Node_Constraint:
			r.addConstraint(t, x.Constraint)
		case *pg_query.Node_TableLikeClause:
			if src := r.table(x.TableLikeClause.Relation); src != nil {
				for _, c := range src.Columns {
					cc := *c
					cc.Pos = r.stmtPos()
					t.Columns = append(t.Columns, &cc)
				}
			}
		}
	}
	for _, c := range cs.Constraints {
		if con := c.GetConstraint(); con != nil {
			r.addConstraint(t, con)
		}
	}
	for _, g := range r.defGrants {
		if len(g.schemas) == 0 || slices.Contains(g.schemas, strings.SplitN(name, ".", 2)[0]) {
			for _, role := range g.roles {
				applyGrant(t, role, g.privs, g.grant, g.pos)
			}
		}
	}
}

func (r *replayer) addColumn(t *Table, cd *pg_query.ColumnDef) {
	c := t.column(cd.Colname)
	if c == nil {
		c = &Column{Name: cd.Colname}
		t.Columns = append(t.Columns, c)
	}
	c.Pos = r.pos(cd.Location)
	c.NotNull = cd.IsNotNull
	if tn := cd.TypeName; tn != nil {
		if ty := listName(tn.Names); len(ty) > 0 {
			switch ty[len(ty)-1] {
			case "serial", "bigserial", "smallserial", "serial4", "serial8", "serial2":
				c.Generated = true
			case "uuid":
				c.UUID = true
			}
		}
	}
	if cd.Identity != "" || cd.RawDefault != nil && isGeneratedDefault(cd.RawDefault) {
		c.Generated = true
	}
	for _, n := range cd.Constraints {
		con := n.GetConstraint()
		if con == nil {
			continue
		}
		switch con.Contype {
		case pg_query.ConstrType_CONSTR_NOTNULL:
			c.NotNull = true
		case pg_query.ConstrType_CONSTR_NULL:
			c.NotNull = false
		case pg_query.ConstrType_CONSTR_DEFAULT:
			c.Generated = isGeneratedDefault(con.RawExpr)
		case pg_query.ConstrType_CONSTR_IDENTITY:
			c.Generated = true
		case pg_query.ConstrType_CONSTR_PRIMARY, pg_query.ConstrType_CONSTR_UNIQUE, pg_query.ConstrType_CONSTR_FOREIGN:
			r.addKeyConstraint(t, con, []string{cd.Colname})
		}
	}
}

// isGeneratedDefault reports whether a column default generates a fresh UUID.
func isGeneratedDefault(n *pg_query.Node) bool {
	if tc := n.GetTypeCast(); tc != nil {
		n = tc.Arg
	}
	fc := n.GetFuncCall()
	if fc == nil {
		return false
	}
	name := listName(fc.Funcname)
	if len(name) == 0 {
		return false
	}
	switch name[len(name)-1] {
	case "gen_random_uuid", "uuid_generate_v4", "uuid_generate_v1mc", "uuid_generate_v7", "uuidv4", "uuidv7":
		return true
	}
	return false
}

func (r *replayer) addConstraint(t *Table, con *pg_query.Constraint) {
	switch con.Contype {
	case pg_query.ConstrType_CONSTR_PRIMARY, pg_query.ConstrType_CONSTR_UNIQUE:
		cols := strVals(con.Keys)
		if con.Indexname != "" {
			if it := r.indexes[con.Indexname]; it == t {
				for _, ix := range t.Indexes {
					if ix.Name == con.Indexname {
						cols = ix.Cols
					}
				}
			}
		}
		r.addKeyConstraint(t, con, cols)
	case pg_query.ConstrType_CONSTR_FOREIGN:
		r.addKeyConstraint(t, con, strVals(con.FkAttrs))
	case pg_query.ConstrType_CONSTR_NOTNULL:
		for _, k := range strVals(con.Keys) {
			if c := t.column(k); c != nil {
				c.NotNull = true
			}
		}
	}
}

func shortName(qualified string) string {
	if i := strings.LastIndexByte(qualified, '.'); i >= 0 {
		return qualified[i+1:]
	}
	return qualified
}

func (r *replayer) addKeyConstraint(t *Table, con *pg_query.Constraint, cols []string) {
	p := r.pos(con.Location)
	base := shortName(t.Name)
	switch con.Contype {
	case pg_query.ConstrType_CONSTR_PRIMARY:
		name := cmpOr(con.Conname, base+"_pkey")
		t.PK = &Key{Name: name, Kind: "primary key", Cols: cols, Pos: p}
		for _, k := range cols {
			if c := t.column(k); c != nil {
				c.NotNull = true
			}
		}
	case pg_query.ConstrType_CONSTR_UNIQUE:
		name := cmpOr(con.Conname, base+"_"+strings.Join(cols, "_")+"_key")
		t.Uniques = append(t.Uniques, &Key{Name: name, Kind: "unique constraint", Cols: cols, Pos: p})
		t.Indexes = append(t.Indexes, &Index{Name: name, Cols: cols, Unique: true, Pos: p})
	case pg_query.ConstrType_CONSTR_FOREIGN:
		name := cmpOr(con.Conname, base+"_"+strings.Join(cols, "_")+"_fkey")
		ref := ""
		if con.Pktable != nil {
			ref = r.rvName(con.Pktable)
			if rt := r.table(con.Pktable); rt != nil {
				ref = rt.Name
			}
		}
		t.FKs = append(t.FKs, &FK{Name: name, Cols: cols, RefTable: ref, RefCols: strVals(con.PkAttrs), Pos: p})
	}
}

func (r *replayer) alterTable(at *pg_query.AlterTableStmt) {
	if v := r.s.Views[r.rvName(at.Relation)]; v != nil || at.Objtype == pg_query.ObjectType_OBJECT_VIEW || at.Objtype == pg_query.ObjectType_OBJECT_MATVIEW {
		if v == nil && at.Relation != nil && at.Relation.Schemaname == "" {
			v = r.s.Views["public."+at.Relation.Relname]
		}
		if v != nil {
			r.alterView(v, at)
		}
		return
	}
	t := r.table(at.Relation)
	if t == nil {
		return
	}
	for _, cn := range at.Cmds {
		cmd := cn.GetAlterTableCmd()
		if cmd == nil {
			continue
		}
		p := r.stmtPos()
		switch cmd.Subtype {
		case pg_query.AlterTableType_AT_AddColumn:
			if cd := cmd.Def.GetColumnDef(); cd != nil {
				r.addColumn(t, cd)
			}
		case pg_query.AlterTableType_AT_DropColumn:
			if t.column(cmd.Name) != nil {
				t.Lost = append(t.Lost, &LostColumn{Name: cmd.Name, Pos: p})
			}
			t.dropColumn(cmd.Name)
		case pg_query.AlterTableType_AT_SetNotNull:
			if c := t.column(cmd.Name); c != nil {
				c.NotNull, c.NullPos = true, nil
			}
		case pg_query.AlterTableType_AT_DropNotNull:
			if c := t.column(cmd.Name); c != nil {
				c.NotNull = false
				c.NullPos = &p
			}
		case pg_query.AlterTableType_AT_ColumnDefault:
			if c := t.column(cmd.Name); c != nil {
				c.Generated = cmd.Def != nil && isGeneratedDefault(cmd.Def)
			}
		case pg_query.AlterTableType_AT_AddIdentity:
			if c := t.column(cmd.Name); c != nil {
				c.Generated = true
			}
		case pg_query.AlterTableType_AT_AddConstraint:
			if con := cmd.Def.GetConstraint(); con != nil {
				r.addConstraint(t, con)
			}
		case pg_query.AlterTableType_AT_DropConstraint:
			t.dropConstraint(cmd.Name)
		case pg_query.AlterTableType_AT_EnableRowSecurity:
			t.RLS, t.RLSPos, t.DisablePos = true, &p, nil
		case pg_query.AlterTableType_AT_DisableRowSecurity:
			if t.RLS {
				t.DisablePos = &p
			}
			t.RLS = false
		case pg_query.AlterTableType_AT_ForceRowSecurity:
			t.Force, t.ForcePos, t.NoForcePos = true, &p, nil
		case pg_query.AlterTableType_AT_NoForceRowSecurity:
			if t.Force {
				t.NoForcePos = &p
			}
			t.Force = false
		case pg_query.AlterTableType_AT_ChangeOwner:
			t.Owner, t.OwnerPos = roleName(cmd.Newowner), &p
		case pg_query.AlterTableType_AT_AttachPartition:
			if pc := cmd.Def.GetPartitionCmd(); pc != nil {
				if child := r.table(pc.Name); child != nil {
					child.Parent, child.ParentKind, child.ParentPos = t.Name, "partition", &p
				}
			}
		case pg_query.AlterTableType_AT_DetachPartition:
			if pc := cmd.Def.GetPartitionCmd(); pc != nil {
				if child := r.table(pc.Name); child != nil && child.Parent == t.Name {
					child.Parent, child.ParentKind, child.ParentPos = "", "", nil
				}
			}
		case pg_query.AlterTableType_AT_AddInherit:
			if parent := r.table(cmd.Def.GetRangeVar()); parent != nil {
				t.Parent, t.ParentKind, t.ParentPos = parent.Name, "inherits", &p
			}
		case pg_query.AlterTableType_AT_DropInherit:
			t.Parent, t.ParentKind, t.ParentPos = "", "", nil
		}
	}
}

func (t *Table) dropColumn(name string) {
	t.Columns = slices.DeleteFunc(t.Columns, func(c *Column) bool { return c.Name == name })
	has := func(cols []string) bool { return slices.Contains(cols, name) }
	if t.PK != nil && has(t.PK.Cols) {
		t.PK = nil
	}
	t.Uniques = slices.DeleteFunc(t.Uniques, func(k *Key) bool { return has(k.Cols) })
	t.Indexes = slices.DeleteFunc(t.Indexes, func(ix *Index) bool { return has(ix.Cols) })
	t.FKs = slices.DeleteFunc(t.FKs, func(fk *FK) bool { return has(fk.Cols) })
}

func (t *Table) dropConstraint(name string) {
	if t.PK != nil && t.PK.Name == name {
		t.PK = nil
	}
	t.Uniques = slices.DeleteFunc(t.Uniques, func(k *Key) bool { return k.Name == name })
	t.Indexes = slices.DeleteFunc(t.Indexes, func(ix *Index) bool { return ix.Name == name })
	t.FKs = slices.DeleteFunc(t.FKs, func(fk *FK) bool { return fk.Name == name })
}

func (r *replayer) createIndex(is *pg_query.IndexStmt) {
	t := r.table(is.Relation)
	if t == nil {
		return
	}
	ix := &Index{Name: is.Idxname, Unique: is.Unique || is.Primary, Partial: is.WhereClause != nil, Pos: r.stmtPos()}
	if ix.Name == "" {
		ix.Name = shortName(t.Name) + "_idx"
	}
	for _, p := range is.IndexParams {
		if e := p.GetIndexElem(); e != nil {
			ix.Cols = append(ix.Cols, e.Name) // "" for an expression
		}
	}
	t.Indexes = append(t.Indexes, ix)
	r.indexes[ix.Name] = t
	if ix.Unique {
		t.Uniques = append(t.Uniques, &Key{Name: ix.Name, Kind: "unique index", Cols: ix.Cols, Partial: ix.Partial, Pos: ix.Pos})
	}
}

func (r *replayer) rename(rs *pg_query.RenameStmt) {
	switch rs.RenameType {
	case pg_query.ObjectType_OBJECT_TABLE:
		if t := r.table(rs.Relation); t != nil {
			r.moveTable(t, t.Name[:strings.LastIndexByte(t.Name, '.')+1]+rs.Newname)
		}
	case pg_query.ObjectType_OBJECT_COLUMN:
		if t := r.table(rs.Relation); t != nil {
			if c := t.column(rs.Subname); c != nil {
				c.Name = rs.Newname
				t.Lost = append(t.Lost, &LostColumn{Name: rs.Subname, NewName: rs.Newname, Pos: r.stmtPos()})
				// PostgreSQL rewrites the policies that use the column.
				for _, p := range t.Policies {
					for _, pr := range []*Pred{p.Using, p.Check} {
						if pr == nil {
							continue
						}
						for i := range pr.Isolates {
							if pr.Isolates[i].Col == rs.Subname {
								pr.Isolates[i].Col = rs.Newname
							}
						}
					}
				}
				ren := func(cols []string) {
					for i := range cols {
						if cols[i] == rs.Subname {
							cols[i] = rs.Newname
						}
					}
				}
				if t.PK != nil {
					ren(t.PK.Cols)
				}
				for _, k := range t.Uniques {
					ren(k.Cols)
				}
				for _, ix := range t.Indexes {
					ren(ix.Cols)
				}
				for _, fk := range t.FKs {
					ren(fk.Cols)
				}
			}
		}
	case pg_query.ObjectType_OBJECT_TABCONSTRAINT:
		if t := r.table(rs.Relation); t != nil {
			for _, k := range t.Uniques {
				if k.Name == rs.Subname {
					k.Name = rs.Newname
				}
			}
			for _, fk := range t.FKs {
				if fk.Name == rs.Subname {
					fk.Name = rs.Newname
				}
			}
			if t.PK != nil && t.PK.Name == rs.Subname {
				t.PK.Name = rs.Newname
			}
		}
	case pg_query.ObjectType_OBJECT_POLICY:
		if t := r.table(rs.Relation); t != nil {
			for _, p := range t.Policies {
				if p.Name == rs.Subname {
					p.Name = rs.Newname
				}
			}
		}
	}
}

// moveTable renames a table (ALTER TABLE RENAME, SET SCHEMA) and the references to it: foreign
// keys, partitions and children, views and functions keep pointing at it, as in PostgreSQL.
func (r *replayer) moveTable(t *Table, name string) {
	old := t.Name
	if name == old || r.s.Tables[name] != nil {
		return
	}
	delete(r.s.Tables, old)
	t.Name = name
	r.s.Tables[name] = t
	for _, o := range r.s.Tables {
		for _, fk := range o.FKs {
			if fk.RefTable == old {
				fk.RefTable = name
			}
		}
		if o.Parent == old {
			o.Parent = name
		}
	}
	ren := func(refs []string) {
		for i := range refs {
			if refs[i] == old {
				refs[i] = name
			}
		}
	}
	for _, v := range r.s.Views {
		ren(v.Refs)
	}
	for _, f := range r.s.Functions {
		ren(f.Refs)
	}
}

func (s *Schema) lookupFor(r *replayer, parts []string) *Table {
	if len(parts) == 0 {
		return nil
	}
	if t := s.Tables[r.qualifyList(parts)]; t != nil {
		return t
	}
	if len(parts) == 1 {
		return s.Tables["public."+parts[0]]
	}
	return nil
}
