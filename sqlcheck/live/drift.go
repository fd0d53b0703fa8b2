package live

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tenantvet/tenantvet/internal/config"
	"github.com/tenantvet/tenantvet/internal/report"
	"github.com/tenantvet/tenantvet/sqlcheck"
)

// drift compares the schema the migrations build with the live one and reports the differences
// that change tenant isolation: RLS flags, policies (their commands, roles, kind and what their
// expressions isolate), explicit owners, and tenant tables only one side has. Tables are
// compared only in schemas both sides know, so schemas managed elsewhere (extensions, a
// platform's auth schema) are not drift.
func drift(static, live *sqlcheck.Schema, set *config.Settings) []report.Finding {
	var out []report.Finding
	add := func(object, format string, args ...any) {
		out = append(out, finding(ruleDrift, object, format, args...))
	}
	schemaOf := func(name string) string { s, _, _ := strings.Cut(name, "."); return s }
	staticSchemas, liveSchemas := map[string]bool{}, map[string]bool{}
	for n := range static.Tables {
		staticSchemas[schemaOf(n)] = true
	}
	for _, s := range live.Schemas {
		liveSchemas[s] = true
	}
	for _, name := range sortedKeys(live.Tables) {
		lt := live.Tables[name]
		st := static.Tables[name]
		if st == nil {
			if lt.Tenant && staticSchemas[schemaOf(name)] {
				add(name, "tenant table %s exists in the database but in no migration: its isolation was never reviewed; add it to the migrations or drop it", name)
			}
			continue
		}
		if !lt.Tenant && !st.Tenant {
			continue
		}
		if st.RLS != lt.RLS {
			add(name, "row level security on %s is %s in the database but %s by the migrations: %s", name, onOff(lt.RLS, "enabled"), onOff(st.RLS, "enabled"), fixSide(st.RLS, "ENABLE ROW LEVEL SECURITY", name))
		}
		if st.Force != lt.Force {
			add(name, "row level security on %s is %s in the database but %s by the migrations: %s", name, onOff(lt.Force, "forced"), onOff(st.Force, "forced"), fixSide(st.Force, "FORCE ROW LEVEL SECURITY", name))
		}
		if st.OwnerPos != nil && st.Owner != "" && st.Owner != lt.Owner {
			add(name, "%s is owned by %s in the database but the migrations make %s its owner: run ALTER TABLE %s OWNER TO %s or change the migrations", name, lt.Owner, st.Owner, name, st.Owner)
		}
		out = append(out, policyDrift(static, live, st, lt)...)
	}
	for _, name := range sortedKeys(static.Tables) {
		if st := static.Tables[name]; st.Tenant && live.Tables[name] == nil && liveSchemas[schemaOf(name)] {
			add(name, "tenant table %s is created by the migrations but missing from the database: apply the migrations", name)
		}
	}
	return out
}

func policyDrift(static, live *sqlcheck.Schema, st, lt *sqlcheck.Table) []report.Finding {
	var out []report.Finding
	byName := func(ps []*sqlcheck.Policy) map[string]*sqlcheck.Policy {
		m := map[string]*sqlcheck.Policy{}
		for _, p := range ps {
			m[p.Name] = p
		}
		return m
	}
	sp, lp := byName(st.Policies), byName(lt.Policies)
	for _, n := range sortedKeys(sp) {
		object := "policy " + n + " on " + lt.Name
		l := lp[n]
		if l == nil {
			out = append(out, finding(ruleDrift, object, "policy %s on %s is created by the migrations but missing from the database: recreate it", n, lt.Name))
			continue
		}
		if d := policyDiff(static, live, sp[n], l); d != "" {
			out = append(out, finding(ruleDrift, object, "policy %s on %s differs from the migrations: %s; make the database match the migrations", n, lt.Name, d))
		}
	}
	for _, n := range sortedKeys(lp) {
		if sp[n] == nil {
			out = append(out, finding(ruleDrift, "policy "+n+" on "+lt.Name, "policy %s on %s exists in the database but in no migration: add it to the migrations or drop it", n, lt.Name))
		}
	}
	return out
}

// policyDiff describes how a live policy differs from the migrations' in what it lets through.
func policyDiff(static, live *sqlcheck.Schema, s, l *sqlcheck.Policy) string {
	var d []string
	if s.Cmd != l.Cmd {
		d = append(d, fmt.Sprintf("it is FOR %s in the database, FOR %s in the migrations", strings.ToUpper(l.Cmd), strings.ToUpper(s.Cmd)))
	}
	if s.Permissive != l.Permissive {
		d = append(d, fmt.Sprintf("it is %s in the database, %s in the migrations", kind(l.Permissive), kind(s.Permissive)))
	}
	sr, lr := slices.Sorted(slices.Values(s.Roles)), slices.Sorted(slices.Values(l.Roles))
	if !slices.Equal(sr, lr) {
		d = append(d, fmt.Sprintf("it applies TO %s in the database, TO %s in the migrations", strings.Join(lr, ", "), strings.Join(sr, ", ")))
	}
	if !samePred(static, live, s.Using, l.Using) {
		d = append(d, "its USING expression isolates differently")
	}
	if !samePred(static, live, s.Check, l.Check) {
		d = append(d, "its WITH CHECK expression isolates differently")
	}
	return strings.Join(d, "; ")
}

// samePred compares what two policy expressions do for isolation, not their spelling: the
// catalog prints expressions with casts and parentheses the migration did not write.
func samePred(static, live *sqlcheck.Schema, a, b *sqlcheck.Pred) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	if a.Escapes != b.Escapes || a.IsNull != b.IsNull || a.Coalesce != b.Coalesce || a.AlwaysTrue != b.AlwaysTrue || len(a.Isolates) != len(b.Isolates) {
		return false
	}
	for i := range a.Isolates {
		pa, pb := a.Isolates[i], b.Isolates[i]
		if pa.Col != pb.Col || !strings.EqualFold(settingOf(static, pa), settingOf(live, pb)) {
			return false
		}
	}
	return true
}

func settingOf(s *sqlcheck.Schema, p sqlcheck.Pair) string {
	if p.Func == "" {
		return p.Setting
	}
	if f := s.Functions[p.Func]; f != nil {
		return f.Setting
	}
	return ""
}

func kind(permissive bool) string {
	if permissive {
		return "PERMISSIVE"
	}
	return "RESTRICTIVE"
}

func onOff(on bool, word string) string {
	if on {
		return word
	}
	return "not " + word
}

func fixSide(migrations bool, clause, table string) string {
	if migrations {
		return "run ALTER TABLE " + table + " " + clause + " again and find who changed it"
	}
	return "add ALTER TABLE " + table + " " + clause + " to the migrations or revert the change"
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
