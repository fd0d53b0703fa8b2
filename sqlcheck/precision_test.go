package sqlcheck

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tenantvet/tenantvet/internal/config"
	"github.com/tenantvet/tenantvet/internal/report"
)

// checkFindings checks one migration file and returns its unsuppressed findings.
func checkFindings(t *testing.T, sql string, set *config.Settings) []report.Finding {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "001_test.up.sql"), []byte(sql), 0o644); err != nil {
		t.Fatal(err)
	}
	findings, errs := Check([]string{dir}, set)
	if len(errs) > 0 {
		t.Fatalf("Check: %v", errs)
	}
	var out []report.Finding
	for _, f := range findings {
		if f.Suppressed == nil {
			out = append(out, f)
		}
	}
	return out
}

// ofRule returns "line:col message" of the findings of one rule.
func ofRule(fs []report.Finding, rule string) []string {
	var out []string
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, itoa(int32(f.Position.Line))+":"+itoa(int32(f.Position.Column))+" "+f.Message)
		}
	}
	return out
}

// noRLS is two tenant tables (lines 2 and 4) with keys and indexes, and no RLS anywhere.
const noRLS = `CREATE TABLE tenants (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
CREATE TABLE notes (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL REFERENCES tenants (id));
CREATE INDEX ON notes (tenant_id);
CREATE TABLE "Files" (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL REFERENCES tenants (id));
CREATE INDEX ON "Files" (tenant_id);
`

func TestRLSNowhere(t *testing.T) {
	fs := checkFindings(t, noRLS, config.Default())
	got := ofRule(fs, "TV5025")
	want := []string{`2:1 row level security is enabled on no table, so nothing in the database isolates the 2 tenant tables (public."Files", public.notes): ENABLE and FORCE ROW LEVEL SECURITY on each with a tenant policy (rls_per_table: true lists them one by one)`}
	if !slices.Equal(got, want) {
		t.Errorf("TV5025 findings %q, want %q", got, want)
	}
	if n := len(ofRule(fs, "TV5004")) + len(ofRule(fs, "TV5005")); n != 0 || len(fs) != 1 {
		t.Errorf("findings besides the one TV5025: %v", fs)
	}

	// rls_per_table: the per-table form.
	set := config.Default()
	set.RLSPerTable = true
	fs = checkFindings(t, noRLS, set)
	if len(ofRule(fs, "TV5025")) != 0 || len(ofRule(fs, "TV5004")) != 2 {
		t.Errorf("rls_per_table: findings %v, want two TV5004 and no TV5025", fs)
	}

	// One table with RLS: the others are reported one by one.
	fs = checkFindings(t, noRLS+"ALTER TABLE notes ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\nCREATE POLICY iso ON notes USING (tenant_id = current_setting('app.tenant_id', true)::uuid);\n", config.Default())
	if got := ofRule(fs, "TV5004"); len(ofRule(fs, "TV5025")) != 0 || len(got) != 1 || !strings.Contains(got[0], `ALTER TABLE public."Files" ENABLE ROW LEVEL SECURITY`) {
		t.Errorf("with RLS on notes: TV5004 %q, TV5025 %q", got, ofRule(fs, "TV5025"))
	}

	// RLS enabled once and disabled later is TV5006, not "never".
	fs = checkFindings(t, noRLS+"ALTER TABLE notes ENABLE ROW LEVEL SECURITY;\nALTER TABLE notes DISABLE ROW LEVEL SECURITY;\n", config.Default())
	if len(ofRule(fs, "TV5025")) != 0 || len(ofRule(fs, "TV5006")) != 1 {
		t.Errorf("enabled then disabled: %v", fs)
	}

	// No tenant table: nothing to say.
	if fs := checkFindings(t, "CREATE TABLE plans (id text PRIMARY KEY);\n", config.Default()); len(fs) != 0 {
		t.Errorf("no tenant table: %v", fs)
	}
}

func TestTenantsTableIsNotATenantTable(t *testing.T) {
	orgs := `CREATE TABLE orgs (org_id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text UNIQUE);
CREATE TABLE docs (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), org_id uuid NOT NULL REFERENCES orgs (org_id));
CREATE INDEX ON docs (org_id);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY iso ON docs USING (org_id = current_setting('app.tenant_id', true)::uuid);
CREATE TABLE boards (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), org_id uuid NOT NULL REFERENCES orgs (org_id));
CREATE INDEX ON boards (org_id);
ALTER TABLE boards ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY iso ON boards USING (org_id = current_setting('app.tenant_id', true)::uuid);
`
	set := config.Default()
	set.TenantColumns = []string{"org_id"}
	// Inferred: most tenant columns reference orgs.
	if fs := checkFindings(t, orgs, set); len(fs) != 0 {
		t.Errorf("inferred tenants table: findings %v", fs)
	}
	// Configured.
	set.TenantsTable = "orgs"
	if fs := checkFindings(t, orgs, set); len(fs) != 0 {
		t.Errorf("configured tenants table: findings %v", fs)
	}
	// Without a tenants table the orgs table is one more tenant table (the old behaviour).
	set.TenantsTable = "accounts"
	if fs := checkFindings(t, orgs, set); len(ofRule(fs, "TV5004")) != 1 {
		t.Errorf("other tenants table: want orgs reported as a tenant table without RLS, got %v", fs)
	}
}

func TestFixTextsQuoteAndNameTheTenantsTable(t *testing.T) {
	sql := `CREATE TABLE "Org" (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
CREATE TABLE "TenantMember" (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL REFERENCES "Org" (id));
ALTER TABLE "TenantMember" ENABLE ROW LEVEL SECURITY;
CREATE POLICY iso ON "TenantMember" USING (tenant_id = current_setting('app.tenant_id', true)::uuid);
CREATE TABLE "order" (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL);
CREATE INDEX ON "order" (tenant_id);
`
	fs := checkFindings(t, sql, config.Default())
	for rule, want := range map[string]string{
		"TV5005": `ALTER TABLE public."TenantMember" FORCE ROW LEVEL SECURITY`,
		"TV5004": `ALTER TABLE public."order" ENABLE ROW LEVEL SECURITY`,
		"TV5002": `add REFERENCES public."Org"(id)`,
	} {
		if got := ofRule(fs, rule); len(got) != 1 || !strings.Contains(got[0], want) {
			t.Errorf("%s: %q, want one containing %q", rule, got, want)
		}
	}
	// The configured tenants table is named in the advice.
	set := config.Default()
	set.TenantsTable = "billing.customers"
	fs = checkFindings(t, base+"CREATE TABLE a (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL);\n", set)
	if got := ofRule(fs, "TV5002"); len(got) != 2 || !strings.HasPrefix(got[1], "6:1 ") || !strings.HasSuffix(got[1], "add REFERENCES billing.customers(id)") {
		t.Errorf("TV5002 %q, want the configured tenants table in the advice", got)
	}
	for in, want := range map[string]string{"notes": "notes", "Notes": `"Notes"`, "order": `"order"`, "user": `"user"`, "name": "name", "a b": `"a b"`, `x"y`: `"x""y"`, "1x": `"1x"`, "": `""`} {
		if got := quoteIdent(in); got != want {
			t.Errorf("quoteIdent(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestMisplacedPolicyHint(t *testing.T) {
	tables := base + tenantTable("invoices") + `CREATE TABLE payments (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL REFERENCES tenants (id));
CREATE INDEX ON payments (tenant_id);
ALTER TABLE payments ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
`
	// The payments policy was copied onto invoices and never moved.
	fs := checkFindings(t, tables+"CREATE POLICY payments_isolation ON invoices USING (tenant_id = current_setting('app.tenant_id', true)::uuid);\n", config.Default())
	if got := ofRule(fs, "TV5008"); len(got) != 1 || !strings.HasSuffix(got[0], "; policy payments_isolation is on public.invoices: wrong table?") {
		t.Errorf("TV5008 %q, want the hint", got)
	}
	// A policy named after its own, longer-named table is not a hint for payments.
	fs = checkFindings(t, tables+tenantTable("payments_archive")+"CREATE POLICY payments_archive_read ON payments_archive FOR SELECT USING (tenant_id = current_setting('app.tenant_id', true)::uuid);\n", config.Default())
	if got := ofRule(fs, "TV5008"); len(got) != 1 || strings.Contains(got[0], "wrong table") {
		t.Errorf("TV5008 %q, want no hint", got)
	}
}

func TestUnparsedPlpgsql(t *testing.T) {
	// Valid PL/pgSQL that pg_query's PL/pgSQL parser rejects.
	returnNext := "CREATE FUNCTION f(OUT a int) RETURNS SETOF int LANGUAGE plpgsql AS $$ BEGIN a := 1; RETURN NEXT; END $$;\n"
	boundCursor := "CREATE FUNCTION g() RETURNS uuid LANGUAGE plpgsql AS $$ DECLARE c CURSOR FOR SELECT id FROM public.notes; x uuid; BEGIN OPEN c; FETCH c INTO x; RETURN x; END $$;\n"
	boundCursorGlobal := "CREATE FUNCTION g() RETURNS text LANGUAGE plpgsql AS $$ DECLARE c CURSOR FOR SELECT name FROM tenants; x text; BEGIN OPEN c; FETCH c INTO x; RETURN x; END $$;\n"
	tests := []struct {
		name, sql string
		want      []string
	}{
		{"return next touching nothing", returnNext, nil},
		{"bound cursor over global data", boundCursorGlobal, nil},
		{"bound cursor over a tenant table", boundCursor, []string{`6:1 function public.g (variable "c" must be of type cursor or refcursor) cannot be analysed and may touch tenant tables public.notes: what it reads and writes there is not checked; review it by hand`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ofRule(checkFindings(t, base+tc.sql, config.Default()), "TV5023")
			if !slices.Equal(got, tc.want) {
				t.Errorf("TV5023 %q, want %q", got, tc.want)
			}
		})
	}
}

// Findings that name a second place carry it as a related place: editors show it beside the
// finding and SARIF lists it in relatedLocations. Findings about one place carry none.
func TestFindingsNameTheirSecondPlace(t *testing.T) {
	related := func(fs []report.Finding, rule string) []string {
		var out []string
		for _, f := range fs {
			if f.Rule == rule {
				for _, r := range f.Related {
					out = append(out, itoa(int32(r.Position.Line))+":"+itoa(int32(r.Position.Column))+" "+r.Message)
				}
			}
		}
		return out
	}
	// line 2 is notes' CREATE TABLE (base); 7 the child without tenant_id, 8 the bad foreign key.
	sql := base + "\n" +
		"CREATE TABLE note_tags (note_id uuid REFERENCES notes (id), tag text);\n" +
		"CREATE TABLE links (id uuid PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants (id), note_id uuid REFERENCES notes (id));\n"
	fs := checkFindings(t, sql, config.Default())
	if got, want := related(fs, "TV5024"), []string{"7:38 the foreign key to public.notes", "2:1 public.notes is created here"}; !slices.Equal(got, want) {
		t.Errorf("TV5024 related %q, want %q", got, want)
	}
	if got, want := related(fs, "TV5011"), []string{"2:1 public.notes is created here"}; !slices.Equal(got, want) {
		t.Errorf("TV5011 related %q, want %q", got, want)
	}
	if got := related(fs, "TV5004"); len(got) != 0 {
		t.Errorf("TV5004 names one place, has related %q", got)
	}

	tables := base + tenantTable("invoices") + "CREATE TABLE payments (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL REFERENCES tenants (id));\n" +
		"CREATE INDEX ON payments (tenant_id);\nALTER TABLE payments ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\n"
	fs = checkFindings(t, tables+"CREATE POLICY payments_isolation ON invoices USING (tenant_id = current_setting('app.tenant_id', true)::uuid);\n", config.Default())
	if got, want := related(fs, "TV5008"), []string{"14:1 policy payments_isolation, named after public.payments"}; !slices.Equal(got, want) {
		t.Errorf("TV5008 related %q, want %q", got, want)
	}
}
