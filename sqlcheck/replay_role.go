package sqlcheck

import (
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// defGrant is an ALTER DEFAULT PRIVILEGES ... ON TABLES, applied to tables created later.
type defGrant struct {
	schemas []string
	roles   []string
	privs   []string
	grant   bool
	pos     Pos
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
