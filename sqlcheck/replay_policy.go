package sqlcheck

import (
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

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
