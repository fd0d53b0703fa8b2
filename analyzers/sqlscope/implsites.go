package sqlscope

import (
	"fmt"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/knownapi"
)

// A service usually reaches its queries through an interface: a repository field
// (s.repo.Get(ctx, id)) or sqlc's generated Querier. The call names no function, so it is
// resolved to the implementations the analysis can see: the concrete types of this package and
// the methods of dependencies whose query facts were exported. The site only tells which tables
// the function's queries reach (for TV1005, a tenant parameter the function drops); whether the
// implementation's handle is scoped is judged where the implementation is built or converted.

// ownQueryFact is exported for a method that queries tenant tables through a handle of its own
// (a pool in a field, a handle its store hands out), not one of its parameters: the tables a call
// through an interface it implements reaches, when the caller sees only the interface. Methods
// that query through their parameters have a queryFact instead.
type ownQueryFact struct {
	SQL []string // constant SQL on tenant tables, sorted
}

func (*ownQueryFact) AFact() {}

func (f *ownQueryFact) String() string { return fmt.Sprintf("queriesOwn:%d", len(f.SQL)) }

// exportOwnQueries exports the ownQueryFact of a method whose sites query tenant tables on
// handles that are not its parameters.
func (c *checker) exportOwnQueries(fn *ssa.Function, sites []*querySite) {
	obj, ok := fn.Object().(*types.Func)
	if !ok || !obj.Exported() || fn.Origin() != nil || fn.Signature.Recv() == nil || c.allowed(fn) {
		return // only an exported method implements another package's interface
	}
	if sqls := c.ownSQL(sites); len(sqls) > 0 {
		c.pass.ExportObjectFact(obj, &ownQueryFact{SQL: sqls})
	}
}

// ownQueries returns the SQL on tenant tables a method of this package runs on its own handles.
func (c *checker) ownQueries(g *ssa.Function) []string {
	if g.Parent() != nil || g.Origin() != nil || g.Synthetic != "" || g.Blocks == nil || c.allowed(g) {
		return nil
	}
	return c.ownSQL(c.summarize(g).sites)
}

// ownSQL returns the constant SQL on tenant tables of the sites whose handles are not parameters.
func (c *checker) ownSQL(sites []*querySite) []string {
	var sqls []string
	for _, st := range sites {
		if st.iface != nil || st.from != nil || len(st.sqls) == 0 {
			continue
		}
		own := false
		for _, h := range st.handles {
			if h == nil || knownapi.IsTypeIn(h.Type(), knownapi.PoolTypes) || len(c.origin(h).params) == 0 {
				own = true
			}
		}
		if !own {
			continue
		}
		if tables, _ := c.tenantTables(st); len(tables) > 0 {
			sqls = append(sqls, st.sqls...)
		}
	}
	slices.Sort(sqls)
	return slices.Compact(sqls)
}

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
		if of, own := f.Fact.(*ownQueryFact); own {
			qf, ok = &queryFact{SQL: of.SQL}, true
		}
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
			if sqls := c.ownQueries(g); len(sqls) > 0 {
				c.impls[m.Name()] = append(c.impls[m.Name()], implFact{m.Type().(*types.Signature).Recv().Type(), &queryFact{SQL: sqls}})
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
