package sqlscope

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/stdlib"
)

// A service that drops its tenant parameter and reaches its queries only through an interface
// whose implementations live in packages it does not import (the hexagonal layout: package
// service declares Repo, package postgres imports service and implements it, main wires them)
// cannot be judged where it is written: modular analysis sees only downward. The service exports
// a pendingFact instead, and the finding is made where both sides are visible:
//
//   - in a package that declares an implementation of the interface (it imports the interface's
//     package, so it sees the fact), at the implementing method, when that method queries
//     tenant data;
//   - in a package that converts a concrete type declared elsewhere to the interface (the
//     wiring in main), at the conversion, when the implementing package could not report it
//     (it does not see the fact) and the method's query fact reaches tenant data.
//
// The implementing package marks the methods it reported (reportedFact) so that the wiring of
// the same type does not report the finding a second time. The position is always in the
// reporting package's own files (drivers attach a finding to the package whose pass reported
// it, and golangci-lint and go vet print or filter findings by that package's files); the service
// method that drops the tenant is a related place.

// pendingFact is exported for a function with tenant parameters it never uses whose queries, if
// any, are behind calls of named interfaces with no querying implementation in sight.
type pendingFact struct {
	Params []string      // the unused tenant parameters
	Calls  []pendingCall // the interface methods it calls, sorted
}

// pendingCall is an interface method a pending function calls.
type pendingCall struct {
	Pkg, Iface, Method string // the interface's package path and type name, and the method
}

func (*pendingFact) AFact() {}

func (f *pendingFact) String() string {
	var calls []string
	for _, pc := range f.Calls {
		calls = append(calls, pc.Iface+"."+pc.Method)
	}
	return "dropsTenant:" + strings.Join(f.Params, ",") + " calls:" + strings.Join(calls, ",")
}

// reportedFact is exported for a method at which the pending functions Funcs (their full names)
// were reported.
type reportedFact struct {
	Funcs []string
}

func (*reportedFact) AFact() {}

func (f *reportedFact) String() string { return "reportedDrop:" + strings.Join(f.Funcs, ",") }

// builtFact is exported for a constructor that returns a concrete type of its package as an
// interface (func NewRuleStore(...) ruletypes.RuleStore { return &rule{...} }): the wiring that
// calls it converts that type, though the conversion is written in the constructor.
type builtFact struct {
	Type    string // the type's name in the constructor's package
	Pointer bool   // a pointer to it is returned
	// Methods: the type's methods that query tenant tables on its own handles. The wiring
	// package reads them here, not from the type: when the constructor's package comes from
	// export data (go vet, the standalone driver), an unexported type that its API does not
	// name is not in it, nor are facts on its methods.
	Methods []BuiltMethod
}

// BuiltMethod is one querying method of a builtFact's type.
type BuiltMethod struct {
	Name, Func string   // the method's name, and as messages name it (pkg.Type.Method)
	SQL        []string // its constant SQL on tenant tables
}

func (*builtFact) AFact() {}

func (f *builtFact) String() string {
	if f.Pointer {
		return "builds:*" + f.Type
	}
	return "builds:" + f.Type
}

// exportBuilt exports the builtFact of a constructor whose every return converts one named
// type declared in this package, with methods that query tenant tables on their own handles,
// to an interface.
func (c *checker) exportBuilt(fn *ssa.Function) {
	obj, ok := fn.Object().(*types.Func)
	if !ok || !obj.Exported() || fn.Signature.Recv() != nil || fn.Signature.Results().Len() == 0 {
		return
	}
	var built *builtFact
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || len(ret.Results) == 0 {
			continue
		}
		mi, ok := ret.Results[0].(*ssa.MakeInterface)
		if !ok {
			return
		}
		t, ptr := mi.X.Type(), false
		if p, ok := t.(*types.Pointer); ok {
			t, ptr = p.Elem(), true
		}
		named, ok := types.Unalias(t).(*types.Named)
		if !ok || named.Obj().Pkg() != c.pass.Pkg || named.TypeArgs() != nil {
			return
		}
		f := &builtFact{Type: named.Obj().Name(), Pointer: ptr}
		if built != nil && (built.Type != f.Type || built.Pointer != f.Pointer) {
			return
		}
		built = f
	}
	if built == nil {
		return
	}
	named := c.pass.Pkg.Scope().Lookup(built.Type).(*types.TypeName).Type().(*types.Named)
	for i := range named.NumMethods() {
		m := named.Method(i)
		if g := c.prog.FuncValue(m); g != nil {
			if sqls := c.ownQueries(g); len(sqls) > 0 {
				built.Methods = append(built.Methods, BuiltMethod{Name: m.Name(), Func: funcName(m), SQL: sqls})
			}
		}
	}
	if len(built.Methods) > 0 {
		c.pass.ExportObjectFact(obj, built)
	}
}

// builtOf returns the builtFact of a call of another package's constructor that returns a
// concrete type of its own as an interface, or nil.
func (c *checker) builtOf(call *ssa.Call) *builtFact {
	callee := call.Call.StaticCallee()
	if callee == nil || callee.Object() == nil || callee.Pkg == nil || callee.Pkg.Pkg == c.pass.Pkg {
		return nil
	}
	bf := new(builtFact)
	if !c.pass.ImportObjectFact(callee.Object(), bf) {
		return nil
	}
	return bf
}

// pendingBuilt reports, at a call of a constructor that converts its own type to a pending
// function's interface, the pending functions whose call the type's querying method answers.
func (c *checker) pendingBuilt(fn *ssa.Function, conv ssa.Value, built *builtFact, uses []pendingUse, done map[string]bool) {
	for _, u := range uses {
		if !types.Identical(conv.Type(), u.iface) {
			continue
		}
		i := slices.IndexFunc(built.Methods, func(m BuiltMethod) bool { return m.Name == u.call.Method })
		if i < 0 {
			continue
		}
		m := built.Methods[i]
		key := u.fn.FullName() + " " + m.Func
		if done[key] {
			continue
		}
		tables, _ := c.tenantTables(&querySite{sqls: m.SQL})
		if len(tables) == 0 {
			continue
		}
		at := c.exprAt(fn, conv.(ssa.Instruction))
		if at == nil {
			continue
		}
		done[key] = true
		c.rep.ReportRelated(ruleUnusedTenant, at.Pos(), at.End(), nil, []analysis.RelatedInformation{c.droppedAt(u)},
			"%s queries tenant data through %s, implemented by %s converted here, but never uses its tenant parameter %s: filter the query by it or remove the parameter",
			funcName(u.fn), u.call.Iface+"."+u.call.Method, m.Func, strings.Join(u.fact.Params, ", "))
	}
}

// pendingCallOf returns the interface method an unresolved call through an interface names.
func (c *checker) pendingCallOf(st *querySite) (pendingCall, bool) {
	if st.iface == nil || st.instr == nil {
		return pendingCall{}, false
	}
	named, ok := types.Unalias(st.instr.Common().Value.Type()).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.TypeArgs() != nil {
		return pendingCall{}, false
	}
	if knownapi.DefinesQueryAPI(knownapi.PkgPath(named.Obj().Pkg())) {
		return pendingCall{}, false // a query API's own interface: its calls are query sites
	}
	if tf := c.pass.Fset.File(named.Obj().Pos()); tf == nil || stdlib.File(tf.Name()) {
		return pendingCall{}, false // context.Context, io.Writer: not repositories
	}
	return pendingCall{Pkg: named.Obj().Pkg().Path(), Iface: named.Obj().Name(), Method: st.method}, true
}

// exportPending exports the pendingFact of fn, which touches no tenant data the package sees
// and calls the interface methods calls.
func (c *checker) exportPending(fn *ssa.Function, calls []pendingCall) {
	obj, ok := fn.Object().(*types.Func)
	if !ok || fn.Origin() != nil || len(calls) == 0 {
		return
	}
	var params []string
	for _, v := range c.unusedTenant(fn) {
		params = append(params, v.Name())
	}
	if len(params) == 0 {
		return
	}
	slices.SortFunc(calls, func(a, b pendingCall) int {
		return strings.Compare(a.Pkg+"."+a.Iface+"."+a.Method, b.Pkg+"."+b.Iface+"."+b.Method)
	})
	c.pass.ExportObjectFact(obj, &pendingFact{Params: params, Calls: slices.Compact(calls)})
}

// pendingUse is one pending function's call of one interface method.
type pendingUse struct {
	fn    *types.Func
	fact  *pendingFact
	iface *types.Named
	call  pendingCall
}

// pendingUses returns the pending functions' calls whose interfaces the package can name.
func (c *checker) pendingUses() []pendingUse {
	var out []pendingUse
	for _, f := range c.pass.AllObjectFacts() {
		pf, ok := f.Fact.(*pendingFact)
		if !ok {
			continue
		}
		fn, ok := f.Object.(*types.Func)
		if !ok {
			continue
		}
		for _, pc := range pf.Calls {
			pkg := findPackage(pc.Pkg, c.pass.Pkg, fn.Pkg())
			if pkg == nil {
				continue
			}
			tn, ok := pkg.Scope().Lookup(pc.Iface).(*types.TypeName)
			if !ok {
				continue
			}
			named, ok := types.Unalias(tn.Type()).(*types.Named)
			if !ok || !types.IsInterface(named) {
				continue
			}
			out = append(out, pendingUse{fn: fn, fact: pf, iface: named, call: pc})
		}
	}
	slices.SortFunc(out, func(a, b pendingUse) int {
		return strings.Compare(a.fn.FullName()+" "+a.call.Iface+"."+a.call.Method, b.fn.FullName()+" "+b.call.Iface+"."+b.call.Method)
	})
	return out
}

// findPackage returns the package with the path among the roots and their imports.
func findPackage(path string, roots ...*types.Package) *types.Package {
	seen := map[*types.Package]bool{}
	queue := slices.Clone(roots)
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if p == nil || seen[p] {
			continue
		}
		seen[p] = true
		if p.Path() == path {
			return p
		}
		queue = append(queue, p.Imports()...)
	}
	return nil
}

// implMethod returns the method of t that implements u's interface method, if t implements the
// interface.
func implMethod(t types.Type, u pendingUse) *types.Func {
	iface := u.iface.Underlying().(*types.Interface)
	if !types.Implements(t, iface) {
		return nil
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, u.iface.Obj().Pkg(), u.call.Method)
	m, _ := obj.(*types.Func)
	return m
}

// reportPending reports the pending functions whose interface calls this package resolves: to
// a method it declares, or to a method declared elsewhere on a type it converts to the
// interface.
func (c *checker) reportPending(fns []*ssa.Function) {
	uses := c.pendingUses()
	if len(uses) == 0 {
		return
	}
	reported := map[*types.Func][]string{}
	done := map[string]bool{} // pending function + implementing method
	// Implementations declared here.
	scope := c.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() || types.IsInterface(tn.Type()) {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok || named.TypeParams() != nil {
			continue
		}
		for _, u := range uses {
			m := implMethod(types.NewPointer(named), u)
			if m == nil || m.Pkg() != c.pass.Pkg || done[u.fn.FullName()+" "+m.FullName()] {
				continue
			}
			g := c.prog.FuncValue(m)
			if g == nil || c.allowed(g) {
				continue
			}
			tables, related := c.tenantQueriesOf(g)
			if len(tables) == 0 {
				continue
			}
			done[u.fn.FullName()+" "+m.FullName()] = true
			decl, _ := g.Syntax().(*ast.FuncDecl)
			if decl == nil {
				continue
			}
			related = append([]analysis.RelatedInformation{c.droppedAt(u)}, related...)
			c.rep.ReportRelated(ruleUnusedTenant, decl.Name.Pos(), decl.Name.End(), nil, related,
				"%s queries tenant data through %s, implemented by %s, but never uses its tenant parameter %s: filter the query by it or remove the parameter",
				funcName(u.fn), u.call.Iface+"."+u.call.Method, funcName(m), strings.Join(u.fact.Params, ", "))
			reported[m] = append(reported[m], u.fn.FullName())
		}
	}
	for m, funcs := range reported {
		c.pass.ExportObjectFact(m, &reportedFact{Funcs: funcs})
	}
	// Types declared elsewhere, converted here to the interface.
	for _, fn := range fns {
		c.pendingConversions(fn, uses, done)
	}
}

// pendingConversions reports, at conversions in fn (and its closures) of a type declared in
// another package to a pending function's interface, the pending functions that the type's
// package did not report.
func (c *checker) pendingConversions(fn *ssa.Function, uses []pendingUse, done map[string]bool) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			var conv ssa.Value // the interface value
			var concrete types.Type
			var built *builtFact
			switch x := instr.(type) {
			case *ssa.MakeInterface:
				if !types.IsInterface(x.X.Type()) {
					conv, concrete = x, x.X.Type()
				}
			case *ssa.Call:
				if built = c.builtOf(x); built != nil {
					conv = x // a constructor converting its own type
				}
			}
			if conv == nil {
				continue
			}
			if built != nil {
				c.pendingBuilt(fn, conv, built, uses, done)
				continue
			}
			for _, u := range uses {
				if !types.Identical(conv.Type(), u.iface) {
					continue
				}
				m := implMethod(concrete, u)
				if m == nil || m.Pkg() == nil || m.Pkg() == c.pass.Pkg || done[u.fn.FullName()+" "+m.FullName()] {
					continue
				}
				var rf reportedFact
				if c.pass.ImportObjectFact(m, &rf) && slices.Contains(rf.Funcs, u.fn.FullName()) {
					continue // reported where the method is declared
				}
				qf := new(queryFact)
				if of := new(ownQueryFact); c.pass.ImportObjectFact(m, of) {
					qf.SQL = of.SQL
				} else if !c.pass.ImportObjectFact(m, qf) {
					continue
				}
				tables, _ := c.tenantTables(&querySite{sqls: qf.SQL, dynamic: qf.Dynamic, noSQL: qf.NoSQL})
				if len(tables) == 0 {
					continue
				}
				at := c.exprAt(fn, conv.(ssa.Instruction))
				if at == nil {
					continue
				}
				done[u.fn.FullName()+" "+m.FullName()] = true
				related := []analysis.RelatedInformation{c.droppedAt(u), {Pos: m.Pos(), End: m.Pos() + token.Pos(len(m.Name())), Message: fmt.Sprintf("%s queries %s", funcName(m), strings.Join(tables, ", "))}}
				c.rep.ReportRelated(ruleUnusedTenant, at.Pos(), at.End(), nil, related,
					"%s queries tenant data through %s, implemented by %s converted here, but never uses its tenant parameter %s: filter the query by it or remove the parameter",
					funcName(u.fn), u.call.Iface+"."+u.call.Method, funcName(m), strings.Join(u.fact.Params, ", "))
			}
		}
	}
	for _, anon := range fn.AnonFuncs {
		c.pendingConversions(anon, uses, done)
	}
}

// droppedAt is the related place of a pending function: its declaration.
func (c *checker) droppedAt(u pendingUse) analysis.RelatedInformation {
	return analysis.RelatedInformation{
		Pos: u.fn.Pos(), End: u.fn.Pos() + token.Pos(len(u.fn.Name())),
		Message: fmt.Sprintf("%s takes the tenant (%s) and calls %s without it", funcName(u.fn), strings.Join(u.fact.Params, ", "), u.call.Iface+"."+u.call.Method),
	}
}

// tenantQueriesOf returns the tenant tables a function's query sites reach, whatever their
// handles, and the sites as related places.
func (c *checker) tenantQueriesOf(fn *ssa.Function) (tables []string, related []analysis.RelatedInformation) {
	for _, st := range c.summarize(fn).sites {
		t, _ := c.siteTables(st)
		if len(t) == 0 {
			continue
		}
		tables = append(tables, t...)
		node := c.callNode(st)
		related = append(related, analysis.RelatedInformation{Pos: node.Pos(), End: node.End(), Message: tenantQueryDesc(st, t)})
	}
	slices.Sort(tables)
	return slices.Compact(tables), related
}

// siteTables returns the tenant tables of a site (tenantTables), after resolving a call through
// an interface; ok is false for such a call that no implementation in sight resolves.
func (c *checker) siteTables(st *querySite) (tables []string, unknown bool) {
	c.resolveInvoke(st)
	if st.iface != nil && len(st.sqls) == 0 && !st.dynamic && !st.noSQL {
		return nil, false
	}
	return c.tenantTables(st)
}

// funcName names a function for a message about another package: pkg.Func or pkg.Type.Method.
func funcName(fn *types.Func) string {
	name := fn.Name()
	if recv := fn.Type().(*types.Signature).Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			name = n.Obj().Name() + "." + name
		}
	}
	if fn.Pkg() != nil {
		name = fn.Pkg().Name() + "." + name
	}
	return name
}

// mayDropTenant reports whether the package declares a function with a tenant parameter and
// calls a method of an interface: such a function may drop the tenant on its way to a query
// behind the interface (a pendingFact), so the package must be analysed though it names no
// query API.
func (c *checker) mayDropTenant() bool {
	hasTenantParam := false
	for _, obj := range c.pass.TypesInfo.Defs {
		fn, ok := obj.(*types.Func)
		if !ok {
			continue
		}
		params := fn.Type().(*types.Signature).Params()
		for i := range params.Len() {
			if tenantParam(params.At(i)) {
				hasTenantParam = true
				break
			}
		}
		if hasTenantParam {
			break
		}
	}
	if !hasTenantParam {
		return false
	}
	for _, obj := range c.pass.TypesInfo.Uses {
		if fn, ok := obj.(*types.Func); ok {
			if recv := fn.Type().(*types.Signature).Recv(); recv != nil && types.IsInterface(recv.Type()) {
				return true
			}
		}
	}
	return false
}
