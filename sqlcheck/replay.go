package sqlcheck

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// ParseError is a statement the PostgreSQL parser rejected.
type ParseError struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *ParseError) Error() string { return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg) }

// defGrant is an ALTER DEFAULT PRIVILEGES ... ON TABLES, applied to tables created later.
type defGrant struct {
	schemas []string
	roles   []string
	privs   []string
	grant   bool
	pos     Pos
}

// replayer applies statements to a schema.
type replayer struct {
	s           *Schema
	src         *source
	base        int // offset of the parsed text in the file
	rawOff      int // start of the raw statement (including leading comments)
	stmtOff     int // first token of the statement
	stmtLen     int
	schema      string // first schema of the search path
	defGrants   []defGrant
	indexes     map[string]*Table // index name -> table
	globals     []*sqlDirective   // tenantvet:global directives of the current file
	dump        bool              // the current file is a schema dump (pg_dump, structure.sql)
	inBody      bool              // replaying statements of a DO block: locations are not file offsets
	viaFunc     string            // the function the last settingExpr match went through
	role        string            // the role of SET ROLE or SET SESSION AUTHORIZATION in this file
	userSetting string            // the setting holding the signed-in user (membership policies)
	errs        []error
}

func newReplayer() *replayer {
	return &replayer{s: newSchema(), schema: "public", indexes: map[string]*Table{}}
}

// replayFile parses one prepared file and applies its statements.
func (r *replayer) replayFile(src *source) {
	r.src = src
	r.schema = "public" // every migration starts a new session
	r.role = ""
	r.globals = r.globals[:0]
	for _, d := range src.dirs {
		if d.Verb == "global" {
			r.globals = append(r.globals, d)
		}
	}
	r.replayStatements(src) // split.go
}

// pos converts a node location (a byte offset, -1 when unknown) to a position.
func (r *replayer) pos(loc int32) Pos {
	off := r.base + int(loc) // each statement is parsed alone: locations count from its text
	if loc < 0 || off < r.rawOff || r.inBody {
		off = r.stmtOff
	}
	return r.src.index.pos(off, r.stmtOff)
}

func (r *replayer) stmtPos() Pos { return r.src.index.pos(r.stmtOff, r.stmtOff) }

func (r *replayer) stmtText() string {
	end := min(r.rawOff+r.stmtLen, len(r.src.text))
	return r.src.text[r.rawOff:end]
}

func (r *replayer) event(kind, setting, detail string, p Pos) {
	r.s.Events = append(r.s.Events, &Event{Kind: kind, Setting: setting, Detail: detail, Pos: p})
}

func (r *replayer) qualify(schema, name string) string {
	if schema == "" {
		schema = r.schema
	}
	return schema + "." + name
}

func (r *replayer) rvName(rv *pg_query.RangeVar) string {
	if rv == nil {
		return ""
	}
	return r.qualify(rv.Schemaname, rv.Relname)
}

// table finds a table for a statement, resolving unqualified names like lookup does.
func (r *replayer) table(rv *pg_query.RangeVar) *Table {
	if rv == nil {
		return nil
	}
	if t := r.s.Tables[r.rvName(rv)]; t != nil {
		return t
	}
	if rv.Schemaname == "" {
		return r.s.Tables["public."+rv.Relname]
	}
	return nil
}

// listName joins a list of String nodes: schema.name.
func listName(items []*pg_query.Node) []string {
	var out []string
	for _, n := range items {
		if s := n.GetString_(); s != nil {
			out = append(out, s.Sval)
		}
	}
	return out
}

func (r *replayer) qualifyList(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return r.qualify("", parts[0])
	default:
		return parts[len(parts)-2] + "." + parts[len(parts)-1]
	}
}

func strVals(items []*pg_query.Node) []string { return listName(items) }

func roleName(rs *pg_query.RoleSpec) string {
	if rs == nil {
		return ""
	}
	switch rs.Roletype {
	case pg_query.RoleSpecType_ROLESPEC_PUBLIC:
		return "public"
	case pg_query.RoleSpecType_ROLESPEC_CSTRING:
		return rs.Rolename
	default:
		return "current_user"
	}
}

func (r *replayer) stmt(n *pg_query.Node) {
	if n == nil {
		return
	}
	switch x := n.Node.(type) {
	case *pg_query.Node_CreateStmt:
		r.createTable(x.CreateStmt)
	case *pg_query.Node_AlterTableStmt:
		r.alterTable(x.AlterTableStmt)
	case *pg_query.Node_IndexStmt:
		r.createIndex(x.IndexStmt)
	case *pg_query.Node_CreatePolicyStmt:
		r.createPolicy(x.CreatePolicyStmt)
	case *pg_query.Node_AlterPolicyStmt:
		r.alterPolicy(x.AlterPolicyStmt)
	case *pg_query.Node_DropStmt:
		r.drop(x.DropStmt)
	case *pg_query.Node_RenameStmt:
		r.rename(x.RenameStmt)
	case *pg_query.Node_ViewStmt:
		r.createView(x.ViewStmt)
	case *pg_query.Node_CreateTableAsStmt:
		r.createTableAs(x.CreateTableAsStmt)
	case *pg_query.Node_CreateFunctionStmt:
		r.createFunction(x.CreateFunctionStmt)
	case *pg_query.Node_AlterFunctionStmt:
		r.alterFunction(x.AlterFunctionStmt)
	case *pg_query.Node_CreateRoleStmt:
		r.roleOptions(x.CreateRoleStmt.Role, x.CreateRoleStmt.Options)
	case *pg_query.Node_GrantRoleStmt:
		r.grantRole(x.GrantRoleStmt)
	case *pg_query.Node_ReassignOwnedStmt:
		r.reassignOwned(x.ReassignOwnedStmt)
	case *pg_query.Node_AlterObjectSchemaStmt:
		if ao := x.AlterObjectSchemaStmt; ao.ObjectType == pg_query.ObjectType_OBJECT_TABLE && ao.Newschema != "" {
			if t := r.table(ao.Relation); t != nil {
				r.moveTable(t, ao.Newschema+"."+shortName(t.Name))
			}
		}
	case *pg_query.Node_AlterRoleStmt:
		r.roleOptions(roleName(x.AlterRoleStmt.Role), x.AlterRoleStmt.Options)
	case *pg_query.Node_AlterRoleSetStmt:
		r.setStmt(x.AlterRoleSetStmt.Setstmt, true)
	case *pg_query.Node_AlterDatabaseSetStmt:
		r.setStmt(x.AlterDatabaseSetStmt.Setstmt, true)
	case *pg_query.Node_GrantStmt:
		r.grant(x.GrantStmt)
	case *pg_query.Node_AlterDefaultPrivilegesStmt:
		r.defaultPrivileges(x.AlterDefaultPrivilegesStmt)
	case *pg_query.Node_VariableSetStmt:
		r.setStmt(x.VariableSetStmt, false)
	case *pg_query.Node_DoStmt:
		r.doBlock(x.DoStmt)
	case *pg_query.Node_CreateSchemaStmt:
		cs := x.CreateSchemaStmt
		if !slices.Contains(r.s.Schemas, cs.Schemaname) {
			r.s.Schemas = append(r.s.Schemas, cs.Schemaname)
		}
		saved := r.schema
		r.schema = cs.Schemaname
		for _, e := range cs.SchemaElts {
			r.stmt(e)
		}
		r.schema = saved
	case *pg_query.Node_SelectStmt, *pg_query.Node_InsertStmt, *pg_query.Node_UpdateStmt, *pg_query.Node_DeleteStmt:
		r.scanCalls(n, r.stmtPos(), true)
	}
}

// --- tables ---

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

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
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

// reassignOwned handles REASSIGN OWNED BY old TO new. Tables created without an explicit owner
// belong to the role running the migrations, which CURRENT_USER and SESSION_USER name.
func (r *replayer) reassignOwned(ro *pg_query.ReassignOwnedStmt) {
	var from []string
	for _, n := range ro.Roles {
		if rs := n.GetRoleSpec(); rs != nil {
			from = append(from, roleName(rs))
		}
	}
	to := roleName(ro.Newrole)
	p := r.stmtPos()
	for _, t := range r.s.Tables {
		if slices.Contains(from, t.Owner) || t.Owner == "" && slices.Contains(from, "current_user") {
			t.Owner, t.OwnerPos = to, &p
		}
	}
}

func (r *replayer) drop(ds *pg_query.DropStmt) {
	for _, o := range ds.Objects {
		var parts []string
		if l := o.GetList(); l != nil {
			parts = listName(l.Items)
		} else if s := o.GetString_(); s != nil {
			parts = []string{s.Sval}
		}
		switch ds.RemoveType {
		case pg_query.ObjectType_OBJECT_TABLE:
			if t := r.s.lookupFor(r, parts); t != nil {
				delete(r.s.Tables, t.Name)
			}
		case pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_MATVIEW:
			name := r.qualifyList(parts)
			if r.s.Views[name] == nil && len(parts) == 1 {
				name = "public." + parts[0]
			}
			delete(r.s.Views, name)
		case pg_query.ObjectType_OBJECT_INDEX:
			if len(parts) > 0 {
				ix := parts[len(parts)-1]
				if t := r.indexes[ix]; t != nil {
					t.Indexes = slices.DeleteFunc(t.Indexes, func(x *Index) bool { return x.Name == ix })
					t.Uniques = slices.DeleteFunc(t.Uniques, func(k *Key) bool { return k.Name == ix && k.Kind == "unique index" })
					delete(r.indexes, ix)
				}
			}
		case pg_query.ObjectType_OBJECT_POLICY:
			if len(parts) < 2 {
				continue
			}
			t := r.s.lookupFor(r, parts[:len(parts)-1])
			if t == nil {
				continue
			}
			name := parts[len(parts)-1]
			for i, p := range t.Policies {
				if p.Name == name {
					t.Dropped = append(t.Dropped, &DroppedPolicy{Policy: p, Pos: r.stmtPos()})
					t.Policies = slices.Delete(t.Policies, i, i+1)
					break
				}
			}
		case pg_query.ObjectType_OBJECT_FUNCTION, pg_query.ObjectType_OBJECT_PROCEDURE:
			if ow := o.GetObjectWithArgs(); ow != nil {
				delete(r.s.Functions, r.qualifyList(listName(ow.Objname)))
			}
		}
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

// --- policies ---

func policyRoles(roles []*pg_query.Node) []string {
	var out []string
	for _, n := range roles {
		if rs := n.GetRoleSpec(); rs != nil {
			out = append(out, roleName(rs))
		}
	}
	if len(out) == 0 {
		out = []string{"public"}
	}
	return out
}

func (r *replayer) createPolicy(cp *pg_query.CreatePolicyStmt) {
	t := r.table(cp.Table)
	if t == nil {
		return
	}
	p := &Policy{
		Name:       cp.PolicyName,
		Cmd:        cmpOr(strings.ToLower(cp.CmdName), "all"),
		Permissive: cp.Permissive,
		Roles:      policyRoles(cp.Roles),
		Using:      r.pred(cp.Qual),
		Check:      r.pred(cp.WithCheck),
		Pos:        r.stmtPos(),
	}
	t.Policies = slices.DeleteFunc(t.Policies, func(x *Policy) bool { return x.Name == p.Name })
	t.Policies = append(t.Policies, p)
}

func (r *replayer) alterPolicy(ap *pg_query.AlterPolicyStmt) {
	t := r.table(ap.Table)
	if t == nil {
		return
	}
	for _, p := range t.Policies {
		if p.Name != ap.PolicyName {
			continue
		}
		if len(ap.Roles) > 0 {
			if roles := policyRoles(ap.Roles); !slices.Equal(roles, p.Roles) {
				if p.OldRoles == nil {
					p.OldRoles = p.Roles
				}
				p.Roles = roles
			}
		}
		if ap.Qual != nil {
			p.Using = r.pred(ap.Qual)
		}
		if ap.WithCheck != nil {
			p.Check = r.pred(ap.WithCheck)
		}
		p.Pos, p.Altered = r.stmtPos(), true
	}
}

// --- views ---

func defBool(d *pg_query.DefElem) bool {
	if d.Arg == nil {
		return true
	}
	switch a := d.Arg.Node.(type) {
	case *pg_query.Node_Boolean:
		return a.Boolean.Boolval
	case *pg_query.Node_Integer:
		return a.Integer.Ival != 0
	case *pg_query.Node_String_:
		switch strings.ToLower(a.String_.Sval) {
		case "true", "on", "yes", "1", "t", "y":
			return true
		}
	case *pg_query.Node_TypeName:
		names := listName(a.TypeName.Names)
		return len(names) > 0 && (names[len(names)-1] == "true" || names[len(names)-1] == "on")
	}
	return false
}

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

// --- functions ---

func (r *replayer) createFunction(cf *pg_query.CreateFunctionStmt) {
	f := &Function{Name: r.qualifyList(listName(cf.Funcname)), Pos: r.stmtPos()}
	lang, body, hasBody := "sql", "", false
	for _, o := range cf.Options {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		switch d.Defname {
		case "language":
			if s := d.Arg.GetString_(); s != nil {
				lang = strings.ToLower(s.Sval)
			}
		case "as":
			if l := d.Arg.GetList(); l != nil {
				if vals := strVals(l.Items); len(vals) > 0 && len(vals) == len(l.Items) {
					body, hasBody = vals[0], true
				}
			}
		case "security":
			f.SecurityDefiner = defBool(d)
		case "set":
			r.functionSet(f, d)
		}
	}
	switch {
	case cf.SqlBody != nil:
		f.Refs = r.relRefs(cf.SqlBody)
		r.scanCalls(cf.SqlBody, f.Pos, true)
		f.Setting = r.bodySetting(cf.SqlBody)
	case lang == "sql" && body != "":
		tree, err := pg_query.Parse(body)
		if err != nil {
			// PostgreSQL would reject it too unless check_function_bodies is off; either way
			// nothing about what it touches is known.
			r.event("unanalysed", "", "function "+f.Name+" (its SQL body does not parse)", f.Pos)
			break
		}
		f.Refs = r.relRefs(tree)
		r.scanCalls(tree, f.Pos, false)
		if len(tree.Stmts) == 1 {
			f.Setting = r.bodySetting(tree.Stmts[0].Stmt)
		}
	case lang == "plpgsql" && hasBody:
		// pg_query's PL/pgSQL parser asserts (aborting the process) on a function without AS.
		r.plpgsql(f, r.stmtText())
	case lang != "sql" && lang != "plpgsql" && f.SecurityDefiner:
		// A SECURITY DEFINER body in another language (plpython3u, plv8, C) runs with its
		// owner's rights and cannot be read; an invoker's stays under the caller's policies.
		r.event("unanalysed", "", "SECURITY DEFINER function "+f.Name+" in LANGUAGE "+lang, f.Pos)
	}
	if lang == "sql" {
		r.memberFunction(f, cf, body) // membership.go
	}
	r.s.Functions[f.Name] = f
}

func (r *replayer) functionSet(f *Function, d *pg_query.DefElem) {
	vs := d.Arg.GetVariableSetStmt()
	if vs == nil {
		return
	}
	switch vs.Name {
	case "search_path":
		f.SearchPath = vs.Kind == pg_query.VariableSetKind_VAR_SET_VALUE || vs.Kind == pg_query.VariableSetKind_VAR_SET_CURRENT
		if !f.SearchPath {
			f.Pos = r.stmtPos() // an ALTER FUNCTION ... RESET search_path is what to report
		}
	case "row_security":
		if isOff(vs) {
			r.event("row-security-off", "", "function "+f.Name, r.stmtPos())
		}
	}
}

// plpgsqlBody is what pg_query's PL/pgSQL parser found in a function or DO body.
type plpgsqlBody struct {
	dynamic bool     // EXECUTE, FOR ... EXECUTE or OPEN ... FOR EXECUTE
	stmts   []string // plain SQL statements (PLpgSQL_stmt_execsql), in order
	queries []string // every embedded query and expression, statements included
}

// parsePlpgsql parses the text of a CREATE FUNCTION ... LANGUAGE plpgsql statement.
func parsePlpgsql(text string) (*plpgsqlBody, error) {
	out, err := pg_query.ParsePlPgSqlToJSON(text)
	if err != nil {
		return nil, err
	}
	var tree any
	if err := json.Unmarshal([]byte(out), &tree); err != nil {
		return nil, err
	}
	b := &plpgsqlBody{}
	var visit func(v any)
	visit = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				if k == "PLpgSQL_stmt_dynexecute" || k == "PLpgSQL_stmt_dynfors" || k == "PLpgSQL_stmt_open" && hasKey(val, "dynquery") {
					b.dynamic = true
				}
				if k == "PLpgSQL_stmt_execsql" {
					if q, ok := exprQuery(val, "sqlstmt"); ok {
						b.stmts = append(b.stmts, q)
					}
				}
				if k == "query" {
					if s, ok := val.(string); ok {
						b.queries = append(b.queries, s)
						continue
					}
				}
				visit(val)
			}
		case []any:
			for _, e := range x {
				visit(e)
			}
		}
	}
	visit(tree)
	return b, nil
}

// exprQuery returns v[key].PLpgSQL_expr.query.
func exprQuery(v any, key string) (string, bool) {
	m, _ := v.(map[string]any)
	e, _ := m[key].(map[string]any)
	pe, _ := e["PLpgSQL_expr"].(map[string]any)
	q, ok := pe["query"].(string)
	return q, ok
}

// plpgsql parses a PL/pgSQL function and reads the SQL inside it.
func (r *replayer) plpgsql(f *Function, text string) {
	b, err := parsePlpgsql(text)
	if err != nil {
		r.unparsedBody(f, text, err) // bodyrefs.go
		return
	}
	if b.dynamic {
		r.event("unanalysed", "", "dynamic EXECUTE in function "+f.Name, f.Pos)
	}
	for _, q := range b.queries {
		tree, err := pg_query.Parse(q)
		if err != nil {
			tree, err = pg_query.Parse("SELECT " + q)
		}
		if err != nil {
			continue
		}
		for _, ref := range r.relRefs(tree) {
			if !slices.Contains(f.Refs, ref) {
				f.Refs = append(f.Refs, ref)
			}
		}
		r.scanCalls(tree, f.Pos, false)
	}
}

// doBlock replays the static SQL statements of a PL/pgSQL DO block, as if every branch ran
// (the usual DO block guards a CREATE ROLE with IF NOT EXISTS). A block in another language, or
// one with dynamic EXECUTE, cannot be analysed and is reported.
func (r *replayer) doBlock(ds *pg_query.DoStmt) {
	lang, body, hasBody := "plpgsql", "", false
	for _, a := range ds.Args {
		d := a.GetDefElem()
		if d == nil {
			continue
		}
		switch d.Defname {
		case "language":
			if s := d.Arg.GetString_(); s != nil {
				lang = strings.ToLower(s.Sval)
			}
		case "as":
			if s := d.Arg.GetString_(); s != nil {
				body, hasBody = s.Sval, true
			}
		}
	}
	if lang != "plpgsql" || !hasBody {
		r.event("unanalysed", "", "DO block in LANGUAGE "+lang, r.stmtPos())
		return
	}
	tag := "$tenantvet$"
	for i := 0; strings.Contains(body, tag); i++ {
		tag = "$tenantvet" + itoa(int32(i)) + "$"
	}
	b, err := parsePlpgsql("CREATE FUNCTION tenantvet_do() RETURNS void LANGUAGE plpgsql AS " + tag + body + tag)
	if err != nil {
		r.event("unanalysed", "", "DO block ("+err.Error()+")", r.stmtPos())
		return
	}
	if b.dynamic {
		r.event("unanalysed", "", "DO block with dynamic EXECUTE", r.stmtPos())
	}
	// Node locations inside the body are offsets into the body: findings point at the DO.
	saved := r.inBody
	r.inBody = true
	defer func() { r.inBody = saved }()
	stmts := map[string]bool{}
	for _, q := range b.stmts {
		stmts[q] = true
		if tree, err := pg_query.Parse(q); err == nil {
			for _, raw := range tree.Stmts {
				r.stmt(raw.Stmt)
			}
		}
	}
	for _, q := range b.queries {
		if stmts[q] {
			continue
		}
		tree, err := pg_query.Parse(q)
		if err != nil {
			tree, err = pg_query.Parse("SELECT " + q)
		}
		if err == nil {
			r.scanCalls(tree, r.stmtPos(), false)
		}
	}
}

func hasKey(v any, key string) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	_, ok = m[key]
	return ok
}

func (r *replayer) alterFunction(af *pg_query.AlterFunctionStmt) {
	if af.Func == nil {
		return
	}
	f := r.s.Functions[r.qualifyList(listName(af.Func.Objname))]
	if f == nil {
		return
	}
	for _, a := range af.Actions {
		d := a.GetDefElem()
		if d == nil {
			continue
		}
		switch d.Defname {
		case "security":
			f.SecurityDefiner = defBool(d)
			f.Pos = r.stmtPos()
		case "set":
			r.functionSet(f, d)
		}
	}
}

// --- roles, grants, settings ---

func (r *replayer) roleOptions(name string, opts []*pg_query.Node) {
	role := r.s.Roles[name]
	if role == nil {
		role = &Role{Name: name, Pos: r.stmtPos()}
		r.s.Roles[name] = role
	}
	for _, o := range opts {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		switch d.Defname {
		case "bypassrls":
			role.BypassRLS = defBool(d)
			role.Pos = r.stmtPos()
		case "superuser":
			role.Superuser = defBool(d)
			role.Pos = r.stmtPos()
		case "addroleto": // CREATE ROLE name IN ROLE group
			for _, g := range roleList(d.Arg) {
				r.addMember(g, name, true)
			}
		case "rolemembers", "adminmembers": // CREATE ROLE group ROLE member
			for _, m := range roleList(d.Arg) {
				r.addMember(name, m, true)
			}
		}
	}
}

// roleList returns the role names of a list of RoleSpec nodes.
func roleList(n *pg_query.Node) []string {
	var out []string
	if l := n.GetList(); l != nil {
		for _, it := range l.Items {
			if rs := it.GetRoleSpec(); rs != nil {
				out = append(out, roleName(rs))
			}
		}
	}
	return out
}

// grantRole handles GRANT group TO member and REVOKE group FROM member.
func (r *replayer) grantRole(gs *pg_query.GrantRoleStmt) {
	for _, gn := range gs.GrantedRoles {
		ap := gn.GetAccessPriv()
		if ap == nil || ap.PrivName == "" {
			continue
		}
		for _, mn := range gs.GranteeRoles {
			if rs := mn.GetRoleSpec(); rs != nil {
				r.addMember(ap.PrivName, roleName(rs), gs.IsGrant)
			}
		}
	}
}

// addMember records (or, with add false, removes) membership of member in group.
func (r *replayer) addMember(group, member string, add bool) {
	if group == "" || member == "" || group == member {
		return
	}
	m := r.s.Roles[member]
	if m == nil {
		if !add {
			return
		}
		m = &Role{Name: member, Pos: r.stmtPos()}
		r.s.Roles[member] = m
	}
	if add {
		if !slices.Contains(m.MemberOf, group) {
			m.MemberOf = append(m.MemberOf, group)
		}
		return
	}
	m.MemberOf = slices.DeleteFunc(m.MemberOf, func(g string) bool { return g == group })
}

var allTablePrivs = []string{"select", "insert", "update", "delete", "truncate", "references", "trigger"}

func grantPrivs(privs []*pg_query.Node) []string {
	if len(privs) == 0 {
		return allTablePrivs
	}
	var out []string
	for _, n := range privs {
		if ap := n.GetAccessPriv(); ap != nil {
			if ap.PrivName == "" || ap.PrivName == "all" {
				return allTablePrivs
			}
			out = append(out, strings.ToLower(ap.PrivName))
		}
	}
	return out
}

func applyGrant(t *Table, role string, privs []string, grant bool, p Pos) {
	if t.Grants == nil {
		t.Grants = map[string]*Grant{}
	}
	g := t.Grants[role]
	if grant {
		if g == nil {
			g = &Grant{}
			t.Grants[role] = g
		}
		for _, pv := range privs {
			if !slices.Contains(g.Privs, pv) {
				g.Privs = append(g.Privs, pv)
			}
		}
		g.Pos = p
		return
	}
	if g == nil {
		return
	}
	g.Privs = slices.DeleteFunc(g.Privs, func(pv string) bool { return slices.Contains(privs, pv) })
	if len(g.Privs) == 0 {
		delete(t.Grants, role)
	}
}

func (r *replayer) grant(gs *pg_query.GrantStmt) {
	if gs.Objtype != pg_query.ObjectType_OBJECT_TABLE {
		return
	}
	privs := grantPrivs(gs.Privileges)
	var roles []string
	for _, g := range gs.Grantees {
		roles = append(roles, roleName(g.GetRoleSpec()))
	}
	var tables []*Table
	switch gs.Targtype {
	case pg_query.GrantTargetType_ACL_TARGET_OBJECT:
		for _, o := range gs.Objects {
			if t := r.table(o.GetRangeVar()); t != nil {
				tables = append(tables, t)
			}
		}
	case pg_query.GrantTargetType_ACL_TARGET_ALL_IN_SCHEMA:
		schemas := strVals(gs.Objects)
		for _, t := range r.s.sortedTables() {
			if slices.Contains(schemas, strings.SplitN(t.Name, ".", 2)[0]) {
				tables = append(tables, t)
			}
		}
	}
	for _, t := range tables {
		for _, role := range roles {
			applyGrant(t, role, privs, gs.IsGrant, r.stmtPos())
		}
	}
}

func (r *replayer) defaultPrivileges(ad *pg_query.AlterDefaultPrivilegesStmt) {
	gs := ad.Action
	if gs == nil || gs.Objtype != pg_query.ObjectType_OBJECT_TABLE {
		return
	}
	g := defGrant{privs: grantPrivs(gs.Privileges), grant: gs.IsGrant, pos: r.stmtPos()}
	for _, o := range ad.Options {
		if d := o.GetDefElem(); d != nil && d.Defname == "schemas" {
			if l := d.Arg.GetList(); l != nil {
				g.schemas = strVals(l.Items)
			}
		}
	}
	for _, n := range gs.Grantees {
		g.roles = append(g.roles, roleName(n.GetRoleSpec()))
	}
	r.defGrants = append(r.defGrants, g)
}

func isOff(vs *pg_query.VariableSetStmt) bool {
	if vs.Kind != pg_query.VariableSetKind_VAR_SET_VALUE || len(vs.Args) == 0 {
		return false
	}
	c := vs.Args[0].GetAConst()
	if c == nil {
		return false
	}
	switch v := c.Val.(type) {
	case *pg_query.A_Const_Sval:
		switch strings.ToLower(v.Sval.Sval) {
		case "off", "false", "no", "0", "f", "n":
			return true
		}
	case *pg_query.A_Const_Boolval:
		return !v.Boolval.Boolval
	case *pg_query.A_Const_Ival:
		return v.Ival.Ival == 0
	}
	return false
}

// setStmt handles SET, and ALTER ROLE/DATABASE ... SET (role is true): a session-level value of
// a custom setting and row_security = off.
func (r *replayer) setStmt(vs *pg_query.VariableSetStmt, role bool) {
	if vs == nil {
		return
	}
	switch {
	case !role && (vs.Name == "role" || vs.Name == "session_authorization"):
		r.role = ""
		if v, ok := constArg(vs); ok && vs.Kind == pg_query.VariableSetKind_VAR_SET_VALUE && !strings.EqualFold(v, "none") {
			r.role = v
		}
	case vs.Name == "row_security":
		// pg_dump starts every dump with SET row_security = off for its own session; only a
		// migration's SET, or a role or database default, is a choice someone made.
		if isOff(vs) && (role || !r.dump) {
			r.event("row-security-off", "", "", r.stmtPos())
		}
	case !role && (vs.Kind == pg_query.VariableSetKind_VAR_RESET_ALL || vs.Name == "search_path" && (vs.Kind == pg_query.VariableSetKind_VAR_RESET || vs.Kind == pg_query.VariableSetKind_VAR_SET_DEFAULT)):
		r.schema = "public"
	case vs.Name == "search_path" && !role && vs.Kind == pg_query.VariableSetKind_VAR_SET_VALUE && len(vs.Args) > 0:
		if c := vs.Args[0].GetAConst(); c != nil {
			if s, ok := c.Val.(*pg_query.A_Const_Sval); ok && s.Sval.Sval != "" {
				r.schema = strings.TrimSpace(strings.Split(s.Sval.Sval, ",")[0])
			}
		}
	case strings.Contains(vs.Name, ".") && vs.Kind == pg_query.VariableSetKind_VAR_SET_VALUE && (!vs.IsLocal || role) && !setsEmpty(vs):
		detail := "SET " + vs.Name
		if role {
			detail = "ALTER ROLE/DATABASE ... SET " + vs.Name
		}
		r.event("session-setting", vs.Name, detail, r.stmtPos())
	}
}

// constArg returns the single string value of a SET.
func constArg(vs *pg_query.VariableSetStmt) (string, bool) {
	if len(vs.Args) != 1 {
		return "", false
	}
	return constString(vs.Args[0])
}

// setsEmpty reports whether a SET assigns the empty string: a session-level or role default
// that is empty means "no tenant" (the pattern that lets current_setting work without
// missing_ok), which no request can inherit a tenant from.
func setsEmpty(vs *pg_query.VariableSetStmt) bool {
	if len(vs.Args) != 1 {
		return false
	}
	v, ok := constString(vs.Args[0])
	return ok && v == ""
}

// scanCalls looks for set_config(name, value, false) calls in a statement or function body.
// locate says whether node locations are offsets of the current file (not of a separately
// parsed function body), so the finding can point at the call.
func (r *replayer) scanCalls(root any, p Pos, locate bool) {
	walk(root, func(m any) bool {
		if vs, ok := m.(*pg_query.VariableSetStmt); ok {
			switch {
			case vs.Name == "row_security" && isOff(vs):
				r.event("row-security-off", "", "", p)
			case strings.Contains(vs.Name, ".") && vs.Kind == pg_query.VariableSetKind_VAR_SET_VALUE && !vs.IsLocal && !setsEmpty(vs):
				r.event("session-setting", vs.Name, "SET "+vs.Name, p)
			}
			return true
		}
		fc, ok := m.(*pg_query.FuncCall)
		if !ok {
			return true
		}
		name := listName(fc.Funcname)
		if len(name) == 0 || name[len(name)-1] != "set_config" || len(fc.Args) != 3 {
			return true
		}
		setting, ok := constString(fc.Args[0])
		if !ok {
			return true
		}
		if v, ok := constString(fc.Args[1]); ok && v == "" {
			return true // clearing the tenant leaves nothing for the next request to inherit
		}
		if local, ok := constBool(fc.Args[2]); ok && !local {
			at := p
			if locate && fc.Location >= 0 {
				at = r.pos(fc.Location)
			}
			r.event("session-setting", setting, "set_config(..., false)", at)
		}
		return true
	})
}

func constString(n *pg_query.Node) (string, bool) {
	if tc := n.GetTypeCast(); tc != nil {
		n = tc.Arg
	}
	c := n.GetAConst()
	if c == nil {
		return "", false
	}
	if s, ok := c.Val.(*pg_query.A_Const_Sval); ok {
		return s.Sval.Sval, true
	}
	return "", false
}

func constBool(n *pg_query.Node) (bool, bool) {
	if tc := n.GetTypeCast(); tc != nil {
		n = tc.Arg
	}
	c := n.GetAConst()
	if c == nil {
		return false, false
	}
	switch v := c.Val.(type) {
	case *pg_query.A_Const_Boolval:
		return v.Boolval.Boolval, true
	case *pg_query.A_Const_Sval:
		switch strings.ToLower(v.Sval.Sval) {
		case "true", "t", "on", "yes", "1":
			return true, true
		case "false", "f", "off", "no", "0":
			return false, true
		}
	case *pg_query.A_Const_Ival:
		return v.Ival.Ival != 0, true
	}
	return false, false
}
