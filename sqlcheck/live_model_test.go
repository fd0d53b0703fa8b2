package sqlcheck

import (
	"strings"
	"testing"

	"github.com/tenantvet/tenantvet/internal/config"
)

// liveTable is a tenant table as the catalog describes it, with RLS enabled and forced and one
// policy whose expression is given as pg_get_expr prints it.
func liveTable(t *testing.T, m *LiveModel, name, using string) {
	t.Helper()
	p := ObjectPos(name)
	tbl := &Table{Name: name, Pos: p, RLS: true, Force: true, OwnerPos: &p,
		Columns: []*Column{{Name: "id", NotNull: true, Generated: true, Pos: p}, {Name: "tenant_id", NotNull: true, Pos: p}}}
	tbl.PK = &Key{Name: "pk", Kind: "primary key", Cols: []string{"tenant_id", "id"}, Pos: p}
	tbl.FKs = []*FK{{Name: "fk", Cols: []string{"tenant_id"}, RefTable: "public.tenants", RefCols: []string{"id"}, Pos: p}}
	object := "policy iso on " + name
	pr, err := m.Predicate(object, using)
	if err != nil {
		t.Fatal(err)
	}
	tbl.Policies = []*Policy{{Name: "iso", Cmd: "all", Permissive: true, Roles: []string{"public"}, Using: pr, Pos: ObjectPos(object)}}
	m.Schema().Tables[name] = tbl
}

// The live model judges catalog-printed expressions with the migration checker's rules, reads
// functions from pg_get_functiondef text, and names objects in findings.
func TestLiveModel(t *testing.T) {
	m := NewLiveModel()
	m.Schema().Tables["public.tenants"] = &Table{Name: "public.tenants", Pos: ObjectPos("public.tenants"), Columns: []*Column{{Name: "id"}}}
	if _, err := m.AddFunction("function public.current_tenant_id", `CREATE OR REPLACE FUNCTION public.current_tenant_id()
 RETURNS uuid
 LANGUAGE sql
 STABLE
AS $function$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $function$
`); err != nil {
		t.Fatal(err)
	}
	if _, err := m.AddFunction("function public.enter", `CREATE OR REPLACE FUNCTION public.enter(t uuid)
 RETURNS void
 LANGUAGE sql
AS $function$ SELECT set_config('app.tenant_id', t::text, false) $function$
`); err != nil {
		t.Fatal(err)
	}
	liveTable(t, m, "public.good", "(tenant_id = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid)")
	liveTable(t, m, "public.viafunc", "(tenant_id = public.current_tenant_id())")
	liveTable(t, m, "public.leaky", "((tenant_id = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid) OR is_public)")
	if _, err := m.Predicate("policy x on public.good", "tenant_id = ("); err == nil {
		t.Error("a malformed expression parsed")
	}
	m.Classify(config.Default())
	fs, err := CheckLive(m.Schema(), config.Default())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		if f.Position.File != "" || f.Position.Line != 0 {
			t.Errorf("%s has a position: %+v", f.Rule, f.Position)
		}
		got = append(got, f.Rule+" "+f.Object)
	}
	want := []string{"TV5020 function public.enter", "TV5007 policy iso on public.leaky"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
