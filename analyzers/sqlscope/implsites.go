package sqlscope

import (
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// A service usually reaches its queries through an interface: a repository field
// (s.repo.Get(ctx, id)) or sqlc's generated Querier. The call names no function, so it is
// resolved to the implementations the analysis can see: the concrete types of this package and
// the methods of dependencies whose query facts were exported. The site only tells which tables
// the function's queries reach (for TV1005, a tenant parameter the function drops); whether the
// implementation's handle is scoped is judged where the implementation is built or converted.

// implFact is one concrete method with a query fact that may implement an interface method.
type implFact struct {
	recv types.Type
	fact *queryFact
}

// implIndex returns the concrete methods with query facts by method name, built once per pass.
func (c *checker) implIndex() map[string][]implFact {
	if c.impls != nil {
		return c.impls
	}
	c.impls = map[string][]implFact{}
	for _, f := range c.pass.AllObjectFacts() {
		qf, ok := f.Fact.(*queryFact)
		if !ok {
			continue
		}
		m, ok := f.Object.(*types.Func)
		if !ok || m.Pkg() == c.pass.Pkg {
			continue
		}
		if recv := m.Type().(*types.Signature).Recv(); recv != nil && !types.IsInterface(recv.Type()) {
			c.impls[m.Name()] = append(c.impls[m.Name()], implFact{recv.Type(), qf})
		}
	}
	for _, name := range c.pass.Pkg.Scope().Names() {
		tn, ok := c.pass.Pkg.Scope().Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() || types.IsInterface(tn.Type()) {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok || named.TypeParams() != nil {
			continue
		}
		for i := range named.NumMethods() {
			m := named.Method(i)
			g := c.prog.FuncValue(m)
			if g == nil {
				continue
			}
			if f := c.factOf(g); f != nil {
				c.impls[m.Name()] = append(c.impls[m.Name()], implFact{m.Type().(*types.Signature).Recv().Type(), f})
			}
		}
	}
	return c.impls
}

// invokeSite returns the query site of a call through an interface. Its SQL is resolved later,
// by resolveInvoke, once every function of the package is summarized: an implementation in this
// package may be summarized only after the call is seen.
func (c *checker) invokeSite(fn *ssa.Function, call ssa.CallInstruction) *querySite {
	common := call.Common()
	iface, ok := common.Value.Type().Underlying().(*types.Interface)
	if !ok || common.Method == nil {
		return nil
	}
	return &querySite{fn: fn, instr: call, escape: "interface call", method: common.Method.Name(), iface: iface}
}

// resolveInvoke fills an interface call's site with the SQL of the implementations the analysis
// sees (see implIndex).
func (c *checker) resolveInvoke(st *querySite) {
	if st.iface == nil || st.resolved {
		return
	}
	st.resolved = true
	for _, im := range c.implIndex()[st.method] {
		if !types.Implements(im.recv, st.iface) {
			continue
		}
		st.sqls = append(st.sqls, im.fact.SQL...)
		st.dynamic = st.dynamic || im.fact.Dynamic
		st.noSQL = st.noSQL || im.fact.NoSQL
	}
	slices.Sort(st.sqls)
	st.sqls = slices.Compact(st.sqls)
}
