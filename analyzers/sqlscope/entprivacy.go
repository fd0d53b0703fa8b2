package sqlscope

import (
	"go/types"
	"path"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/taint"
)

// The predicates an ent interceptor or privacy rule adds to the query or mutation it is
// handed. Besides the storage-level WhereP(sql.FieldEQ("tenant_id", tid)), a privacy filter
// rule (privacy.FilterFunc) gets the entity's generated XFilter (entql.go), whose methods take
// entql predicates:
//
//	f.Where(entql.FieldEQ("tenant_id", tid))     // a column: tenant_id = ?
//	f.WhereTenantID(entql.StringEQ(tid))         // a field, completed with its column by the
//	                                             // generated method: field:TenantID = ?
//	f.WhereHasTenantWith(tenant.ID(tid))         // an edge to the neighbour's id: edge:Tenant = ?
//
// The rule usually reaches them through an interface it asserts (ent's multi-tenancy docs:
// f.(interface{ WhereTenantID(entql.IntP) })), so the field and the edge are named as the
// generated method names them and resolved per entity where the rule applies (entResolvePred):
// an entity without that field or edge gets nothing from the rule.
//
// A predicate counts only when the call adding it runs on every path of its function that
// returns without denying: a rule that returns privacy.Skip or privacy.Allow, or an
// interceptor that returns nil, on a path that did not filter lets the query through
// unfiltered. Returning privacy.Deny, privacy.Denyf(...), another error value or
// fmt.Errorf/errors.New(...) stops the query, so those paths need no filter.

// entFilterCallPreds returns the predicates a call to a filter method adds, in the form of an
// entFilterFact, or nil for any other call.
func entFilterCallPreds(common *ssa.CallCommon) []string {
	m := taint.Callee(common)
	if m == nil {
		return nil
	}
	sig, ok := m.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil
	}
	args := taint.Args(common)
	name := m.Name()
	switch {
	case name == "WhereP" && sig.Variadic() && sig.Params().Len() == 1 && len(args) == 1:
		ps, _ := varargs(args[0])
		var out []string
		for _, p := range ps {
			if s, ok := entStoragePred(p); ok {
				out = append(out, s)
			}
		}
		return out
	case name == "Where" && sig.Params().Len() == 1 && len(args) == 1 &&
		knownapi.IsNamed(sig.Params().At(0).Type(), knownapi.PkgEntQL, "P"):
		return entqlPreds(args[0], 0)
	case strings.HasPrefix(name, "WhereHas"):
		edge := strings.TrimPrefix(name, "WhereHas")
		if e, ok := strings.CutSuffix(edge, "With"); ok && sig.Variadic() && sig.Params().Len() == 1 && len(args) == 1 {
			el := sig.Params().At(0).Type().(*types.Slice).Elem()
			if !entSelector(el) {
				return nil
			}
			// The neighbour's id alone: the edge's key equals it.
			ps, ok := varargs(args[0])
			if !ok || len(ps) != 1 {
				return nil
			}
			call, ok := ps[0].(*ssa.Call)
			if !ok {
				return nil
			}
			pf := taint.Callee(&call.Call)
			if pf == nil || pf.Pkg() == nil || pf.Name() != "ID" && pf.Name() != "IDEQ" || len(call.Call.Args) != 1 {
				return nil
			}
			if _, ok := entConst(pf.Pkg(), "Table"); !ok {
				return nil
			}
			return []string{"edge:" + e + " = ?"}
		}
		if edge != "" && sig.Params().Len() == 0 {
			return []string{"edge:" + edge + " IS NOT NULL"}
		}
	case strings.HasPrefix(name, "Where") && len(name) > len("Where") && sig.Params().Len() == 1 && len(args) == 1:
		n := knownapi.NamedOf(sig.Params().At(0).Type())
		if n == nil || n.Obj().Pkg() == nil || knownapi.PkgPath(n.Obj().Pkg()) != knownapi.PkgEntQL || !strings.HasSuffix(n.Obj().Name(), "P") {
			return nil
		}
		if op, ok := entqlTypedOp(args[0]); ok {
			return []string{"field:" + strings.TrimPrefix(name, "Where") + " " + op}
		}
	}
	return nil
}

// entqlTypedOps are the operations of entql's typed predicates (StringEQ, IntNEQ, ValueNil...),
// longest suffix first, and the SQL each writes.
var entqlTypedOps = []struct{ suffix, sql string }{
	{"NotNil", "IS NOT NULL"}, {"Nil", "IS NULL"}, {"NEQ", "<> ?"}, {"EQ", "= ?"},
	{"GTE", ">= ?"}, {"GT", "> ?"}, {"LTE", "<= ?"}, {"LT", "< ?"},
}

// entqlTypedOp returns the SQL operation of a typed entql predicate (entql.StringEQ(v)), or
// false for a composition (StringOr, StringNot) or a value made elsewhere.
func entqlTypedOp(v ssa.Value) (string, bool) {
	call, ok := taint.Concrete(v).(*ssa.Call)
	if !ok {
		return "", false
	}
	fn := taint.Callee(&call.Call)
	if fn == nil || fn.Pkg() == nil || knownapi.PkgPath(fn.Pkg()) != knownapi.PkgEntQL {
		return "", false
	}
	for _, o := range entqlTypedOps {
		if strings.HasSuffix(fn.Name(), o.suffix) {
			if strings.HasSuffix(o.suffix, "Nil") != (len(call.Call.Args) == 0) {
				return "", false
			}
			return o.sql, true
		}
	}
	return "", false
}

// entqlFieldOps are entql's field predicates and the SQL each writes.
var entqlFieldOps = map[string]string{
	"FieldEQ": "= ?", "FieldNEQ": "<> ?", "FieldIn": "IN (?)", "FieldNotIn": "NOT IN (?)",
	"FieldGT": "> ?", "FieldGTE": ">= ?", "FieldLT": "< ?", "FieldLTE": "<= ?",
	"FieldNil": "IS NULL", "FieldNotNil": "IS NOT NULL", "FieldContains": "LIKE ?",
	"FieldHasPrefix": "LIKE ?", "FieldHasSuffix": "LIKE ?", "FieldEqualFold": "ILIKE ?",
	"FieldContainsFold": "ILIKE ?",
}

// entqlPreds returns the conjuncts of an entql.P as "column OP ?": a field predicate with a
// constant column (entql.FieldEQ("tenant_id", v)), a typed predicate completed with a
// constant column (entql.StringEQ(v).Field("tenant_id")), and the operands of entql.And.
// An Or, a Not or a predicate it does not know adds nothing it can vouch for.
func entqlPreds(v ssa.Value, depth int) []string {
	if depth > maxDepth {
		return nil
	}
	call, ok := taint.Concrete(v).(*ssa.Call)
	if !ok {
		return nil
	}
	if call.Call.IsInvoke() && call.Call.Method.Name() == "Field" && len(call.Call.Args) == 1 {
		// A typed predicate completed with its field.
		col, ok := taint.ConstString(call.Call.Args[0])
		if !ok || col == "" {
			return nil
		}
		if op, ok := entqlTypedOp(call.Call.Value); ok {
			return []string{col + " " + op}
		}
		return nil
	}
	fn := taint.Callee(&call.Call)
	if fn == nil || fn.Pkg() == nil || knownapi.PkgPath(fn.Pkg()) != knownapi.PkgEntQL {
		return nil
	}
	args := call.Call.Args
	if fn.Name() == "And" && len(args) == 3 {
		out := append(entqlPreds(args[0], depth+1), entqlPreds(args[1], depth+1)...)
		rest, _ := varargs(args[2])
		for _, r := range rest {
			out = append(out, entqlPreds(r, depth+1)...)
		}
		return out
	}
	if op, ok := entqlFieldOps[fn.Name()]; ok && len(args) > 0 {
		col, ok := taint.ConstString(args[0])
		if !ok || col == "" || strings.ContainsAny(col, " \"") {
			return nil
		}
		return []string{col + " " + op}
	}
	return nil
}

// entAlwaysRuns reports whether instr runs on every path of its function that returns without
// denying.
func entAlwaysRuns(instr ssa.Instruction) bool {
	b := instr.Block()
	if b == nil {
		return false
	}
	for _, rb := range instr.Parent().Blocks {
		if len(rb.Instrs) == 0 {
			continue
		}
		ret, ok := rb.Instrs[len(rb.Instrs)-1].(*ssa.Return)
		if !ok || entDenies(ret) {
			continue
		}
		if !b.Dominates(rb) {
			return false
		}
	}
	return true
}

// entDenies reports whether a return of a rule or interceptor stops the query: its error
// result is certainly not nil, privacy.Skip or privacy.Allow.
func entDenies(ret *ssa.Return) bool {
	if len(ret.Results) == 0 {
		return false
	}
	v := ret.Results[len(ret.Results)-1]
	if !types.Identical(v.Type(), types.Universe.Lookup("error").Type()) {
		return false
	}
	return entDenyingError(v, 0)
}

func entDenyingError(v ssa.Value, depth int) bool {
	if depth > maxDepth {
		return false
	}
	switch x := taint.Concrete(v).(type) {
	case *ssa.Const:
		return !x.IsNil()
	case *ssa.UnOp:
		g, ok := x.X.(*ssa.Global)
		if !ok {
			return false
		}
		if g.Pkg != nil && entPrivacyPkg(g.Pkg.Pkg) && (g.Name() == "Skip" || g.Name() == "Allow") {
			return false
		}
		return true // privacy.Deny, context.Canceled, a sentinel error
	case *ssa.Call:
		fn := taint.Callee(&x.Call)
		if fn == nil || fn.Pkg() == nil {
			return false
		}
		switch p := knownapi.PkgPath(fn.Pkg()); {
		case entPrivacyPkg(fn.Pkg()):
			return fn.Name() == "Denyf"
		case p == "fmt":
			return fn.Name() == "Errorf"
		case p == "errors":
			return fn.Name() == "New"
		}
	case *ssa.Phi:
		for _, e := range x.Edges {
			if !entDenyingError(e, depth+1) {
				return false
			}
		}
		return len(x.Edges) > 0
	}
	return false
}

// entPrivacyPkg reports whether p is entgo.io/ent/privacy or the privacy package ent generates
// beside a client (<client>/privacy), which re-exports its decisions.
func entPrivacyPkg(p *types.Package) bool {
	pp := knownapi.PkgPath(p)
	return pp == knownapi.PkgEnt+"/privacy" || path.Base(pp) == "privacy"
}

// entResolvePred renders a predicate of a filter fact on the entity of b as "column OP ?": a
// field the rule names by its generated method (field:TenantID) is the entity's Field<Name>
// column, an edge (edge:Tenant) whose key is in the entity's own table is that key. False
// where the entity has no such field or edge.
func entResolvePred(b *entBuilder, p string) (string, bool) {
	ref, op, _ := strings.Cut(p, " ")
	if f, ok := strings.CutPrefix(ref, "field:"); ok {
		col, ok := entConst(b.entity, "Field"+f)
		return col + " " + op, ok
	}
	if e, ok := strings.CutPrefix(ref, "edge:"); ok {
		table, _ := entConst(b.entity, "Table")
		rel, ok1 := entConst(b.entity, e+"Table")
		col, ok2 := entConst(b.entity, e+"Column")
		if !ok1 || !ok2 || rel != table {
			return "", false
		}
		return col + " " + op, true
	}
	return p, true
}

// entPolicyLists returns what the rules of a privacy.Policy literal fn builds add, those of
// its Query list and those of its Mutation list apart (ent evaluates the one for the
// operation at hand), each rule's filters counted only when no rule before it in the list
// can return privacy.Allow; ok is false when fn stores no rule list in a privacy.Policy.
func (c *checker) entPolicyLists(fn *ssa.Function, memo map[*ssa.Function][]string) (f *entFilterFact, ok bool) {
	return c.entPolicyListsOf(fn, nil, memo)
}

// entPolicyListsOf is entPolicyLists for the privacy.Policy at base alone (a local of fn, or a
// package variable its init fills in), or for any in fn when base is nil.
func (c *checker) entPolicyListsOf(fn *ssa.Function, base ssa.Value, memo map[*ssa.Function][]string) (f *entFilterFact, ok bool) {
	f = &entFilterFact{}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			st, isStore := instr.(*ssa.Store)
			if !isStore {
				continue
			}
			fa, isField := st.Addr.(*ssa.FieldAddr)
			if !isField || base != nil && fa.X != base || !knownapi.IsNamed(fa.X.Type().(*types.Pointer).Elem(), knownapi.PkgEnt+"/privacy", "Policy") {
				continue
			}
			field := fa.X.Type().(*types.Pointer).Elem().Underlying().(*types.Struct).Field(fa.Field).Name()
			if field != "Query" && field != "Mutation" {
				continue
			}
			ok = true
			var preds []string
			allowed := false
			rules, _ := varargs(st.Val)
			for _, r := range rules {
				ps, allows := c.entRulePreds(r, memo)
				if !allowed {
					preds = append(preds, ps...)
				}
				allowed = allowed || allows
			}
			if field == "Query" {
				f.Query = append(f.Query, preds...)
				f.QueryAllows = f.QueryAllows || allowed
			} else {
				f.Mutation = append(f.Mutation, preds...)
				f.MutationAllows = f.MutationAllows || allowed
			}
		}
	}
	slices.Sort(f.Query)
	slices.Sort(f.Mutation)
	f.Query, f.Mutation = slices.Compact(f.Query), slices.Compact(f.Mutation)
	return f, ok
}

// entRulePreds returns the predicates a rule value of a policy list adds, and whether it can
// return privacy.Allow: a call of a function that makes it (this package's followed, others'
// by their facts, ent's AlwaysAllowRule), or a function literal converted to a rule.
func (c *checker) entRulePreds(v ssa.Value, memo map[*ssa.Function][]string) ([]string, bool) {
	switch x := taint.Unconverted(v).(type) {
	case *ssa.Call:
		if fn := taint.Callee(&x.Call); fn != nil && fn.Pkg() != nil && entPrivacyPkg(fn.Pkg()) && fn.Name() == "AlwaysAllowRule" {
			return nil, true
		}
		g := x.Call.StaticCallee()
		if g == nil {
			return nil, false
		}
		if g.Pkg != nil && g.Pkg.Pkg == c.pass.Pkg && g.Blocks != nil {
			return c.entWhereP(g, memo, 1), c.entMayAllow(g, map[*ssa.Function]bool{}, 0)
		}
		if obj, ok := g.Object().(*types.Func); ok {
			f := new(entFilterFact)
			if c.pass.ImportObjectFact(obj, f) {
				return f.Query, f.QueryAllows || f.MutationAllows
			}
		}
	case *ssa.Function:
		return c.entWhereP(x, memo, 1), c.entMayAllow(x, map[*ssa.Function]bool{}, 0)
	case *ssa.MakeClosure:
		if fn, ok := x.Fn.(*ssa.Function); ok {
			return c.entWhereP(fn, memo, 1), c.entMayAllow(fn, map[*ssa.Function]bool{}, 0)
		}
	}
	return nil, false
}

// entMayAllow reports whether fn, its closures or the functions it calls (this package's
// followed, others' by their facts) can return privacy.Allow (or privacy.Allowf(...)), or make
// ent's AlwaysAllowRule.
func (c *checker) entMayAllow(fn *ssa.Function, seen map[*ssa.Function]bool, depth int) bool {
	if seen[fn] || depth > 8 {
		return false
	}
	seen[fn] = true
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch x := instr.(type) {
			case *ssa.Return:
				if len(x.Results) > 0 && entAllowing(x.Results[len(x.Results)-1], 0) {
					return true
				}
			case ssa.CallInstruction:
				common := x.Common()
				if f := taint.Callee(common); f != nil && f.Pkg() != nil && entPrivacyPkg(f.Pkg()) && f.Name() == "AlwaysAllowRule" {
					return true
				}
				g := common.StaticCallee()
				if g == nil {
					continue
				}
				if g.Pkg != nil && g.Pkg.Pkg == c.pass.Pkg && g.Blocks != nil {
					if c.entMayAllow(g, seen, depth+1) {
						return true
					}
				} else if obj, ok := g.Object().(*types.Func); ok {
					f := new(entFilterFact)
					if c.pass.ImportObjectFact(obj, f) && (f.QueryAllows || f.MutationAllows) {
						return true
					}
				}
			}
		}
	}
	for _, anon := range fn.AnonFuncs {
		if c.entMayAllow(anon, seen, depth+1) {
			return true
		}
	}
	return false
}

// entAllowing reports whether a returned error can be privacy.Allow.
func entAllowing(v ssa.Value, depth int) bool {
	if depth > maxDepth {
		return false
	}
	switch x := taint.Concrete(v).(type) {
	case *ssa.UnOp:
		g, ok := x.X.(*ssa.Global)
		return ok && g.Pkg != nil && entPrivacyPkg(g.Pkg.Pkg) && g.Name() == "Allow"
	case *ssa.Call:
		fn := taint.Callee(&x.Call)
		return fn != nil && fn.Pkg() != nil && entPrivacyPkg(fn.Pkg()) && fn.Name() == "Allowf"
	case *ssa.Phi:
		for _, e := range x.Edges {
			if entAllowing(e, depth+1) {
				return true
			}
		}
	}
	return false
}

// A schema's or mixin's Policy method often returns an ent.Policy made elsewhere: a function
// that builds it (base.TenantPolicy()), a package variable holding a privacy.Policy literal,
// in this package or another (their entFilterFacts), or nil.

// entPolicyType reports whether t is ent.Policy or privacy.Policy.
func entPolicyType(t types.Type) bool {
	return knownapi.IsNamed(t, knownapi.PkgEnt, "Policy") || knownapi.IsNamed(t, knownapi.PkgEnt+"/privacy", "Policy")
}

// entPolicyFunc returns what the policy fn returns adds: the privacy.Policy literal it builds,
// or the policy every one of its returns gives (entPolicyValue: the filters all of them add,
// allowing if one can). False when fn returns a policy it does not see (a rule, a parameter):
// its body is then read as a rule's (entWhereP).
func (c *checker) entPolicyFunc(fn *ssa.Function, memo map[*ssa.Function][]string, depth int) (*entFilterFact, bool) {
	if f, ok := c.entPolicyLists(fn, memo); ok {
		return f, true
	}
	res := fn.Signature.Results()
	if depth > 4 || res.Len() != 1 || !entPolicyType(res.At(0).Type()) {
		return nil, false
	}
	var out *entFilterFact
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || len(ret.Results) != 1 {
			continue
		}
		f, ok := c.entPolicyValue(ret.Results[0], memo, depth)
		if !ok {
			return nil, false
		}
		out = entMeetPolicies(out, f)
	}
	return out, out != nil
}

// entPolicyValue returns what an ent.Policy value adds: nil adds nothing; a call of a function
// (this package's followed, another's by its fact; none: nothing); a package variable (this
// package's by the literal its initialiser stores, another's by its fact); a privacy.Policy
// literal.
func (c *checker) entPolicyValue(v ssa.Value, memo map[*ssa.Function][]string, depth int) (*entFilterFact, bool) {
	switch x := taint.Unconverted(v).(type) {
	case *ssa.Const:
		if x.IsNil() {
			return &entFilterFact{}, true
		}
	case *ssa.Call:
		g := x.Call.StaticCallee()
		if g == nil || g.Pkg == nil || knownapi.IsEnt(knownapi.PkgPath(g.Pkg.Pkg)) || entPrivacyPkg(g.Pkg.Pkg) {
			return nil, false
		}
		if g.Pkg.Pkg == c.pass.Pkg {
			if g.Blocks == nil {
				return nil, false
			}
			return c.entPolicyFunc(g, memo, depth+1)
		}
		f := new(entFilterFact)
		if obj, ok := g.Object().(*types.Func); ok && c.pass.ImportObjectFact(obj, f) {
			return f, true
		}
		return &entFilterFact{}, true
	case *ssa.UnOp:
		switch y := x.X.(type) {
		case *ssa.Alloc:
			return c.entPolicyListsOf(x.Parent(), y, memo)
		case *ssa.Global:
			if y.Pkg != nil && y.Pkg.Pkg == c.pass.Pkg {
				return c.entPolicyGlobal(y, memo, depth)
			}
			f := new(entFilterFact)
			if obj, ok := y.Object().(*types.Var); ok && c.pass.ImportObjectFact(obj, f) {
				return f, true
			}
			return &entFilterFact{}, true
		}
	}
	return nil, false
}

// entPolicyGlobal returns what the policy a package variable of this package holds adds: the
// privacy.Policy literal the package's initialiser fills it with, or the value it stores.
func (c *checker) entPolicyGlobal(g *ssa.Global, memo map[*ssa.Function][]string, depth int) (*entFilterFact, bool) {
	init := g.Pkg.Func("init")
	if init == nil || depth > 4 {
		return nil, false
	}
	for _, b := range init.Blocks {
		for _, instr := range b.Instrs {
			if st, ok := instr.(*ssa.Store); ok && st.Addr == g {
				return c.entPolicyValue(st.Val, memo, depth+1)
			}
		}
	}
	// A privacy.Policy variable whose fields the initialiser sets in place.
	return c.entPolicyListsOf(init, g, memo)
}

// entMeetPolicies returns what a policy that is a or b adds: the filters both add, allowing
// where either can.
func entMeetPolicies(a, b *entFilterFact) *entFilterFact {
	if a == nil {
		return b
	}
	meet := func(x, y []string) []string {
		var out []string
		for _, p := range x {
			if slices.Contains(y, p) {
				out = append(out, p)
			}
		}
		return out
	}
	return &entFilterFact{
		Query:          meet(a.Query, b.Query),
		Mutation:       meet(a.Mutation, b.Mutation),
		QueryAllows:    a.QueryAllows || b.QueryAllows,
		MutationAllows: a.MutationAllows || b.MutationAllows,
	}
}
