package sqlcheck

import (
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

// replayer applies statements to a schema.
type replayer struct {
	s         *Schema
	src       *source
	base      int // offset of the parsed text in the file
	rawOff    int // start of the raw statement (including leading comments)
	stmtOff   int // first token of the statement
	stmtLen   int
	schema    string // first schema of the search path
	defGrants []defGrant
	indexes   map[string]*Table    // index name -> table
	globals   []*sqlDirective      // tenantvet:global directives of the current file
	dump      bool                 // the current file is a schema dump (pg_dump, structure.sql)
	inBody    bool                 // replaying statements of a DO block: locations are not file offsets
	viaFunc   string               // the function the last settingExpr match went through
	role      string               // the role of SET ROLE or SET SESSION AUTHORIZATION in this file
	at        *Pos                 // where findings of the statement being replayed point (one EXECUTE runs)
	text      *string              // the text of that statement, when it is not the file's
	plDepth   int                  // DO blocks being evaluated, one inside another's EXECUTE
	plSteps   int                  // work done evaluating the current top-level DO block or function
	plFuncs   map[string]*plStored // PL/pgSQL functions, run when a migration calls them
	plNotes   map[string][]*Event  // TV5023 notes on a function's EXECUTEs, dropped once a migration calls it
	errs      []error
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
	if r.at != nil {
		return *r.at
	}
	off := r.base + int(loc) // each statement is parsed alone: locations count from its text
	if loc < 0 || off < r.rawOff || r.inBody {
		off = r.stmtOff
	}
	return r.src.index.pos(off, r.stmtOff)
}

func (r *replayer) stmtPos() Pos {
	if r.at != nil {
		return *r.at
	}
	return r.src.index.pos(r.stmtOff, r.stmtOff)
}

func (r *replayer) stmtText() string {
	if r.text != nil {
		return *r.text
	}
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
		r.runCalls(n)
	case *pg_query.Node_CallStmt:
		r.runCalls(n)
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
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
