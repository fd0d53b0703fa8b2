package sqlcheck

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tenantvet/tenantvet/internal/config"
)

// supabaseSettings are those of a basejump project: accounts are the tenants and Supabase's
// authenticated role runs the queries.
func supabaseSettings() *config.Settings {
	set := config.Default()
	set.TenantColumns = []string{"account_id"}
	set.TenantsTable = "basejump.accounts"
	set.AppRole = "authenticated"
	return set
}

func TestSupabaseMembershipPolicies(t *testing.T) {
	for _, tc := range []struct {
		dir  string
		want []string
	}{
		{"clean", nil},
		{"leaky", []string{
			// get_accounts_with_role: SECURITY DEFINER without a pinned search_path, so it is no
			// membership helper and reads account_user with its owner's rights.
			":31:1 TV5015", ":31:1 TV5016",
			":58:1 TV5007", ":58:1 TV5007", // projects: USING and WITH CHECK call that helper
			":69:1 TV5007", // documents: membership sub-select not limited to the current user
			":80:1 TV5007", // tasks: an OR escapes the membership test (USING) ...
			":80:1 TV5007", // ... and the EXISTS compares the inner column with itself (WITH CHECK)
			":92:1 TV5007", // events: membership on project_id, not account_id
		}},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			root := filepath.Join("testdata", "supabase", tc.dir)
			findings, errs := Check([]string{root}, supabaseSettings())
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			got := findingLines(findings, func(string) string { return "" })
			if !slices.Equal(got, tc.want) {
				t.Errorf("findings %v, want %v", got, tc.want)
				for _, f := range findings {
					t.Logf("%d:%d %s %s", f.Position.Line, f.Position.Column, f.Rule, f.Message)
				}
			}
			if s, _ := Build([]string{root}, supabaseSettings()); len(s.Files) != 1 || s.Files[0].Layout != "supabase" {
				t.Errorf("files %+v, want one supabase migration", s.Files)
			}
		})
	}
}

// teamsSchema is a Supabase schema whose tenants are teams: no table has the configured tenant
// column (tenant_id), and team_id is the tenant column only through the policies, which test
// the signed-in user's team memberships (a sub-select, and a PL/pgSQL helper). boards is
// created at line 12, its team_id on line 14; cards at line 25.
func teamsSchema(boardsTeam, boardsIndex string) string {
	return `CREATE TABLE public.teams (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL);
ALTER TABLE public.teams ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE TABLE public.team_members (
  user_id uuid NOT NULL REFERENCES auth.users (id),
  team_id uuid NOT NULL REFERENCES public.teams (id),
  PRIMARY KEY (team_id, user_id)
);
ALTER TABLE public.team_members ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY own_memberships ON public.team_members FOR SELECT TO authenticated USING (user_id = (SELECT auth.uid()));
CREATE POLICY members_see_teams ON public.teams FOR SELECT TO authenticated
  USING (id IN (SELECT team_id FROM public.team_members WHERE user_id = (SELECT auth.uid())));
CREATE TABLE public.boards (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ` + boardsTeam + `,
  title text
);
` + boardsIndex + `
ALTER TABLE public.boards ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY boards_members ON public.boards FOR ALL TO authenticated
  USING (team_id IN (SELECT team_id FROM public.team_members WHERE user_id = (SELECT auth.uid())))
  WITH CHECK (team_id IN (SELECT team_id FROM public.team_members WHERE user_id = (SELECT auth.uid())));
CREATE FUNCTION public.is_team_member(p_team uuid) RETURNS boolean LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM public.team_members m WHERE m.user_id = auth.uid() AND m.team_id = p_team);
END $$;
CREATE TABLE public.cards (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), team_id uuid NOT NULL REFERENCES public.teams (id), board_id uuid NOT NULL);
CREATE INDEX cards_team_idx ON public.cards (team_id, board_id);
ALTER TABLE public.cards ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY cards_members ON public.cards FOR ALL TO authenticated USING (public.is_team_member(team_id)) WITH CHECK (public.is_team_member(team_id));
`
}

// TestSupabaseTenantColumnFromMembership: a table with no configured tenant column whose
// policies prove membership on one of its columns is tenant-owned through that column, and the
// table rules apply to it.
func TestSupabaseTenantColumnFromMembership(t *testing.T) {
	set := func() *config.Settings {
		s := config.Default()
		s.AppRole = "authenticated"
		return s
	}
	for _, tc := range []struct {
		name, team, index string
		want              []string
		msg               string // a part of every finding's message
	}{
		{"clean", "team_id uuid NOT NULL REFERENCES public.teams (id)", "CREATE INDEX boards_team_idx ON public.boards (team_id);", nil, ""},
		{"nullable and not indexed", "team_id uuid REFERENCES public.teams (id)", "CREATE INDEX boards_title_idx ON public.boards (title);", []string{":12:1 TV5003", ":14:3 TV5001"}, "team_id"},
		// The tenants table is inferred from the foreign keys of the tenant columns found so.
		{"references no team", "team_id uuid NOT NULL", "CREATE INDEX boards_team_idx ON public.boards (team_id);", []string{":12:1 TV5002"}, "public.boards.team_id has no foreign key to the tenants table: add REFERENCES public.teams(id)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "supabase", "migrations")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "20240101000000_teams.sql"), []byte(teamsSchema(tc.team, tc.index)), 0o644); err != nil {
				t.Fatal(err)
			}
			findings, errs := Check([]string{dir}, set())
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			got := findingLines(findings, func(string) string { return "" })
			slices.Sort(got)
			for _, f := range findings {
				if !strings.Contains(f.Message, tc.msg) {
					t.Errorf("%s %q does not contain %q", f.Rule, f.Message, tc.msg)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("findings %v, want %v", got, tc.want)
				for _, f := range findings {
					t.Logf("%d:%d %s %s", f.Position.Line, f.Position.Column, f.Rule, f.Message)
				}
			}
			s, _ := Build([]string{dir}, set())
			for table, want := range map[string]string{"public.boards": "team_id", "public.cards": "team_id", "public.teams": "", "public.team_members": ""} {
				if col, ok := s.TenantColumn(table); col != want || ok != (want != "") {
					t.Errorf("TenantColumn(%s) = %q, %v, want %q", table, col, ok, want)
				}
			}
		})
	}
}

// TestTenantColumnFromMembershipIsConservative: no tenant column is taken from policies that
// test memberships on two columns, on the table's own key, or on nothing at all.
func TestTenantColumnFromMembershipIsConservative(t *testing.T) {
	const m = "CREATE TABLE members (user_id uuid NOT NULL, team_id uuid NOT NULL, PRIMARY KEY (team_id, user_id));\n"
	const sub = " IN (SELECT team_id FROM members WHERE user_id = auth.uid())"
	for _, tc := range []struct {
		name, sql, want string
	}{
		{"one column", m + "CREATE TABLE docs (id uuid PRIMARY KEY, team_id uuid NOT NULL);\nCREATE POLICY p ON docs USING (team_id" + sub + ");\n", "team_id"},
		{"two columns", m + "CREATE TABLE docs (id uuid PRIMARY KEY, team_id uuid NOT NULL, group_id uuid);\nCREATE POLICY p ON docs USING (team_id" + sub + ") WITH CHECK (group_id" + sub + ");\n", ""},
		{"the table's own key", m + "CREATE TABLE teams (id uuid PRIMARY KEY, name text);\nCREATE POLICY p ON teams USING (id" + sub + ");\n", ""},
		{"membership not proved", m + "CREATE TABLE docs (id uuid PRIMARY KEY, team_id uuid NOT NULL);\nCREATE POLICY p ON docs USING (team_id IN (SELECT team_id FROM members));\n", ""},
		{"own rows only", m + "CREATE TABLE docs (id uuid PRIMARY KEY, team_id uuid NOT NULL, user_id uuid);\nCREATE POLICY p ON docs USING (user_id = auth.uid());\n", ""},
		{"global table", m + "-- tenantvet:global -- shared templates\nCREATE TABLE docs (id uuid PRIMARY KEY, team_id uuid NOT NULL);\nCREATE POLICY p ON docs USING (team_id" + sub + ");\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "001_test.up.sql"), []byte(tc.sql), 0o644); err != nil {
				t.Fatal(err)
			}
			s, errs := Build([]string{dir}, config.Default())
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			name := "public.docs"
			if s.Tables[name] == nil {
				name = "public.teams"
			}
			if col, ok := s.TenantColumn(name); col != tc.want || ok != (tc.want != "") {
				t.Errorf("TenantColumn(%s) = %q, %v, want %q", name, col, ok, tc.want)
			}
		})
	}
}

// TestTenantColumnFromFailedMembership: a policy that tries to test the current user's team
// memberships and fails (no user filter, an OR around it, a helper that proves nothing) still
// says which column holds the tenant when that column references the tenants table, so the
// table is tenant-owned and TV5007 says what is wrong with the membership. Without such a
// foreign key a failed test names no tenant, and the table stays global.
func TestTenantColumnFromFailedMembership(t *testing.T) {
	const clean = "team_id uuid NOT NULL REFERENCES public.teams (id)"
	const index = "CREATE INDEX boards_team_idx ON public.boards (team_id);"
	const members = "team_id IN (SELECT team_id FROM public.team_members WHERE user_id = (SELECT auth.uid()))"
	for _, tc := range []struct {
		name, notes, policy string
		want                string // notes' tenant column
		why                 string // a part of the TV5007 message; "" for none
	}{
		{"proved", clean, members, "team_id", ""},
		{"no user filter", clean, "team_id IN (SELECT team_id FROM public.team_members)", "team_id", "is not limited to the current user"},
		{"an OR escapes it", clean + ", is_public boolean NOT NULL DEFAULT false", members + " OR is_public", "team_id", "membership"},
		{"helper proves nothing", clean, "public.team_visible(team_id)", "team_id", "is not shown to check the current user's membership"},
		{"EXISTS without the user", clean, "EXISTS (SELECT 1 FROM public.team_members m WHERE m.team_id = notes.team_id)", "team_id", "is not limited to the current user"},
		// No foreign key to the tenants table: the failed test names no tenant.
		{"no foreign key", "team_id uuid NOT NULL", "team_id IN (SELECT team_id FROM public.team_members)", "", ""},
		{"a lookup table, not a membership", "team_id uuid REFERENCES public.teams (id), status text NOT NULL REFERENCES public.statuses (name)", "status IN (SELECT name FROM public.statuses)", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "supabase", "migrations")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			sql := teamsSchema(clean, index) + `CREATE TABLE public.statuses (name text PRIMARY KEY);
CREATE FUNCTION public.team_visible(p_team uuid) RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT p_team IS NOT NULL $$;
CREATE TABLE public.notes (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), ` + tc.notes + `, body text);
CREATE INDEX notes_team_idx ON public.notes (team_id);
ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY notes_members ON public.notes FOR ALL TO authenticated USING (` + tc.policy + `);
`
			policyLine := strings.Count(sql, "\n")
			if err := os.WriteFile(filepath.Join(dir, "20240101000000_teams.sql"), []byte(sql), 0o644); err != nil {
				t.Fatal(err)
			}
			s, errs := Build([]string{dir}, config.Default())
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if col, ok := s.TenantColumn("public.notes"); col != tc.want || ok != (tc.want != "") {
				t.Errorf("TenantColumn(public.notes) = %q, %v, want %q", col, ok, tc.want)
			}
			findings, errs := Check([]string{dir}, config.Default())
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			var got []string
			for _, f := range findings {
				if f.Rule == "TV5007" && f.Position.Line == policyLine {
					got = append(got, f.Message)
				}
			}
			switch {
			case tc.why == "" && len(got) > 0:
				t.Errorf("TV5007 %q, want none", got)
			case tc.why != "" && (len(got) != 1 || !strings.Contains(got[0], tc.why)):
				t.Errorf("TV5007 %q, want one containing %q", got, tc.why)
			}
			if t.Failed() {
				for _, f := range findings {
					t.Logf("%d:%d %s %s", f.Position.Line, f.Position.Column, f.Rule, f.Message)
				}
			}
		})
	}
}
