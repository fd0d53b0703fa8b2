package sqlcheck

import (
	"path/filepath"
	"slices"
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
