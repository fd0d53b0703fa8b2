package live

import (
	"slices"
	"strings"
	"testing"

	"github.com/tenantvet/tenantvet/sqlcheck"
)

// TestParityWithMigrations applies the leaky example's migrations to a fresh database and
// requires `tenantvet db` to report what `tenantvet sql` reports on those migrations, rule by
// rule and table by table (the rules share their code, so the messages match too), except for
// the differences listed here with the reason.
func TestParityWithMigrations(t *testing.T) {
	d := newTestDB(t)
	dir, set := d.example("leaky")
	static, errs := sqlcheck.Check([]string{dir}, set)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	live := d.check(set, false)

	r := func(s string) string { return strings.ReplaceAll(s, "_SFX", "_"+d.sfx) }
	// Static findings that cannot appear live, each with what live reports instead ("" for
	// nothing).
	onlyStatic := map[string]string{
		// TV5006 judges a later migration undoing an earlier one; the catalog holds only the
		// final state, in which projects is simply not forced (TV5005).
		"TV5006 NO FORCE ROW LEVEL SECURITY on tenant table public.projects lets its owner bypass the policies: keep it forced": "TV5005 row level security is not forced on tenant table public.projects, so its owner bypasses the policies: ALTER TABLE public.projects FORCE ROW LEVEL SECURITY",
		// TV5023 is about a migration statement that cannot be read (a DO block with EXECUTE);
		// the database holds what it did (the grants), which is checked like any other.
		"TV5023 DO block with dynamic EXECUTE cannot be analysed: tables, policies and grants it changes are not checked; move the statements out of it or review them by hand": "",
	}
	if !d.super {
		// Without a superuser the test makes support_admin a member of a BYPASSRLS role (see
		// example): live reports the role it can SET ROLE to.
		onlyStatic[r("TV5017 role support_admin_SFX has BYPASSRLS and sees every tenant's rows: remove BYPASSRLS; use audited impersonation for support access")] =
			r("TV5017 role support_admin_SFX can log in and SET ROLE tenantvet_bypassrls, which bypasses row level security: revoke the membership; use audited impersonation for support access")
	}
	// Live findings that the migrations' directives suppress: the catalog has no comments to
	// carry a tenantvet:ignore, so the suppressed TV5010 on api_keys is reported live.
	onlySuppressedStatic := []string{
		"TV5010 unique constraint api_keys_key_hash_key on tenant table public.api_keys does not include tenant_id: a duplicate in another tenant reveals that the value exists; add tenant_id to the key",
	}

	var want []string
	for _, f := range static {
		if f.Suppressed != nil {
			continue
		}
		key := f.Rule + " " + f.Message
		if repl, ok := onlyStatic[key]; ok {
			if repl != "" {
				want = append(want, repl)
			}
			continue
		}
		want = append(want, key)
	}
	want = append(want, onlySuppressedStatic...)
	gotMsgs, wantMsgs := map[string]bool{}, map[string]bool{}
	objects := map[string]string{}
	for _, f := range live.Findings {
		gotMsgs[f.Rule+" "+f.Message] = true
		objects[f.Rule+" "+f.Message] = f.Object
	}
	for _, w := range want {
		wantMsgs[w] = true
	}
	for m := range wantMsgs {
		if !gotMsgs[m] {
			t.Errorf("tenantvet sql reports, tenantvet db does not:\n  %s", m)
		}
	}
	for m := range gotMsgs {
		if !wantMsgs[m] {
			t.Errorf("tenantvet db reports, tenantvet sql does not:\n  %s", m)
		}
	}
	// Each live finding names its object.
	for prefix, object := range map[string]string{
		"TV5004 row level security is not enabled on tenant table public.api_keys": "public.api_keys",
		"TV5007 policy notes_public_read on public.notes":                          "policy notes_public_read on public.notes",
		"TV5001 tenant column public.ai_runs.tenant_id is nullable":                "column public.ai_runs.tenant_id",
		"TV5010 unique constraint projects_slug_key":                               "constraint projects_slug_key on public.projects",
		"TV5013 view public.project_note_counts":                                   "view public.project_note_counts",
		"TV5014 materialized view public.tenant_ai_usage":                          "materialized view public.tenant_ai_usage",
		"TV5015 SECURITY DEFINER function public.search_notes":                     "function public.search_notes",
		"TV5020 set_config(..., false) sets app.tenant_id":                         "function public.enter_tenant",
		r("TV5021 row_security = off"):                                             r("role notes_reporting_SFX"),
		"TV5012 partition public.audit_events_2025":                                "public.audit_events_2025",
	} {
		found := false
		for m, o := range objects {
			if strings.HasPrefix(m, prefix) {
				found = true
				if o != object {
					t.Errorf("%s...: object %q, want %q", prefix, o, object)
				}
			}
		}
		if !found {
			t.Errorf("no live finding %s...", prefix)
		}
	}
	// Every TV5 rule the static example seeds is seen live, apart from those listed above.
	rulesOf := func(keys map[string]bool) []string {
		var out []string
		for k := range keys {
			rule, _, _ := strings.Cut(k, " ")
			if !slices.Contains(out, rule) {
				out = append(out, rule)
			}
		}
		slices.Sort(out)
		return out
	}
	t.Logf("rules seen live: %v", rulesOf(gotMsgs))
	if t.Failed() {
		t.Logf("live findings:\n%s", strings.Join(lines(live), "\n"))
	}
}
