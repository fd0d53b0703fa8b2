package sqlcheck

import (
	"slices"
	"strings"
	"testing"

	"github.com/tenantvet/tenantvet/internal/config"
)

// members is a membership table for the cases below (lines 6 and 7 after base).
const members = "-- tenantvet:global -- memberships are read by user\nCREATE TABLE members (user_id uuid NOT NULL, tenant_id uuid NOT NULL, role text);\n"

func TestMembershipPolicies(t *testing.T) {
	policy := func(using string) string {
		return base + members + "CREATE POLICY m ON notes FOR SELECT USING (" + using + ");\n"
	}
	tests := []struct {
		name string
		sql  string
		set  func(*config.Settings)
		want string // "" when the policy isolates, else a part of the TV5007 message
	}{
		{name: "in sub-select by auth.uid()", sql: policy("tenant_id IN (SELECT tenant_id FROM members WHERE user_id = auth.uid())")},
		{name: "in sub-select by (select auth.uid())", sql: policy("tenant_id IN (SELECT m.tenant_id FROM members m WHERE (SELECT auth.uid()) = m.user_id AND m.role <> 'banned')")},
		{name: "in sub-select by current_user", sql: policy("tenant_id IN (SELECT tenant_id FROM members WHERE role = 'x' AND user_id::text = current_user)")},
		{name: "in sub-select by jwt sub", sql: policy("tenant_id IN (SELECT tenant_id FROM members WHERE user_id = (auth.jwt() ->> 'sub')::uuid)")},
		{name: "in sub-select by jwt claims setting", sql: policy("tenant_id IN (SELECT tenant_id FROM members WHERE user_id = (current_setting('request.jwt.claims', true)::json ->> 'sub')::uuid)")},
		{name: "in sub-select by the configured user setting", sql: policy("tenant_id IN (SELECT tenant_id FROM members WHERE user_id = current_setting('app.user_id', true)::uuid)"), set: func(s *config.Settings) { s.UserSetting = "app.user_id" }},
		{name: "user setting not configured", sql: policy("tenant_id IN (SELECT tenant_id FROM members WHERE user_id = current_setting('app.user_id', true)::uuid)"), want: "is not limited to the current user"},
		{name: "sub-select not limited to the user", sql: policy("tenant_id IN (SELECT tenant_id FROM members)"), want: "its sub-select on members is not limited to the current user"},
		{name: "user only inside an or", sql: policy("tenant_id IN (SELECT tenant_id FROM members WHERE user_id = auth.uid() OR role = 'admin')"), want: "is not limited to the current user"},
		{name: "membership on another column", sql: policy("project_id IN (SELECT tenant_id FROM members WHERE user_id = auth.uid())"), want: "membership on project_id, not on the tenant column tenant_id"},
		{name: "or escapes the membership", sql: policy("tenant_id IN (SELECT tenant_id FROM members WHERE user_id = auth.uid()) OR body = 'public'"), want: "an OR in USING lets rows through without the membership test"},
		{name: "own rows", sql: policy("(SELECT auth.uid()) = project_id")},
		{name: "exists qualified with the table", sql: policy("EXISTS (SELECT 1 FROM members m WHERE m.tenant_id = notes.tenant_id AND m.user_id = auth.uid())")},
		{name: "exists unqualified compares the member column with itself", sql: policy("EXISTS (SELECT 1 FROM members m WHERE m.tenant_id = tenant_id AND m.user_id = auth.uid())"), want: "does not compare the row's tenant column"},
		{name: "any of a helper", sql: base + members + "CREATE FUNCTION my_tenants() RETURNS uuid[] LANGUAGE sql STABLE AS $$ SELECT array_agg(tenant_id) FROM members WHERE user_id = auth.uid() $$;\nCREATE POLICY m ON notes FOR SELECT USING (tenant_id = ANY (my_tenants()));\n"},
		{name: "any of a helper of all tenants", sql: base + members + "CREATE FUNCTION my_tenants() RETURNS uuid[] LANGUAGE sql STABLE AS $$ SELECT array_agg(tenant_id) FROM members $$;\nCREATE POLICY m ON notes FOR SELECT USING (tenant_id = ANY (my_tenants()));\n", want: "my_tenants() does not return memberships of the current user"},
		{name: "boolean helper by parameter name", sql: base + members + "CREATE FUNCTION is_member(tid uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$ SELECT EXISTS (SELECT 1 FROM members WHERE user_id = auth.uid() AND tenant_id = tid) $$;\nCREATE POLICY m ON notes FOR SELECT USING (is_member(tenant_id));\n"},
		{name: "boolean helper by $1", sql: base + members + "CREATE FUNCTION is_member(uuid) RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT EXISTS (SELECT 1 FROM members WHERE user_id = auth.uid() AND tenant_id = $1) $$;\nCREATE POLICY m ON notes FOR SELECT USING (is_member(tenant_id) IS TRUE);\n"},
		{name: "boolean helper given another column", sql: base + members + "CREATE FUNCTION is_member(uuid) RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT EXISTS (SELECT 1 FROM members WHERE user_id = auth.uid() AND tenant_id = $1) $$;\nCREATE POLICY m ON notes FOR SELECT USING (is_member(project_id));\n", want: "membership on project_id"},
		{name: "boolean helper that ignores the user", sql: base + members + "CREATE FUNCTION is_member(uuid) RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT EXISTS (SELECT 1 FROM members WHERE tenant_id = $1) $$;\nCREATE POLICY m ON notes FOR SELECT USING (is_member(tenant_id));\n", want: "is_member() is not shown to check the current user's membership"},
		{name: "definer helper without a pinned search path", sql: base + members + "CREATE FUNCTION is_member(uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER AS $$ SELECT EXISTS (SELECT 1 FROM members WHERE user_id = auth.uid() AND tenant_id = $1) $$;\nCREATE POLICY m ON notes FOR SELECT USING (is_member(tenant_id));\n", want: "SECURITY DEFINER with a pinned search_path"},
		{name: "tenant claim in the jwt", sql: policy("tenant_id = ((SELECT auth.jwt()) -> 'app_metadata' ->> 'tenant_id')::uuid")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			set := config.Default()
			if tc.set != nil {
				tc.set(set)
			}
			got := ofRule(checkFindings(t, tc.sql, set), "TV5007")
			if tc.want == "" {
				if len(got) != 0 {
					t.Errorf("TV5007 %q, want none", got)
				}
				return
			}
			if len(got) != 1 || !strings.Contains(got[0], tc.want) || !strings.Contains(got[0], "membership") || strings.Contains(got[0], "current_setting('app.tenant_id'") {
				t.Errorf("TV5007 %q, want one about membership containing %q", got, tc.want)
			}
		})
	}
}

// TestMembershipHelperIsNotADefinerLeak: a SECURITY DEFINER membership helper with a pinned
// search_path reads only the signed-in user's rows; a definer function reading a tenant table
// otherwise is still TV5015.
func TestMembershipHelperIsNotADefinerLeak(t *testing.T) {
	tenantMembers := base + "CREATE TABLE members (user_id uuid NOT NULL, tenant_id uuid NOT NULL REFERENCES tenants (id), PRIMARY KEY (tenant_id, user_id));\nALTER TABLE members ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\nCREATE POLICY own ON members USING (user_id = auth.uid());\n"
	helper := "CREATE FUNCTION is_member(uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$ SELECT EXISTS (SELECT 1 FROM members WHERE user_id = auth.uid() AND tenant_id = $1) $$;\n"
	if got := ofRule(checkFindings(t, tenantMembers+helper, config.Default()), "TV5015"); len(got) != 0 {
		t.Errorf("membership helper: TV5015 %q", got)
	}
	counter := "CREATE FUNCTION n() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$ SELECT count(*) FROM members $$;\n"
	if got := ofRule(checkFindings(t, tenantMembers+counter, config.Default()), "TV5015"); !slices.Equal(got, []string{"9:1 SECURITY DEFINER function public.n reads or writes tenant tables public.members with its owner's rights, bypassing row level security: make it SECURITY INVOKER"}) {
		t.Errorf("definer counter: TV5015 %q", got)
	}
}

// TestPLpgSQLMembershipHelpers: LANGUAGE plpgsql helpers are read like SQL ones, through what
// their bodies return.
func TestPLpgSQLMembershipHelpers(t *testing.T) {
	boolHelper := func(opts, body string) string {
		return base + members + "CREATE FUNCTION is_member(p_tenant uuid) RETURNS boolean LANGUAGE plpgsql STABLE " + opts + " AS $$\n" + body + "\n$$;\nCREATE POLICY m ON notes FOR SELECT USING (is_member(tenant_id));\n"
	}
	setHelper := func(ret, body, using string) string {
		return base + members + "CREATE FUNCTION my_tenants() RETURNS " + ret + " LANGUAGE plpgsql STABLE AS $$\n" + body + "\n$$;\nCREATE POLICY m ON notes FOR SELECT USING (" + using + ");\n"
	}
	const exists = "EXISTS (SELECT 1 FROM members WHERE user_id = auth.uid() AND tenant_id = p_tenant)"
	const notShown = "is_member() is not shown to check the current user's membership"
	tests := []struct {
		name string
		sql  string
		want string // "" when the policy isolates, else a part of the TV5007 message
	}{
		{name: "return exists", sql: boolHelper("", "BEGIN RETURN "+exists+"; END")},
		{name: "return exists by $1", sql: boolHelper("", "BEGIN RETURN EXISTS (SELECT 1 FROM members m WHERE m.user_id = (SELECT auth.uid()) AND m.tenant_id = $1); END")},
		{name: "if exists then true else false", sql: boolHelper("", "BEGIN\n  IF "+exists+" THEN\n    RETURN true;\n  END IF;\n  RETURN false;\nEND")},
		{name: "if not exists then false", sql: boolHelper("", "BEGIN\n  IF NOT "+exists+" THEN\n    RETURN false;\n  END IF;\n  RETURN true;\nEND")},
		{name: "if not exists then raise", sql: boolHelper("", "BEGIN\n  IF NOT "+exists+" THEN\n    RAISE EXCEPTION 'not a member';\n  END IF;\n  RETURN true;\nEND")},
		{name: "select exists into a variable", sql: boolHelper("", "DECLARE ok boolean;\nBEGIN\n  SELECT "+exists+" INTO ok;\n  RETURN ok;\nEND")},
		{name: "definer with a pinned search path", sql: boolHelper("SECURITY DEFINER SET search_path = public", "BEGIN RETURN "+exists+"; END")},
		{name: "return query of the user's tenants", sql: setHelper("SETOF uuid", "BEGIN\n  RETURN QUERY SELECT tenant_id FROM members WHERE user_id = auth.uid();\nEND", "tenant_id IN (SELECT my_tenants())")},
		{name: "array_agg into a variable", sql: setHelper("uuid[]", "DECLARE orgs uuid[];\nBEGIN\n  SELECT array_agg(tenant_id) INTO orgs FROM members WHERE user_id = auth.uid();\n  RETURN orgs;\nEND", "tenant_id = ANY (my_tenants())")},
		{name: "assigned array", sql: setHelper("uuid[]", "DECLARE orgs uuid[];\nBEGIN\n  orgs := ARRAY(SELECT tenant_id FROM members WHERE user_id = auth.uid());\n  RETURN orgs;\nEND", "tenant_id = ANY (my_tenants())")},
		{name: "perform then return found", sql: boolHelper("", "BEGIN\n  PERFORM 1 FROM members WHERE user_id = auth.uid() AND tenant_id = p_tenant;\n  RETURN FOUND;\nEND")},
		{name: "perform then if not found return false", sql: boolHelper("", "BEGIN\n  PERFORM FROM members m WHERE m.user_id = auth.uid() AND m.tenant_id = p_tenant;\n  IF NOT FOUND THEN\n    RETURN false;\n  END IF;\n  RETURN true;\nEND")},
		{name: "select into then if found", sql: boolHelper("", "DECLARE r uuid;\nBEGIN\n  SELECT user_id INTO r FROM members WHERE user_id = auth.uid() AND tenant_id = p_tenant;\n  IF FOUND THEN\n    RETURN true;\n  END IF;\n  RETURN false;\nEND")},
		{name: "current user helper", sql: base + members + "CREATE FUNCTION me() RETURNS uuid LANGUAGE plpgsql STABLE AS $$ BEGIN RETURN auth.uid(); END $$;\nCREATE POLICY m ON notes FOR SELECT USING (tenant_id IN (SELECT tenant_id FROM members WHERE user_id = me()));\n"},

		{name: "found of an aggregate is always true", sql: boolHelper("", "BEGIN\n  PERFORM count(*) FROM members WHERE user_id = auth.uid() AND tenant_id = p_tenant;\n  RETURN FOUND;\nEND"), want: notShown},
		{name: "found of a query not limited to the user", sql: boolHelper("", "BEGIN\n  PERFORM 1 FROM members WHERE tenant_id = p_tenant;\n  RETURN FOUND;\nEND"), want: notShown},
		{name: "found after a later query", sql: boolHelper("", "BEGIN\n  PERFORM 1 FROM members WHERE user_id = auth.uid() AND tenant_id = p_tenant;\n  PERFORM 1 FROM tenants WHERE id = p_tenant;\n  RETURN FOUND;\nEND"), want: notShown},
		{name: "found set in one branch only", sql: boolHelper("", "BEGIN\n  PERFORM 1 FROM members WHERE user_id = auth.uid() AND tenant_id = p_tenant;\n  IF p_tenant IS NULL THEN\n    PERFORM 1 FROM tenants;\n  END IF;\n  RETURN FOUND;\nEND"), want: notShown},
		{name: "membership query not limited to the user", sql: boolHelper("", "BEGIN RETURN EXISTS (SELECT 1 FROM members WHERE tenant_id = p_tenant); END"), want: notShown},
		{name: "user only inside an or", sql: boolHelper("", "BEGIN RETURN EXISTS (SELECT 1 FROM members WHERE user_id = auth.uid() OR tenant_id = p_tenant); END"), want: notShown},
		{name: "true on another branch unconditionally", sql: boolHelper("", "BEGIN\n  IF p_tenant IS NOT NULL THEN\n    RETURN true;\n  END IF;\n  RETURN true;\nEND"), want: notShown},
		{name: "true after the membership branch", sql: boolHelper("", "BEGIN\n  IF "+exists+" THEN\n    RETURN true;\n  END IF;\n  RETURN true;\nEND"), want: notShown},
		{name: "true in the else branch", sql: boolHelper("", "BEGIN\n  IF "+exists+" THEN\n    RETURN true;\n  ELSE\n    RETURN p_tenant IS NOT NULL;\n  END IF;\nEND"), want: notShown},
		{name: "not exists only raises a notice", sql: boolHelper("", "BEGIN\n  IF NOT "+exists+" THEN\n    RAISE NOTICE 'not a member';\n  END IF;\n  RETURN true;\nEND"), want: notShown},
		{name: "parameter reassigned", sql: boolHelper("", "BEGIN\n  p_tenant := (SELECT tenant_id FROM members LIMIT 1);\n  RETURN "+exists+";\nEND"), want: notShown},
		{name: "variable also assigned true", sql: boolHelper("", "DECLARE ok boolean := true;\nBEGIN\n  IF p_tenant IS NULL THEN\n    SELECT "+exists+" INTO ok;\n  END IF;\n  RETURN ok;\nEND"), want: notShown},
		{name: "body that writes", sql: boolHelper("", "BEGIN\n  INSERT INTO members (user_id, tenant_id) VALUES (auth.uid(), p_tenant);\n  RETURN "+exists+";\nEND"), want: notShown},
		{name: "definer without a pinned search path", sql: boolHelper("SECURITY DEFINER", "BEGIN RETURN "+exists+"; END"), want: "SECURITY DEFINER with a pinned search_path"},
		{name: "return query of every tenant", sql: setHelper("SETOF uuid", "BEGIN\n  RETURN QUERY SELECT tenant_id FROM members;\nEND", "tenant_id IN (SELECT my_tenants())"), want: "my_tenants() does not return memberships of the current user"},
		{name: "return query of the user's tenants and more", sql: setHelper("SETOF uuid", "BEGIN\n  RETURN QUERY SELECT tenant_id FROM members WHERE user_id = auth.uid();\n  RETURN QUERY SELECT id FROM tenants;\nEND", "tenant_id IN (SELECT my_tenants())"), want: "my_tenants() does not return memberships of the current user"},
		{name: "array of every tenant", sql: setHelper("uuid[]", "DECLARE orgs uuid[];\nBEGIN\n  SELECT array_agg(tenant_id) INTO orgs FROM members;\n  RETURN orgs;\nEND", "tenant_id = ANY (my_tenants())"), want: "my_tenants() does not return memberships of the current user"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ofRule(checkFindings(t, tc.sql, config.Default()), "TV5007")
			if tc.want == "" {
				if len(got) != 0 {
					t.Errorf("TV5007 %q, want none", got)
				}
				return
			}
			if len(got) != 1 || !strings.Contains(got[0], tc.want) || !strings.Contains(got[0], "membership") {
				t.Errorf("TV5007 %q, want one about membership containing %q", got, tc.want)
			}
		})
	}
}

// TestPLpgSQLMembershipHelperIsNotADefinerLeak: a PL/pgSQL SECURITY DEFINER membership helper
// with a pinned search_path is no TV5015; without the pin it is.
func TestPLpgSQLMembershipHelperIsNotADefinerLeak(t *testing.T) {
	tenantMembers := base + "CREATE TABLE members (user_id uuid NOT NULL, tenant_id uuid NOT NULL REFERENCES tenants (id), PRIMARY KEY (tenant_id, user_id));\nALTER TABLE members ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\nCREATE POLICY own ON members USING (user_id = auth.uid());\n"
	helper := func(opts string) string {
		return "CREATE FUNCTION is_member(p uuid) RETURNS boolean LANGUAGE plpgsql STABLE SECURITY DEFINER " + opts + " AS $$ BEGIN IF EXISTS (SELECT 1 FROM members WHERE user_id = auth.uid() AND tenant_id = p) THEN RETURN true; END IF; RETURN false; END $$;\n"
	}
	if got := ofRule(checkFindings(t, tenantMembers+helper("SET search_path = public"), config.Default()), "TV5015"); len(got) != 0 {
		t.Errorf("pinned membership helper: TV5015 %q", got)
	}
	if got := ofRule(checkFindings(t, tenantMembers+helper(""), config.Default()), "TV5015"); len(got) != 1 || !strings.Contains(got[0], "public.is_member") {
		t.Errorf("unpinned membership helper: TV5015 %q, want one", got)
	}
}
