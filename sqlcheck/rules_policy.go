package sqlcheck

import (
	"fmt"
	"slices"
	"strings"
)

var commands = []string{"select", "insert", "update", "delete"}

// coverage is what the policies of a table give one role for one command, following
// PostgreSQL's rowsecurity.c: a permissive policy without a USING expression adds nothing to the
// rows a command sees, one without an effective WITH CHECK adds nothing to the rows it may write,
// and when nothing permissive remains the command is denied.
type coverage struct {
	covered     bool      // some permissive policy grants the command
	usingOK     bool      // reads are isolated
	checkOK     bool      // writes are isolated
	badUsing    []*Policy // permissive policies whose USING does not isolate
	badCheck    []*Policy // permissive policies whose effective WITH CHECK does not isolate
	noCheck     []*Policy // permissive policies with no expression for new rows
	restrictive []*Policy
}

// applies reports whether policy p governs cmd for role: the policy names the role, PUBLIC, or
// a role the role is (directly or through other groups) a member of. An empty role means any
// role.
func (s *Schema) applies(p *Policy, role, cmd string) bool {
	return s.appliesTo(p.Roles, role, p.Cmd, cmd)
}

func (s *Schema) appliesTo(roles []string, role, pcmd, cmd string) bool {
	if pcmd != "all" && pcmd != cmd {
		return false
	}
	if role == "" || slices.Contains(roles, "public") {
		return true
	}
	for _, r := range s.rolesOf(role) {
		if slices.Contains(roles, r) {
			return true
		}
	}
	return false
}

// rolesOf returns role and every role it is a member of, transitively.
func (s *Schema) rolesOf(role string) []string {
	out := []string{role}
	for i := 0; i < len(out); i++ {
		if r := s.Roles[out[i]]; r != nil {
			for _, g := range r.MemberOf {
				if !slices.Contains(out, g) {
					out = append(out, g)
				}
			}
		}
	}
	return out
}

// effectiveCheck is the expression PostgreSQL checks new rows against: WITH CHECK, else USING
// (which INSERT policies cannot have).
func effectiveCheck(p *Policy) *Pred {
	if p.Check != nil {
		return p.Check
	}
	return p.Using
}

func (s *Schema) isolating(t *Table, pr *Pred) bool {
	if pr == nil {
		return false
	}
	if pr.Own {
		return true
	}
	for _, col := range pr.Members {
		if col == t.TenantCol || t.TenantCol == "" && slices.Contains(s.TenantColumns, col) {
			return true
		}
	}
	for _, pair := range pr.Isolates {
		setting, _ := s.setting(pair)
		if (pair.Col == t.TenantCol || t.TenantCol == "" && slices.Contains(s.TenantColumns, pair.Col)) && strings.EqualFold(setting, s.TenantSetting) {
			return true
		}
	}
	return false
}

// replacedFunc returns the function whose later CREATE OR REPLACE (or DROP, then f is nil and
// name is set) changed what an isolating comparison of pr compares with.
func (s *Schema) replacedFunc(pr *Pred) (name string, f *Function) {
	if pr == nil {
		return "", nil
	}
	for _, pair := range pr.Isolates {
		if pair.Func == "" {
			continue
		}
		if setting, fn := s.setting(pair); !strings.EqualFold(setting, pair.Setting) {
			return pair.Func, fn
		}
	}
	return "", nil
}

func (s *Schema) coverage(t *Table, role, cmd string) coverage {
	var cv coverage
	reads := cmd != "insert"
	writes := cmd == "insert" || cmd == "update"
	restrictUsing, restrictCheck := false, false
	grantsRead, grantsWrite := false, false
	for _, p := range t.Policies {
		if !s.applies(p, role, cmd) {
			continue
		}
		if !p.Permissive {
			cv.restrictive = append(cv.restrictive, p)
			restrictUsing = restrictUsing || s.isolating(t, p.Using)
			restrictCheck = restrictCheck || s.isolating(t, effectiveCheck(p))
			continue
		}
		if reads && p.Using != nil {
			grantsRead = true
			if !s.isolating(t, p.Using) {
				cv.badUsing = append(cv.badUsing, p)
			}
		}
		if writes {
			if ec := effectiveCheck(p); ec == nil {
				cv.noCheck = append(cv.noCheck, p)
			} else {
				grantsWrite = true
				if !s.isolating(t, ec) {
					cv.badCheck = append(cv.badCheck, p)
				}
			}
		}
	}
	switch cmd {
	case "insert":
		cv.covered = grantsWrite
	case "update":
		cv.covered = grantsRead && grantsWrite
	default:
		cv.covered = grantsRead
	}
	cv.usingOK = grantsRead && (restrictUsing || len(cv.badUsing) == 0)
	cv.checkOK = grantsWrite && (restrictCheck || len(cv.badCheck) == 0)
	return cv
}

// why explains why a predicate does not isolate.
func (s *Schema) why(t *Table, pr *Pred, clause string) string {
	col := cmpOr(t.TenantCol, s.TenantColumns[0])
	if pr != nil && pr.Membership && len(pr.Isolates) == 0 {
		switch {
		case pr.Escapes:
			return "an OR in " + clause + " lets rows through without the membership test of the current user"
		case len(pr.Members) > 0:
			return clause + " checks the current user's membership on " + pr.Members[0] + ", not on the tenant column " + col
		case pr.MemberWhy != "":
			return clause + " checks membership, but " + pr.MemberWhy
		}
	}
	switch {
	case pr == nil:
		return "it has no " + clause + " expression"
	case pr.AlwaysTrue:
		return clause + " (" + cmpOr(pr.Text, "true") + ") lets every tenant's rows through"
	case pr.Escapes:
		return "an OR in " + clause + " lets rows through without the " + col + " comparison"
	case pr.IsNull != "":
		return clause + " accepts " + pr.IsNull + " IS NULL, so rows without a tenant are visible to all"
	case pr.Coalesce:
		return "coalesce() in " + clause + " falls back to another value when " + s.TenantSetting + " is unset"
	case len(pr.Isolates) > 0:
		return fmt.Sprintf("%s compares %s with current_setting('%s'), not %s with current_setting('%s')", clause, pr.Isolates[0].Col, pr.Isolates[0].Setting, col, s.TenantSetting)
	}
	return clause + " does not require " + col + " = current_setting('" + s.TenantSetting + "')"
}

func (s *Schema) fix(t *Table) string {
	return fmt.Sprintf("require %s = current_setting('%s', true)::uuid as a top-level AND condition", quoteIdent(cmpOr(t.TenantCol, s.TenantColumns[0])), s.TenantSetting)
}

// policyRules checks, for each tenant table with RLS enabled, that every command is covered for
// the application role and that every permissive policy isolates tenants.
func (c *checker) policyRules() {
	s := c.s
	role := c.set.AppRole
	roleDesc := "any role"
	if role != "" {
		roleDesc = "role " + role
	}
	for _, t := range s.sortedTables() {
		if !t.Tenant || !t.RLS {
			continue
		}
		child := false
		if parent := s.Tables[t.Parent]; parent != nil && parent.Tenant {
			child = true
		}
		reported := map[findingKey]bool{}
		var uncovered []string
		for _, cmd := range commands {
			cv := s.coverage(t, role, cmd)
			for _, p := range cv.noCheck {
				k := findingKey{p, "nocheck"}
				if !reported[k] {
					reported[k] = true
					c.report(ruleNoCheck, p.Pos, "policy %s on %s has no WITH CHECK, so it allows no %s and its intent is unclear: add WITH CHECK (%s = current_setting('%s', true)::uuid)",
						p.Name, t.Name, strings.ToUpper(cmd), quoteIdent(cmpOr(t.TenantCol, s.TenantColumns[0])), s.TenantSetting)
				}
			}
			if !cv.covered {
				if d := droppedCovering(s, t, role, cmd); d != nil {
					k := findingKey{d.Policy, "drop"}
					if !reported[k] {
						reported[k] = true
						c.report(ruleWeakened, d.Pos, "DROP POLICY %s leaves %s on %s without a policy for %s", d.Policy.Name, strings.ToUpper(cmd), t.Name, roleDesc)
					}
				} else if p := reroled(s, t, role, cmd); p != nil {
					k := findingKey{p, "roles"}
					if !reported[k] {
						reported[k] = true
						c.report(ruleWeakened, p.Pos, "ALTER POLICY %s ... TO %s leaves %s on %s without a policy for %s", p.Name, strings.Join(p.Roles, ", "), strings.ToUpper(cmd), t.Name, roleDesc)
					}
				} else if !child {
					uncovered = append(uncovered, strings.ToUpper(cmd))
				}
			}
			if cmd != "insert" && len(cv.badUsing) > 0 && !cv.usingOK {
				if d := droppedRestrictive(s, t, role, cmd); d != nil {
					k := findingKey{d.Policy, "drop"}
					if !reported[k] {
						reported[k] = true
						c.report(ruleWeakened, d.Pos, "DROP POLICY %s removes the restrictive tenant policy of %s: its permissive policies no longer isolate tenants", d.Policy.Name, t.Name)
					}
				} else {
					for _, p := range cv.badUsing {
						c.policyFinding(t, p, "USING", reported)
					}
				}
			}
			if (cmd == "insert" || cmd == "update") && len(cv.badCheck) > 0 && !cv.checkOK {
				for _, p := range cv.badCheck {
					clause := "WITH CHECK"
					if p.Check == nil {
						clause = "USING"
					}
					c.policyFinding(t, p, clause, reported)
				}
			}
		}
		if len(uncovered) > 0 {
			hint, misplaced := c.misplacedPolicy(t)
			c.report(ruleUncovered, t.Pos, "no permissive policy on %s gives %s %s: add a tenant policy FOR ALL (or one per command)%s", t.Name, roleDesc, strings.Join(uncovered, ", "), hint)
			if misplaced != nil {
				c.related(place(misplaced.Pos, "policy %s, named after %s", misplaced.Name, t.Name))
			}
		}
	}
}

// misplacedPolicy returns a hint for a table without policies when a policy named after it
// (notes_isolation for notes) sits on another table: a copied CREATE POLICY whose ON was not
// changed leaves the table it was written for closed, or open once the app works around it.
func (c *checker) misplacedPolicy(t *Table) (string, *Policy) {
	if len(t.Policies) > 0 {
		return "", nil
	}
	short := strings.ToLower(shortName(t.Name))
	for _, o := range c.s.sortedTables() {
		if o == t {
			continue
		}
		for _, p := range o.Policies {
			name := strings.ToLower(p.Name)
			if name == short || strings.HasPrefix(name, short+"_") && !c.namedAfter(name, o, short) {
				return fmt.Sprintf("; policy %s is on %s: wrong table?", p.Name, o.Name), p
			}
		}
	}
	return "", nil
}

// namedAfter reports whether policy name fits table o at least as well as the table named short
// (project_notes_iso on project_notes, for table project): then it is not misplaced.
func (c *checker) namedAfter(name string, o *Table, short string) bool {
	own := strings.ToLower(shortName(o.Name))
	return len(own) >= len(short) && (name == own || strings.HasPrefix(name, own+"_"))
}

// findingKey identifies one policy finding, so a policy is reported once per clause.
type findingKey struct {
	p      *Policy
	clause string
}

func (c *checker) policyFinding(t *Table, p *Policy, clause string, reported map[findingKey]bool) {
	k := findingKey{p, clause}
	if reported[k] {
		return
	}
	reported[k] = true
	pr := p.Using
	if clause == "WITH CHECK" {
		pr = p.Check
	}
	if name, f := c.s.replacedFunc(pr); name != "" {
		if f != nil {
			c.report(ruleWeakened, f.Pos, "CREATE OR REPLACE FUNCTION %s changes policy %s on %s: it no longer returns current_setting('%s'), so the policy stops isolating tenants; %s", name, p.Name, t.Name, c.s.TenantSetting, c.s.fix(t))
		} else {
			c.report(ruleWeakened, p.Pos, "policy %s on %s compares %s with %s(), which a later migration dropped: the policy stops isolating tenants; %s", p.Name, t.Name, cmpOr(t.TenantCol, c.s.TenantColumns[0]), name, c.s.fix(t))
		}
		return
	}
	fix := c.s.fix(t)
	if pr != nil && pr.Membership && len(pr.Isolates) == 0 {
		col := quoteIdent(cmpOr(t.TenantCol, c.s.TenantColumns[0]))
		fix = fmt.Sprintf("require %s IN (SELECT %s FROM <memberships> WHERE user_id = (SELECT auth.uid())) as a top-level AND condition", col, col)
	}
	if p.Altered {
		c.report(ruleWeakened, p.Pos, "ALTER POLICY %s on %s stops isolating tenants: %s; %s", p.Name, t.Name, c.s.why(t, pr, clause), fix)
		return
	}
	c.report(rulePolicyLeaks, p.Pos, "policy %s on %s does not isolate tenants: %s; %s", p.Name, t.Name, c.s.why(t, pr, clause), fix)
}

func droppedCovering(s *Schema, t *Table, role, cmd string) *DroppedPolicy {
	for i := len(t.Dropped) - 1; i >= 0; i-- {
		if d := t.Dropped[i]; d.Policy.Permissive && s.applies(d.Policy, role, cmd) && (d.Policy.Using != nil || d.Policy.Check != nil) {
			return d
		}
	}
	return nil
}

// reroled returns a permissive policy that governed cmd for role until an ALTER POLICY ... TO
// gave it to other roles.
func reroled(s *Schema, t *Table, role, cmd string) *Policy {
	for _, p := range t.Policies {
		if p.Permissive && p.OldRoles != nil && s.appliesTo(p.OldRoles, role, p.Cmd, cmd) && (p.Using != nil || p.Check != nil) {
			return p
		}
	}
	return nil
}

func droppedRestrictive(s *Schema, t *Table, role, cmd string) *DroppedPolicy {
	for i := len(t.Dropped) - 1; i >= 0; i-- {
		if d := t.Dropped[i]; !d.Policy.Permissive && s.applies(d.Policy, role, cmd) && s.isolating(t, d.Policy.Using) {
			return d
		}
	}
	return nil
}
