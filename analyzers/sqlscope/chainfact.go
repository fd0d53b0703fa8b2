package sqlscope

import (
	"go/types"
	"slices"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// Builder chains (squirrel, bun, pop) are followed back from where they run to where they
// start; each path through branches and helpers is a variant. A helper the package defines is
// summarised per return: each variant of each return's chain, with the parameter it starts
// from, so a caller continues each variant from its own argument. A query is filtered only if
// every variant is.

// chain is one variant of a builder chain in the function being analysed: the value it starts
// from (a handle, a parameter, a call whose result is not followed) and its steps.
type chain[S any] struct {
	base  ssa.Value
	steps []S
	// runner is the handle this variant runs on where the library gives a builder one
	// (squirrel's RunWith), when ran is set (nil then: another package's pool, unscoped).
	runner ssa.Value
	ran    bool
}

// ChainVariant is one variant of what a helper returns, as a fact holds it: built from
// parameter Param (-1: from nothing the caller gives) by Steps. Unscoped: with no Param, the
// chain starts on a handle of the helper's own that is unscoped (a pool).
//
// Run (squirrel) is 1 + the index in the fact's runners of the handle RunWith gave this
// variant in the helper; 0: none, it runs on whatever its argument's chain got.
type ChainVariant[S any] struct {
	Param    int
	Unscoped bool
	Steps    []S
	Run      int `json:",omitempty"`
}

// from says where a variant starts, for a fact's String.
func (v ChainVariant[S]) from() string {
	if v.Unscoped {
		return "pool"
	}
	return strconv.Itoa(v.Param)
}

// startAt returns the one variant of a chain that starts at v with no steps.
func startAt[S any](v ssa.Value) []chain[S] { return []chain[S]{{base: v}} }

// limitChains bounds the number of variants followed.
func limitChains[S any](cs []chain[S]) []chain[S] {
	if len(cs) > maxVariants {
		cs = cs[:maxVariants]
	}
	return cs
}

// extendChains appends steps to each variant.
func extendChains[S any](cs []chain[S], steps ...S) []chain[S] {
	out := make([]chain[S], len(cs))
	for i, c := range cs {
		out[i] = chain[S]{base: c.base, steps: append(slices.Clip(c.steps), steps...), runner: c.runner, ran: c.ran}
	}
	return out
}

// applyChainFact returns the variants of what a call of a helper returns: each of the fact's
// variants continued from the caller's chains of the argument it starts from (fromArg), or,
// with no parameter, starting at own(i) for the fact's i-th variant. runner (nil: none)
// returns the handle the helper gave the i-th variant, which replaces its argument's.
func applyChainFact[S any](vs []ChainVariant[S], args []ssa.Value, fromArg func(ssa.Value) []chain[S], own func(i int) ssa.Value, runner func(i int) (ssa.Value, bool)) []chain[S] {
	var out []chain[S]
	for i, v := range vs {
		var cs []chain[S]
		if v.Param >= 0 && v.Param < len(args) {
			cs = extendChains(fromArg(args[v.Param]), v.Steps...)
		} else {
			cs = []chain[S]{{base: own(i), steps: slices.Clip(v.Steps)}}
		}
		if runner != nil {
			if h, ok := runner(i); ok {
				for j := range cs {
					cs[j].runner, cs[j].ran = h, true
				}
			}
		}
		out = append(out, cs...)
	}
	return limitChains(out)
}

// paramIndex returns the index of the parameter of g a chain starts from, or -1.
func paramIndex(g *ssa.Function, base ssa.Value) int {
	if prm, ok := base.(*ssa.Parameter); ok && prm.Parent() == g {
		return slices.Index(g.Params, prm)
	}
	return -1
}

// chainResult reports whether a function's results are a builder (isBuilder), alone or with
// an error: (sq.SelectBuilder, error) is summarised like sq.SelectBuilder.
func chainResult(sig *types.Signature, isBuilder func(types.Type) bool) bool {
	res := sig.Results()
	switch res.Len() {
	case 1:
		return isBuilder(res.At(0).Type())
	case 2:
		return isBuilder(res.At(0).Type()) && types.Identical(res.At(1).Type(), types.Universe.Lookup("error").Type())
	}
	return false
}

// helperResult returns the call of a function whose builder v is: the call itself, or the
// call whose first result v extracts (a helper returning the builder and an error).
func helperResult(v ssa.Value) (*ssa.Call, bool) {
	switch x := v.(type) {
	case *ssa.Call:
		return x, true
	case *ssa.Extract:
		if call, ok := x.Tuple.(*ssa.Call); ok && x.Index == 0 {
			return call, true
		}
	}
	return nil, false
}

// returnedChains returns the variants of the chains g's returns build (its first result),
// each with its parameter; chainOf follows one returned value. A recursive call contributes
// no variant, nor does an error path (the zero builder, or an error certainly not nil: the
// caller does not run what comes with it).
func returnedChains[S any](g *ssa.Function, chainOf func(ssa.Value) []chain[S]) (vs []ChainVariant[S], bases []ssa.Value) {
	for _, r := range returnedValues(g) {
		for _, c := range chainOf(r) {
			vs = append(vs, ChainVariant[S]{Param: paramIndex(g, c.base), Steps: c.steps})
			bases = append(bases, c.base)
		}
	}
	if len(vs) > maxVariants {
		vs, bases = vs[:maxVariants], bases[:maxVariants]
	}
	return vs, bases
}

// returnedValues returns the builders g's returns return (its first result), but for error
// paths: the zero builder, or one returned with an error certainly not nil.
func returnedValues(g *ssa.Function) []ssa.Value {
	var out []ssa.Value
	for _, b := range g.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || len(ret.Results) == 0 {
			continue
		}
		if _, zero := ret.Results[0].(*ssa.Const); zero {
			continue
		}
		if len(ret.Results) == 2 && failing(ret.Results[1]) {
			continue
		}
		out = append(out, ret.Results[0])
	}
	return out
}

// failing reports whether an error value is certainly not nil: an interface made from a
// value, or the result of errors.New or fmt.Errorf.
func failing(v ssa.Value) bool {
	switch x := v.(type) {
	case *ssa.MakeInterface:
		return true
	case *ssa.Call:
		if fn, ok := x.Call.Value.(*ssa.Function); ok && fn.Pkg != nil {
			switch fn.Pkg.Pkg.Path() + "." + fn.Name() {
			case "errors.New", "fmt.Errorf":
				return true
			}
		}
	}
	return false
}

// chainsUseful reports whether a helper's variants say anything: some variant starts from a
// parameter or has steps.
func chainsUseful[S any](vs []ChainVariant[S]) bool {
	return slices.ContainsFunc(vs, func(v ChainVariant[S]) bool { return v.Param >= 0 || len(v.Steps) > 0 })
}

// chainBusy reports whether the fact of g is being computed: a call of g met meanwhile is a
// recursive one.
func (c *checker) chainBusy(g *ssa.Function) bool {
	if g.Origin() != nil {
		g = g.Origin()
	}
	return c.busy[g]
}

// markUnscoped marks the variants that start on an unscoped handle of the helper's own (a
// pool): a caller in another package sees no handle, and knows it is unscoped.
func markUnscoped[S any](c *checker, vs []ChainVariant[S], bases []ssa.Value, isHandle func(types.Type) bool) {
	for i := range vs {
		if vs[i].Param < 0 && bases[i] != nil && isHandle(bases[i].Type()) && c.unscoped(bases[i]) {
			vs[i].Unscoped = true
		}
	}
}

// ownHandle returns the handle the i-th variant of a helper's fact starts on when it starts
// from no parameter: for this package's helper the handle itself, when the chain starts on
// one; for another package's, nil (no handle is visible) when it is unscoped; else the call.
func (c *checker) ownHandle(g *ssa.Function, call ssa.Value, unscoped bool, i int, isHandle func(types.Type) bool) ssa.Value {
	if g.Origin() != nil {
		g = g.Origin()
	}
	if bases, ok := c.ownBases[g]; ok {
		if i < len(bases) && bases[i] != nil && isHandle(bases[i].Type()) {
			return bases[i]
		}
		return call
	}
	if unscoped {
		return nil
	}
	return call
}

// addHandle adds a handle a site's statement runs on, once.
func (st *querySite) addHandle(h ssa.Value) {
	if !slices.Contains(st.handles, h) {
		st.handles = append(st.handles, h)
	}
}

// chainFactPtr is a helper fact type of a builder library (*squirrelFact, *bunFact, *popFact).
type chainFactPtr[T any] interface {
	*T
	analysis.Fact
}

// chainFactOf returns the fact of a function: computed for this package's functions (nil
// while it is being computed: a call met meanwhile is recursive, see chainBusy), imported for
// others'.
func chainFactOf[T any, PT chainFactPtr[T]](c *checker, g *ssa.Function, cache map[*ssa.Function]PT, compute func(*ssa.Function) PT) PT {
	if g.Origin() != nil {
		g = g.Origin()
	}
	if g.Pkg != nil && g.Pkg.Pkg == c.pass.Pkg {
		if f, ok := cache[g]; ok {
			return f
		}
		cache[g] = nil
		c.busy[g] = true
		f := compute(g)
		delete(c.busy, g)
		cache[g] = f
		return f
	}
	obj := g.Object()
	if obj == nil {
		return nil
	}
	f := PT(new(T))
	if c.pass.ImportObjectFact(obj, f) {
		return f
	}
	return nil
}

// exportChainFacts exports the facts of the package's top-level functions and methods.
func exportChainFacts[T any, PT chainFactPtr[T]](c *checker, fns []*ssa.Function, factOf func(*ssa.Function) PT) {
	for _, fn := range fns {
		if fn.Parent() != nil || fn.Synthetic != "" || fn.Object() == nil || fn.Origin() != nil {
			continue
		}
		if f := factOf(fn); f != nil {
			c.pass.ExportObjectFact(fn.Object(), f)
		}
	}
}

// helperVariants summarises a function whose result is a builder (isBuilder; with an error
// or not): the variants of each return's chain (chainOf), each with the parameter it starts
// from; nil when they say nothing. The variants made on a handle of the function's own
// (isHandle) are marked unscoped when it is, and the handles kept for this package's callers.
func helperVariants[S any](c *checker, g *ssa.Function, isBuilder func(types.Type) bool, chainOf func(ssa.Value) []chain[S], isHandle func(types.Type) bool) []ChainVariant[S] {
	if g.Blocks == nil || !chainResult(g.Signature, isBuilder) {
		return nil
	}
	vs, bases := returnedChains(g, chainOf)
	if !chainsUseful(vs) {
		return nil
	}
	markUnscoped(c, vs, bases, isHandle)
	c.ownBases[g] = bases
	return vs
}

// helperChains returns the variants of what a call of a helper returns (variantsOf: its
// fact's variants, nil without a fact), each continued from the caller's chains of the
// argument it starts from (fromArg), or from the helper's own handle (isHandle). A recursive
// call returns none: the other returns of the function count.
//
// runnerOf (nil: none) returns the handle the helper's fact gives its i-th variant.
func helperChains[S any](c *checker, call *ssa.Call, variantsOf func(*ssa.Function) []ChainVariant[S], fromArg func(ssa.Value) []chain[S], isHandle func(types.Type) bool, runnerOf func(g *ssa.Function, i int) (ssa.Value, bool)) []chain[S] {
	g := call.Call.StaticCallee()
	if g == nil {
		return startAt[S](call)
	}
	if c.chainBusy(g) {
		return nil
	}
	vs := variantsOf(g)
	if vs == nil {
		return startAt[S](call)
	}
	var runner func(int) (ssa.Value, bool)
	if runnerOf != nil {
		runner = func(i int) (ssa.Value, bool) { return runnerOf(g, i) }
	}
	return applyChainFact(vs, call.Call.Args, fromArg,
		func(i int) ssa.Value { return c.ownHandle(g, call, vs[i].Unscoped, i, isHandle) }, runner)
}

// chainSite returns the query site of a finisher whose receiver's chain has the variants
// given: each rendered into it (render: false when the library sends no statement for it),
// with its handle; nil when none is sent.
func chainSite[S any](fn *ssa.Function, call ssa.CallInstruction, variants []chain[S], render func(st *querySite, steps []S) bool) *querySite {
	st := &querySite{fn: fn, instr: call}
	ran := false
	for _, v := range variants {
		if render(st, v.steps) {
			ran = true
			st.addHandle(v.base)
		}
	}
	if !ran {
		return nil
	}
	slices.Sort(st.sqls)
	st.sqls = slices.Compact(st.sqls)
	return st
}
