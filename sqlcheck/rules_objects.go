package sqlcheck

import (
	"slices"
	"strings"
)

// objectRules checks views, functions, roles, the events recorded during replay and inference.
func (c *checker) objectRules() {
	s := c.s
	names := func(m map[string]bool) string {
		var out []string
		for k := range m {
			out = append(out, k)
		}
		slices.Sort(out)
		return strings.Join(out, ", ")
	}
	viewNames := make([]string, 0, len(s.Views))
	for n := range s.Views {
		viewNames = append(viewNames, n)
	}
	slices.Sort(viewNames)
	memo := map[string]map[string]bool{}
	for _, n := range viewNames {
		v := s.Views[n]
		tt := s.tenantRefs(v.Refs, memo, map[string]bool{n: true})
		if len(tt) == 0 {
			continue
		}
		switch {
		case v.Materialized:
			c.report(ruleMatView, v.Pos, "materialized view %s copies tenant tables %s without row level security: every reader sees all tenants; use a view WITH (security_invoker = true) or a tenant-scoped table with RLS", v.Name, names(tt))
		case !v.SecurityInvoker && v.ResetPos != nil:
			c.report(ruleViewDefiner, *v.ResetPos, "this ALTER VIEW turns security_invoker off for %s over tenant tables %s: the view runs as its owner and bypasses their policies", v.Name, names(tt))
		case !v.SecurityInvoker:
			c.report(ruleViewDefiner, v.Pos, "view %s over tenant tables %s runs with its owner's rights and bypasses their policies: create it WITH (security_invoker = true)", v.Name, names(tt))
		}
	}
	fnNames := make([]string, 0, len(s.Functions))
	for n := range s.Functions {
		fnNames = append(fnNames, n)
	}
	slices.Sort(fnNames)
	for _, n := range fnNames {
		f := s.Functions[n]
		if !f.SecurityDefiner {
			continue
		}
		// A membership helper (has_role_on_account(), the user's account ids) reads only the
		// signed-in user's own membership rows, with a pinned search_path: that is its purpose
		// (policies calling it must not recurse into the membership table's own policies).
		if tt := s.tenantRefs(f.Refs, memo, map[string]bool{}); len(tt) > 0 && !f.User && !f.MemberSet && f.MemberArg == 0 {
			c.report(ruleDefinerTenant, f.Pos, "SECURITY DEFINER function %s reads or writes tenant tables %s with its owner's rights, bypassing row level security: make it SECURITY INVOKER", f.Name, names(tt))
		}
		if !f.SearchPath {
			c.report(ruleDefinerPath, f.Pos, "SECURITY DEFINER function %s has no pinned search_path: a caller can shadow the tables it uses; add SET search_path = pg_catalog, public", f.Name)
		}
	}
	roleNames := make([]string, 0, len(s.Roles))
	for n := range s.Roles {
		roleNames = append(roleNames, n)
	}
	slices.Sort(roleNames)
	for _, n := range roleNames {
		r := s.Roles[n]
		switch {
		case r.Superuser:
			c.report(ruleBypassRole, r.Pos, "role %s is SUPERUSER and bypasses row level security: use an ordinary role (NOSUPERUSER)", r.Name)
		case r.BypassRLS:
			c.report(ruleBypassRole, r.Pos, "role %s has BYPASSRLS and sees every tenant's rows: remove BYPASSRLS; use audited impersonation for support access", r.Name)
		}
	}
	for _, e := range s.Events {
		switch e.Kind {
		case "session-setting":
			if strings.EqualFold(e.Setting, s.TenantSetting) || strings.EqualFold(e.Setting, c.set.TenantSetting) {
				c.report(ruleSessionSetting, e.Pos, "%s sets %s for the whole session: on a pooled connection the next request inherits this tenant; use set_config('%s', $1, true) or SET LOCAL", e.Detail, e.Setting, e.Setting)
			}
		case "row-security-off":
			c.report(ruleRowSecurityOff, e.Pos, "row_security = off makes queries fail instead of being filtered, and for privileged roles skips the policies: remove it")
		case "unanalysed":
			c.report(ruleUnanalysed, e.Pos, "%s cannot be analysed: tables, policies and grants it changes are not checked; move the statements out of it or review them by hand", e.Detail)
		case "unanalysed-body":
			var tenant []string
			for _, name := range e.Tables {
				if t := s.Tables[name]; t != nil && t.Tenant {
					tenant = append(tenant, t.Name)
				}
			}
			if len(tenant) > 0 {
				c.report(ruleUnanalysed, e.Pos, "%s cannot be analysed and may touch tenant tables %s: what it reads and writes there is not checked; review it by hand", e.Detail, strings.Join(tenant, ", "))
			}
		}
	}
	if inf := s.Inferred; inf != nil {
		c.report(ruleInferred, inf.Pos, "policies consistently compare %s with current_setting('%s'): checking against those; set tenant_columns and tenant_setting to confirm", inf.Col, inf.Setting)
	}
}

// tenantRefs returns the tenant tables reachable from refs, through views.
func (s *Schema) tenantRefs(refs []string, memo map[string]map[string]bool, visiting map[string]bool) map[string]bool {
	out := map[string]bool{}
	for _, ref := range refs {
		if t := s.Tables[ref]; t != nil {
			if t.Tenant {
				out[t.Name] = true
			}
			continue
		}
		v := s.Views[ref]
		if v == nil || visiting[ref] {
			continue
		}
		sub, ok := memo[ref]
		if !ok {
			visiting[ref] = true
			sub = s.tenantRefs(v.Refs, memo, visiting)
			delete(visiting, ref)
			memo[ref] = sub
		}
		for k := range sub {
			out[k] = true
		}
	}
	return out
}
