package headertrust

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/taint"
)

// This file recognises generated decoders that hand the parameter they decode to a callback,
// as ogen's decodeXParams functions do:
//
//	q := uri.NewQueryDecoder(r.URL.Query())
//	cfg := uri.QueryParameterDecodingConfig{Name: "tenant_id", Style: uri.QueryStyleForm}
//	q.DecodeParam(cfg, func(d uri.Decoder) error {
//		val, err := d.DecodeValue()
//		...
//		params.TenantID = c
//	})
//
// The value the callback reads from its decoder parameter is what the call it was given
// decodes: the request's query or headers (a url.Values or http.Header its receiver or
// arguments were built from) under the constant name the call is given, or a claim one of
// them was built from. Nothing depends on the generator's or the package's name.

// maxDecoderDepth bounds the walk from a decoder back to what it was built from.
const maxDecoderDepth = 12

// decoded reports whether c reads a claim from a decoder handed to a callback: a method call
// without arguments whose first result can carry a tenant (d.DecodeValue()), on a receiver that
// is, through captured variables, a parameter of a function literal passed to a call that
// decodes a tenant-named parameter of the request's query or headers.
func (a *analysis_) decoded(c *ssa.CallCommon) (taint.Source, bool) {
	recv := taint.Receiver(c)
	res := c.Signature().Results()
	if recv == nil || len(taint.Args(c)) != 0 || res.Len() == 0 || !claimCarrier(res.At(0).Type()) {
		return taint.Source{}, false
	}
	if fn := taint.Callee(c); fn == nil || taint.IsTransform(fn, a.cfg.verifiers) {
		return taint.Source{}, false // d.String(): the receiver's own claims are followed
	}
	for _, call := range a.callbackCalls(recv, 0) {
		ev := &decoderEvidence{a: a, seen: map[ssa.Value]bool{}}
		if r := taint.Receiver(&call.Call); r != nil {
			ev.walk(r, 0)
		}
		for _, arg := range taint.Args(&call.Call) {
			if !isFuncValue(arg) {
				ev.walk(arg, 0)
			}
		}
		if src, ok := ev.claim(); ok {
			return src, true
		}
	}
	// A decoder built by a constructor from the value it decodes and the parameter's name
	// (uri.NewPathDecoder(uri.PathDecoderConfig{Param: "tenantID", Value: args[0]})).
	for _, ctor := range constructors(recv, 0) {
		ev := &decoderEvidence{a: a, seen: map[ssa.Value]bool{}}
		for _, arg := range ctor.Call.Args {
			ev.walk(arg, 0)
		}
		if src, ok := ev.claim(); ok {
			return src, true
		}
	}
	return taint.Source{}, false
}

// constructors returns the calls that built the decoder v: calls of a function, not a method,
// returning a pointer (d := uri.NewPathDecoder(cfg)), found through captured variables.
func constructors(v ssa.Value, depth int) []*ssa.Call {
	if depth > maxDecoderDepth {
		return nil
	}
	switch v := taint.Concrete(v).(type) {
	case *ssa.FreeVar:
		var out []*ssa.Call
		for _, b := range bindings(v) {
			out = append(out, constructors(b, depth+1)...)
		}
		return out
	case *ssa.Alloc:
		var out []*ssa.Call
		for _, s := range stores(v) {
			out = append(out, constructors(s, depth+1)...)
		}
		return out
	case *ssa.UnOp:
		if v.Op == token.MUL {
			return constructors(v.X, depth+1)
		}
	case *ssa.Call:
		f := v.Call.StaticCallee()
		if f == nil || f.Signature.Recv() != nil {
			return nil
		}
		if _, ok := types.Unalias(v.Type()).(*types.Pointer); ok {
			return []*ssa.Call{v}
		}
	}
	return nil
}

// callbackCalls returns the calls that a function literal whose parameter v is (directly, or
// as a variable a nested literal captures) is passed to as an argument.
func (a *analysis_) callbackCalls(v ssa.Value, depth int) []*ssa.Call {
	if depth > maxDecoderDepth {
		return nil
	}
	switch v := taint.Concrete(v).(type) {
	case *ssa.FreeVar:
		var out []*ssa.Call
		for _, b := range bindings(v) {
			out = append(out, a.callbackCalls(b, depth+1)...)
		}
		return out
	case *ssa.UnOp:
		if v.Op == token.MUL {
			return a.callbackCalls(v.X, depth+1) // a captured variable: *d
		}
	case *ssa.Alloc:
		var out []*ssa.Call
		for _, s := range stores(v) {
			out = append(out, a.callbackCalls(s, depth+1)...)
		}
		return out
	case *ssa.Parameter:
		fn := v.Parent()
		if fn.Parent() == nil || fn.Signature.Recv() != nil {
			return nil // only a function literal is a callback the decoder calls
		}
		var out []*ssa.Call
		for _, val := range closureValues(fn) {
			refs := val.Referrers()
			if refs == nil {
				continue
			}
			for _, r := range *refs {
				call, ok := r.(*ssa.Call)
				if !ok || call.Call.Value == val {
					continue // called here, not handed to a decoder
				}
				if fn := taint.Callee(&call.Call); fn != nil && a.isVerifier(fn) {
					continue
				}
				if slices.Contains(taint.Args(&call.Call), val) {
					out = append(out, call)
				}
			}
		}
		return out
	}
	return nil
}

// closureValues returns the values denoting the function literal fn in its parent: the
// MakeClosure instructions binding its captured variables, or fn itself when it captures none.
func closureValues(fn *ssa.Function) []ssa.Value {
	if len(fn.FreeVars) == 0 {
		return []ssa.Value{fn}
	}
	var out []ssa.Value
	for _, b := range fn.Parent().Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn {
				out = append(out, mc)
			}
		}
	}
	return out
}

// bindings returns the values a captured variable is bound to where its closure is made.
func bindings(v *ssa.FreeVar) []ssa.Value {
	fn := v.Parent()
	idx := slices.Index(fn.FreeVars, v)
	if idx < 0 || fn.Parent() == nil {
		return nil
	}
	var out []ssa.Value
	for _, mc := range closureValues(fn) {
		if mc, ok := mc.(*ssa.MakeClosure); ok && idx < len(mc.Bindings) {
			out = append(out, mc.Bindings[idx])
		}
	}
	return out
}

// isFuncValue reports whether v is a function value (the callback itself).
func isFuncValue(v ssa.Value) bool {
	_, ok := v.Type().Underlying().(*types.Signature)
	return ok
}

// decoderEvidence is what a decoding call was given: a claim its receiver or arguments were
// built from, the kind of request map (query or headers) among them and the constant strings
// naming the parameter (a literal argument, or a field of a config struct).
type decoderEvidence struct {
	a     *analysis_
	seen  map[ssa.Value]bool
	src   *taint.Source
	kind  string
	path  bool // a value cut from the request's URL path
	names []ssa.Value
}

// walk collects the evidence v holds: v itself, and the values a decoder or config value was
// built from (the arguments of the constructor that returned it, the fields stored into the
// struct it was loaded from, the variable its closure captured).
func (e *decoderEvidence) walk(v ssa.Value, depth int) {
	if v == nil || depth > maxDecoderDepth || e.seen[v] || e.src != nil {
		return
	}
	e.seen[v] = true
	switch {
	case knownapi.IsNamed(v.Type(), "net/url", "Values"):
		e.kind = knownapi.KindQuery
		return
	case knownapi.IsNamed(v.Type(), "net/http", "Header"):
		if !taint.IsResponseHeader(v) {
			e.kind = knownapi.KindHeader
		}
		return
	}
	if _, ok := taint.ConstString(v); ok {
		e.names = append(e.names, v)
		return
	}
	if claimCarrier(v.Type()) {
		if src, ok := taint.Trace(v, settings); ok {
			e.src = &src
		} else if e.a.requestPath(v, 0) {
			e.path = true
		}
		return
	}
	var next []ssa.Value
	switch v := v.(type) {
	case *ssa.MakeInterface:
		next = []ssa.Value{v.X}
	case *ssa.ChangeType:
		next = []ssa.Value{v.X}
	case *ssa.Phi:
		next = v.Edges
	case *ssa.FreeVar:
		next = bindings(v)
	case *ssa.Extract:
		if v.Index == 0 {
			next = []ssa.Value{v.Tuple}
		}
	case *ssa.Call:
		// A constructor of the decoder or its config (uri.NewQueryDecoder(r.URL.Query())); a
		// verifier's result is trusted.
		if fn := taint.Callee(&v.Call); fn == nil || e.a.isVerifier(fn) {
			return
		}
		next = v.Call.Args
	case *ssa.UnOp:
		if v.Op == token.MUL {
			next = []ssa.Value{v.X}
		}
	case *ssa.Alloc:
		next = append(stores(v), allFieldStores(v)...)
	}
	for _, n := range next {
		e.walk(n, depth+1)
	}
}

// allFieldStores returns the values stored into the fields of the struct addr points to
// (cfg := Config{Name: "tenant_id"}).
func allFieldStores(addr ssa.Value) []ssa.Value {
	refs := addr.Referrers()
	if refs == nil {
		return nil
	}
	var out []ssa.Value
	for _, r := range *refs {
		if fa, ok := r.(*ssa.FieldAddr); ok {
			out = append(out, storesAt(fa)...)
		}
	}
	return out
}

// claim returns the claim the evidence proves: a claim the decoder was built from, or a
// constant naming a tenant parameter of the query or headers the decoder was built from.
func (e *decoderEvidence) claim() (taint.Source, bool) {
	if e.src != nil {
		return *e.src, true
	}
	kind := e.kind
	if kind == "" && e.path {
		kind = knownapi.KindPath
	}
	if kind == "" {
		return taint.Source{}, false
	}
	for _, n := range e.names {
		if src, ok := taint.NamedSource(kind, n, settings); ok {
			return src, true
		}
	}
	return taint.Source{}, false
}

// requestPath reports whether v is cut from the URL path of a request: r.URL.Path or
// r.URL.RawPath, through slicing, indexing, arrays, transforms and helpers returning their
// argument, and through the parameters of this package's functions when a call site passes
// such a value (a generated router handing the path segments it matched to the
// operation's handler and decoder).
func (a *analysis_) requestPath(v ssa.Value, depth int) bool {
	if v == nil || depth > 4*maxDecoderDepth {
		return false
	}
	anyPath := func(vs []ssa.Value) bool {
		return slices.ContainsFunc(vs, func(x ssa.Value) bool { return a.requestPath(x, depth+1) })
	}
	switch v := v.(type) {
	case *ssa.UnOp:
		if v.Op != token.MUL {
			return false
		}
		if fa, ok := v.X.(*ssa.FieldAddr); ok {
			f := fieldOf(fa)
			return f != nil && (f.Name() == "Path" || f.Name() == "RawPath") && knownapi.IsNamed(deref(fa.X.Type()), "net/url", "URL")
		}
		return a.requestPath(v.X, depth+1)
	case *ssa.Phi:
		return anyPath(v.Edges)
	case *ssa.Slice:
		return a.requestPath(v.X, depth+1)
	case *ssa.Index:
		return a.requestPath(v.X, depth+1)
	case *ssa.IndexAddr:
		return a.requestPath(v.X, depth+1)
	case *ssa.Alloc:
		return anyPath(stores(v))
	case *ssa.FreeVar:
		return anyPath(bindings(v))
	case *ssa.Extract:
		return v.Index == 0 && a.requestPath(v.Tuple, depth+1)
	case *ssa.Call:
		fn := taint.Callee(&v.Call)
		if taint.IsTransform(fn, a.cfg.verifiers) {
			return anyPath(v.Call.Args)
		}
		if res := a.result(&v.Call, fn); res != nil {
			args := taint.Args(&v.Call)
			for _, p := range res.Params {
				if p < len(args) && a.requestPath(args[p], depth+1) {
					return true
				}
			}
		}
	case *ssa.Parameter:
		return a.pathParam(v, depth)
	}
	return false
}

// pathParam reports whether a call site of v's function in this package passes v a value cut
// from the request's URL path.
func (a *analysis_) pathParam(p *ssa.Parameter, depth int) bool {
	fn := p.Parent()
	if fn.Parent() != nil || a.groups == nil {
		return false
	}
	if done, ok := a.pathParams[p]; ok {
		return done
	}
	if a.pathParams == nil {
		a.pathParams = map[*ssa.Parameter]bool{}
	}
	a.pathParams[p] = false // a cycle of calls adds nothing
	i := slices.Index(fn.Params, p)
	for _, call := range a.groups.callers[fn] {
		if i < len(call.Call.Args) && a.requestPath(call.Call.Args[i], depth+1) {
			a.pathParams[p] = true
			return true
		}
	}
	return false
}

// setterSinks adds the sink of a setter called on a tenant field (params.TenantID.SetTo(c), the
// SetTo of ogen's optional values): a method of this package that stores its parameter into a
// field of its receiver fills the tenant field with the argument.
func (a *analysis_) setterSinks(out []sink, call *ssa.Call) []sink {
	callee := call.Call.StaticCallee()
	if callee == nil || callee.Signature.Recv() == nil || len(call.Call.Args) < 2 || len(callee.Blocks) == 0 {
		return out
	}
	fa, ok := call.Call.Args[0].(*ssa.FieldAddr)
	if !ok {
		return out
	}
	f := fieldOf(fa)
	if f == nil || !tenantKeyName().MatchString(f.Name()) {
		return out
	}
	for _, p := range setterParams(callee) {
		if p < len(call.Call.Args) && claimCarrier(call.Call.Args[p].Type()) {
			out = append(out, sink{instr: call, pos: call.Pos(), val: call.Call.Args[p], field: f})
		}
	}
	return out
}

// setterParams returns the parameters (SSA indexes, the receiver being 0) fn stores into a field
// of its receiver: func (o *OptString) SetTo(v string) { o.Set = true; o.Value = v }.
func setterParams(fn *ssa.Function) []int {
	if len(fn.Params) == 0 {
		return nil
	}
	recv := fn.Params[0]
	var out []int
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			st, ok := instr.(*ssa.Store)
			if !ok {
				continue
			}
			fa, ok := st.Addr.(*ssa.FieldAddr)
			if !ok || fa.X != recv {
				continue
			}
			if p, ok := st.Val.(*ssa.Parameter); ok {
				if i := slices.Index(fn.Params, p); i > 0 && !slices.Contains(out, i) {
					out = append(out, i)
				}
			}
		}
	}
	return out
}
