package sqlscope

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/taint"
)

// A method that queries through its receiver runs later when it escapes as a method value
// (mux.HandleFunc("/notes", srv.List)) or inside an interface value (http.Handle("/", srv)):
// the receiver it is bound to decides whether those queries are scoped. This is what catches a
// store whose handle is an interface-typed field (type Store struct{ db DBTX }) built on the
// pool: the methods querying s.db get a fact, and no call site in the program binds their
// receiver statically; the method value or the conversion does.

// boundSite returns the query site of a bound method value whose method queries through its
// receiver.
func (c *checker) boundSite(fn *ssa.Function, mc *ssa.MakeClosure) *querySite {
	bound, ok := mc.Fn.(*ssa.Function)
	if !ok || !strings.HasPrefix(bound.Synthetic, "bound method wrapper") || len(mc.Bindings) != 1 {
		return nil
	}
	m, ok := bound.Object().(*types.Func)
	if !ok || types.IsInterface(m.Type().(*types.Signature).Recv().Type()) {
		return nil
	}
	callee, f := c.methodFact(m)
	if f == nil || f.Params[0] != 0 {
		return nil
	}
	pos := c.exprAt(fn, mc)
	if pos == nil {
		return nil
	}
	return &querySite{fn: fn, pos: pos, escape: "method value", method: m.Name(), callee: callee, handles: []ssa.Value{mc.Bindings[0]}, sqls: f.SQL, dynamic: f.Dynamic, noSQL: f.NoSQL, from: f}
}

// conversionSites returns a query site for each method of the target interface that queries
// through its receiver: whoever holds the interface value can run them.
func (c *checker) conversionSites(fn *ssa.Function, mi *ssa.MakeInterface) []*querySite {
	iface, ok := mi.Type().Underlying().(*types.Interface)
	if !ok || iface.NumMethods() == 0 || !c.isHandle(mi.X.Type()) {
		return nil
	}
	var out []*querySite
	for i := range iface.NumMethods() {
		im := iface.Method(i)
		obj, _, _ := types.LookupFieldOrMethod(mi.X.Type(), true, im.Pkg(), im.Name())
		m, ok := obj.(*types.Func)
		if !ok {
			continue
		}
		callee, f := c.methodFact(m)
		if f == nil || f.Params[0] != 0 {
			continue
		}
		pos := c.exprAt(fn, mi)
		if pos == nil {
			return nil
		}
		out = append(out, &querySite{fn: fn, pos: pos, escape: "conversion to " + typeString(mi.Type()), method: m.Name(), callee: callee, handles: []ssa.Value{mi.X}, sqls: f.SQL, dynamic: f.Dynamic, noSQL: f.NoSQL, from: f})
	}
	return out
}

// methodFact returns the SSA function (nil for another package's method) and query fact of a
// concrete method.
func (c *checker) methodFact(m *types.Func) (*ssa.Function, *queryFact) {
	if m.Pkg() == c.pass.Pkg {
		g := c.prog.FuncValue(m)
		if g == nil {
			return nil, nil
		}
		return g, c.factOf(g)
	}
	f := new(queryFact)
	if !c.pass.ImportObjectFact(m, f) || len(f.Params) == 0 {
		return nil, nil
	}
	return c.prog.FuncValue(m), f
}

// exprAt returns the syntax an escape is reported at: the instruction's own position, or the
// call argument or assignment it flows into.
func (c *checker) exprAt(fn *ssa.Function, v ssa.Instruction) analysis.Range {
	if p := v.Pos(); p.IsValid() {
		return posRange(p)
	}
	val, ok := v.(ssa.Value)
	if !ok {
		return nil
	}
	for _, r := range *val.Referrers() {
		switch r := r.(type) {
		case ssa.CallInstruction:
			call := c.calls[r.Pos()]
			if call == nil {
				continue
			}
			for i, a := range taint.Args(r.Common()) {
				if a == val && i < len(call.Args) {
					return call.Args[i]
				}
			}
			return call
		case *ssa.Store:
			if r.Pos().IsValid() {
				return posRange(r.Pos())
			}
		}
	}
	return nil
}
