package sqlcheck

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

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
