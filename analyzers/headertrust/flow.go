package headertrust

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/taint"
)

const maxDepth = 48

// trace returns the claims and parameters v is derived from within its function.
func (a *analysis_) trace(st *funcState, v ssa.Value) []origin {
	if o, ok := st.origins[v]; ok {
		return o
	}
	t := &tracer{a: a, fn: st.fn, seen: map[ssa.Value]bool{}}
	t.walk(v, 0)
	st.origins[v] = t.out
	return t.out
}

type tracer struct {
	a    *analysis_
	fn   *ssa.Function
	seen map[ssa.Value]bool
	out  []origin
}

func (t *tracer) add(o origin) {
	for _, x := range t.out {
		if x.key() == o.key() {
			return
		}
	}
	t.out = append(t.out, o)
}

func (t *tracer) walk(v ssa.Value, depth int) {
	if v == nil || depth > maxDepth || t.seen[v] {
		return
	}
	t.seen[v] = true
	if src, claim, known, p := t.a.frameworkRead(v); known {
		if claim {
			t.add(origin{src: src, param: -1, read: readPos(v)})
		} else if p >= 0 {
			t.add(origin{src: src, param: -1, byName: true, nameParam: p})
		}
		return
	}
	if src, ok := taint.ValueSource(v, settings); ok {
		o := origin{src: src, param: -1, read: readPos(v)}
		if p, ok := taint.HeaderMapParam(v); ok {
			o.headerOf = p + 1 // a claim if the callers pass a request's headers
		}
		t.add(o)
		return
	}
	if kind, name, ok := taint.ClaimRead(v); ok {
		// A path parameter that a route registered for this handler makes the tenant
		// ("GET /orgs/{id}") is a claim whatever it is called.
		if n, ok := taint.ConstString(name); ok && kind == knownapi.KindPath {
			if src, ok := t.a.routeSource(t.fn, n); ok {
				t.add(origin{src: src, param: -1, read: readPos(v)})
			} else {
				// A claim if a route registered in another package makes it the tenant.
				t.add(origin{src: taint.Source{Kind: kind, Name: n, Desc: `path parameter "` + n + `"`}, param: -1, route: true})
			}
			return
		}
		// A read by a name that is not a constant tenant name: a claim only when the name is
		// one of this function's parameters, decided at each call.
		if p, ok := nameParam(t.fn, name); ok {
			t.add(origin{src: taint.Source{Kind: kind}, param: -1, byName: true, nameParam: p})
		}
		return
	}
	var next []ssa.Value
	switch v := v.(type) {
	case *ssa.Parameter:
		for i, p := range t.fn.Params {
			if p == v {
				if t.fn.Signature.Recv() != nil {
					i--
				}
				if i >= 0 {
					t.add(origin{param: i})
					for _, cp := range t.a.implClaims(t.fn) {
						if cp.Param == i {
							t.add(origin{src: cp.Source, param: -1})
						}
					}
				}
			}
		}
	case *ssa.FreeVar:
		t.freeVar(v)
	case *ssa.Phi:
		next = v.Edges
	case *ssa.ChangeType:
		if !isTenantConversion(v) {
			next = []ssa.Value{v.X}
		}
	case *ssa.Convert:
		if !isTenantConversion(v) {
			next = []ssa.Value{v.X}
		}
	case *ssa.MakeInterface:
		next = []ssa.Value{v.X}
	case *ssa.TypeAssert:
		next = []ssa.Value{v.X}
	case *ssa.Extract:
		if v.Index == 0 {
			next = []ssa.Value{v.Tuple}
		}
	case *ssa.Call:
		// A path join is a sink of its own: a claim that went through one is reported there.
		fn := taint.Callee(&v.Call)
		if _, isJoin := knownapi.MatchAny(fn, storageFuncs...); isJoin {
			break
		}
		if isContextValue(&v.Call) {
			// Read back from the context: a claim only when a claim was stored under the key.
			if id, ok := contextKeyID(v.Call.Args[0]); ok {
				t.contextValue(id)
			}
			break
		}
		if keys, ok := storeRead(&v.Call); ok {
			// Read back from gin's or echo's store: a claim only when a claim was stored under
			// the key.
			for _, k := range keys {
				t.contextValue(k)
			}
			break
		}
		if src, ok := grpcGetter(&v.Call); ok {
			t.add(origin{src: src, param: -1, read: v.Pos()})
			break
		}
		if src, ok := t.a.decoded(&v.Call); ok {
			// A generated decoder's callback reading the parameter it is handed.
			t.add(origin{src: src, param: -1, read: v.Pos()})
			break
		}
		if taint.IsTransform(fn, t.a.cfg.verifiers) {
			next = v.Call.Args
			if v.Call.IsInvoke() {
				next = append([]ssa.Value{v.Call.Value}, next...)
			}
		} else if res := t.a.result(&v.Call, fn); res != nil {
			// A helper returning a claim it read, or an argument it was given.
			for _, src := range res.Sources {
				t.add(origin{src: src, param: -1, at: v.Pos()})
			}
			args := taint.Args(&v.Call)
			for _, p := range res.Params {
				if p < len(args) {
					next = append(next, args[p])
				}
			}
			for _, n := range res.Names {
				if n.Param < len(args) {
					for _, o := range t.a.nameOrigins(n.Kind, args[n.Param]) {
						t.add(o)
					}
				}
			}
			for _, k := range res.Keys {
				t.contextValue(k)
			}
			if r := taint.Receiver(&v.Call); res.Recv && r != nil {
				// A field of the receiver: params.TenantID.Get() reads what the field TenantID
				// holds, o.Get() in another method of o a field of that method's receiver. The
				// receiver as a whole (req.GetProjectId() of a request parameter) is no origin.
				t.recvField(r)
				t.outerField(r)
			}
			for _, h := range res.HeaderOf {
				if h.Param >= len(args) || taint.IsResponseHeader(args[h.Param]) {
					continue // a header a server sent to our client is not our client's claim
				}
				o := origin{src: h.Source, param: -1}
				if p, ok := taint.HeaderParam(args[h.Param]); ok && args[h.Param].Parent() == t.fn {
					o.headerOf = p + 1
				}
				t.add(o)
			}
		}
	case *ssa.BinOp:
		if v.Op == token.ADD {
			next = []ssa.Value{v.X, v.Y}
		}
	case *ssa.Index:
		next = []ssa.Value{v.X}
	case *ssa.IndexAddr:
		next = []ssa.Value{v.X}
	case *ssa.Slice:
		next = []ssa.Value{v.X}
	case *ssa.UnOp:
		if v.Op == token.MUL {
			if fa, ok := v.X.(*ssa.FieldAddr); ok {
				t.recvField(fa.X)
				t.field(fa.X, fieldOf(fa))
				t.outerField(fa.X)
				for _, src := range t.a.boundInto(fa) {
					t.add(origin{src: src, param: -1})
				}
				next = fieldStores(fa)
			} else {
				next = []ssa.Value{v.X}
			}
		}
	case *ssa.Field:
		t.recvField(v.X)
		if st, ok := v.X.Type().Underlying().(*types.Struct); ok {
			t.field(v.X, st.Field(v.Field))
		}
		t.outerField(v.X)
	case *ssa.Alloc:
		for _, src := range t.a.boundInto(v) {
			t.add(origin{src: src, param: -1})
		}
		next = append(stores(v), closureStores(v)...)
	}
	for _, n := range next {
		t.walk(n, depth+1)
	}
}

// readPos is the position SSA gives the read of a claim v: the "(" of its call or the "[" of
// its map lookup (the tuple's, for the value of a comma-ok read).
func readPos(v ssa.Value) token.Pos {
	if e, ok := v.(*ssa.Extract); ok {
		return e.Tuple.Pos()
	}
	return v.Pos()
}

// contextValue adds the claims stored in the context under key, and the key itself for the
// function's callers, which may know of more claims stored under it.
func (t *tracer) contextValue(key string) {
	for _, src := range t.a.keyClaims(key) {
		t.add(origin{src: contextSource(src, key), param: -1})
	}
	t.add(origin{param: -1, ctxKey: key})
}

// recvField adds the origin of a field read from the method's own receiver (o.Value in
// func (o OptString) Get() (string, bool)): the caller's receiver decides whether it is a claim.
func (t *tracer) recvField(x ssa.Value) {
	if t.fn.Signature.Recv() == nil || len(t.fn.Params) == 0 {
		return
	}
	recv := t.fn.Params[0]
	if u, ok := x.(*ssa.UnOp); ok && u.Op == token.MUL {
		x = u.X // o.Get() on the copy of a value receiver
	}
	if a, ok := x.(*ssa.Alloc); ok {
		// A value receiver is copied to a local before its fields are read.
		if st := stores(a); len(st) == 1 && st[0] == recv {
			x = recv
		}
	}
	if x == recv {
		t.add(origin{param: -1, recvField: true})
	}
}

// outerField adds the claim of the field x is (or addresses), whose own field is read: the
// value of an optional parameter (params.TenantID.Value, where TenantID is an OptString) is
// what the field holds.
func (t *tracer) outerField(x ssa.Value) {
	switch x := x.(type) {
	case *ssa.Field:
		if st, ok := x.X.Type().Underlying().(*types.Struct); ok {
			t.field(x.X, st.Field(x.Field))
		}
	case *ssa.FieldAddr:
		t.field(x.X, fieldOf(x))
	case *ssa.UnOp:
		if fa, ok := x.X.(*ssa.FieldAddr); ok && x.Op == token.MUL {
			t.field(fa.X, fieldOf(fa))
		}
	}
}

// field adds the claim a struct field holds: a field that binding code fills from the request,
// or a tenant field of a gRPC request message read in the server method.
func (t *tracer) field(x ssa.Value, f *types.Var) {
	if f == nil {
		return
	}
	if src, ok := t.a.fieldClaim(f); ok {
		t.add(origin{src: src, param: -1})
	}
	if isTenantFieldName(f.Name()) && grpcRequest(x) {
		t.add(origin{src: grpcSource(x.Type(), f.Name()), param: -1})
	}
}

// nameOrigins returns the claim read by a helper given name as the name of a value of the kind:
// the claim itself when name is a constant tenant header or parameter, or a read by the name
// the caller's own parameter gives.
func (a *analysis_) nameOrigins(kind string, name ssa.Value) []origin {
	if src, ok := taint.NamedSource(kind, name, settings); ok {
		return []origin{{src: src, param: -1}}
	}
	if p, ok := nameParam(name.Parent(), name); ok {
		return []origin{{src: taint.Source{Kind: kind}, param: -1, byName: true, nameParam: p}}
	}
	return nil
}

// nameParam reports whether name is a parameter of fn (receiver not counted), directly or
// through http.CanonicalHeaderKey, strings.ToLower and the like, and which.
func nameParam(fn *ssa.Function, name ssa.Value) (int, bool) {
	for fn != nil {
		switch v := name.(type) {
		case *ssa.MakeInterface:
			name = v.X
			continue
		case *ssa.Call:
			if _, ok := knownapi.MatchAny(taint.Callee(&v.Call), knownapi.HeaderNameFuncs...); ok && len(v.Call.Args) == 1 {
				name = v.Call.Args[0]
				continue
			}
		case *ssa.Parameter:
			i := slices.Index(fn.Params, v)
			if fn.Signature.Recv() != nil {
				i--
			}
			return i, i >= 0
		}
		break
	}
	return 0, false
}

// result returns the claim summary of a call's callee: this package's, or another package's fact.
func (a *analysis_) result(c *ssa.CallCommon, fn *types.Func) *claimResult {
	if fn == nil || a.isVerifier(fn) {
		return nil
	}
	if callee := c.StaticCallee(); callee != nil {
		if r, ok := a.results[callee]; ok {
			return r
		}
		if callee.Origin() != nil {
			if r, ok := a.results[callee.Origin()]; ok {
				return r
			}
		}
	}
	if fn.Pkg() == nil || fn.Pkg() == a.pass.Pkg {
		return nil
	}
	var f claimResult
	if a.pass.ImportObjectFact(fn.Origin(), &f) {
		return &f
	}
	return nil
}

// freeVar follows a closure's captured variable to the value bound where the closure is made,
// keeping the claims that are not verified there. Parameters of the enclosing function are not
// the closure's parameters and are dropped.
func (t *tracer) freeVar(v *ssa.FreeVar) {
	fn := t.fn
	parent := fn.Parent()
	if parent == nil {
		return
	}
	idx := slices.Index(fn.FreeVars, v)
	if idx < 0 {
		return
	}
	pst := t.a.state(parent)
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			mc, ok := instr.(*ssa.MakeClosure)
			if !ok || mc.Fn != fn || idx >= len(mc.Bindings) {
				continue
			}
			for _, o := range t.a.trace(pst, mc.Bindings[idx]) {
				if o.param < 0 && !o.byName && !pst.verified(o, mc) {
					t.add(o)
				}
			}
		}
	}
}

// stores returns the values stored into an allocation directly or through its elements.
func stores(a *ssa.Alloc) []ssa.Value {
	var out []ssa.Value
	refs := a.Referrers()
	if refs == nil {
		return nil
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr == a {
				out = append(out, r.Val)
			}
		case *ssa.IndexAddr:
			out = append(out, storesAt(r)...)
		}
	}
	return out
}

// closureStores returns the values the closures capturing a local variable store into it
// (var val string; func() error { ...; val = c }()).
func closureStores(a *ssa.Alloc) []ssa.Value {
	refs := a.Referrers()
	if refs == nil {
		return nil
	}
	var out []ssa.Value
	for _, r := range *refs {
		mc, ok := r.(*ssa.MakeClosure)
		if !ok {
			continue
		}
		fn := mc.Fn.(*ssa.Function)
		for i, b := range mc.Bindings {
			if b == a && i < len(fn.FreeVars) {
				out = append(out, storesAt(fn.FreeVars[i])...)
			}
		}
	}
	return out
}

// fieldStores returns the values stored into the same field of the same struct as fa.
func fieldStores(fa *ssa.FieldAddr) []ssa.Value {
	refs := fa.X.Referrers()
	if refs == nil {
		return nil
	}
	var out []ssa.Value
	for _, r := range *refs {
		if other, ok := r.(*ssa.FieldAddr); ok && other.Field == fa.Field {
			out = append(out, storesAt(other)...)
		}
	}
	return out
}

func storesAt(addr ssa.Value) []ssa.Value {
	refs := addr.Referrers()
	if refs == nil {
		return nil
	}
	var out []ssa.Value
	for _, r := range *refs {
		if st, ok := r.(*ssa.Store); ok && st.Addr == addr {
			out = append(out, st.Val)
		}
	}
	return out
}

// verifications finds the verifier calls of a function and how their errors are checked.
func (a *analysis_) verifications(st *funcState) []verification {
	var out []verification
	for _, b := range st.fn.Blocks {
		for _, instr := range b.Instrs {
			if cmp, ok := instr.(*ssa.BinOp); ok {
				if vf, ok := a.comparison(st, cmp); ok {
					out = append(out, vf)
				}
				continue
			}
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			fn := taint.Callee(&call.Call)
			if fn == nil {
				continue
			}
			// (*tenant.Resolver).Resolve is no verifier of other claims: it resolves the tenant
			// from the host or the path slug and never reads X-Tenant-ID, so only its result is
			// trusted (the trace stops at it).
			if !a.isVerifier(fn) {
				continue
			}
			vf := verification{instr: call, keys: map[string]bool{}}
			for _, arg := range call.Call.Args {
				if isRequest(arg.Type()) {
					vf.request = true // a configured verifier of the whole request
				}
				for _, o := range a.trace(st, arg) {
					vf.keys[o.key()] = true
				}
			}
			vf.checked, vf.errSucc = errorCheck(call, fn)
			out = append(out, vf)
		}
	}
	return out
}

// comparison recognises a claim checked against a trusted value, as in
//
//	if claim != tc.TenantID.String() { forbidden }
//
// where the other side is neither a constant nor derived from a claim or a parameter. The branch
// taken on a mismatch is the failure.
func (a *analysis_) comparison(st *funcState, cmp *ssa.BinOp) (verification, bool) {
	if (cmp.Op != token.EQL && cmp.Op != token.NEQ) || !claimCarrier(cmp.X.Type()) {
		return verification{}, false
	}
	trusted := func(v ssa.Value) bool {
		_, isConst := v.(*ssa.Const)
		return !isConst && !slices.ContainsFunc(claims(a.trace(st, v)), func(o origin) bool { return !o.route })
	}
	// Either side may be the claim: a path parameter only a route in another package makes the
	// tenant counts as trusted above, so take the side that carries claims
	// (tc.TenantID.String() != c.Param("id")).
	var origins []origin
	for _, side := range [][2]ssa.Value{{cmp.X, cmp.Y}, {cmp.Y, cmp.X}} {
		if trusted(side[1]) {
			if origins = claims(a.trace(st, side[0])); len(origins) > 0 {
				break
			}
		}
	}
	if len(origins) == 0 {
		return verification{}, false
	}
	vf := verification{instr: cmp, keys: map[string]bool{}}
	for _, o := range origins {
		vf.keys[o.key()] = true
	}
	for _, b := range ifBlocks(cmp) {
		if cmp.Op == token.NEQ {
			vf.errSucc = append(vf.errSucc, b.Succs[0])
		} else {
			vf.errSucc = append(vf.errSucc, b.Succs[1])
		}
	}
	vf.checked = len(vf.errSucc) > 0
	return vf, vf.checked
}

// isRequest reports whether t is a request the claims are read from: *http.Request, *gin.Context,
// echo.Context or *fiber.Ctx.
func isRequest(t types.Type) bool {
	return knownapi.IsNamed(t, "net/http", "Request") || knownapi.IsNamed(t, "github.com/gin-gonic/gin", "Context") ||
		knownapi.IsNamed(t, "github.com/labstack/echo/v4", "Context") || knownapi.IsNamed(t, fiberPkg, "Ctx")
}

func (a *analysis_) isVerifier(fn *types.Func) bool {
	for _, v := range a.cfg.verifiers {
		if v.Matches(fn) {
			return true
		}
	}
	return false
}

// errorCheck finds the blocks a verifier call continues in when verification failed: where its
// error result is not nil, or where its boolean result is false. A verifier with neither result
// is checked by being called; one whose result is dropped or never tested is not checked.
func errorCheck(call *ssa.Call, fn *types.Func) (bool, []*ssa.BasicBlock) {
	res := fn.Type().(*types.Signature).Results()
	if res.Len() == 0 {
		return true, nil
	}
	last := res.At(res.Len() - 1).Type()
	isBool := types.Identical(last, types.Typ[types.Bool])
	if !isError(last) && !isBool {
		return true, nil
	}
	var result ssa.Value = call
	if res.Len() > 1 {
		result = nil
		if refs := call.Referrers(); refs != nil {
			for _, r := range *refs {
				if ex, ok := r.(*ssa.Extract); ok && ex.Index == res.Len()-1 {
					result = ex
				}
			}
		}
	}
	if result == nil || result.Referrers() == nil {
		return false, nil
	}
	var failed []*ssa.BasicBlock
	for _, r := range *result.Referrers() {
		switch r := r.(type) {
		case *ssa.If: // if ok { ... }
			failed = append(failed, r.Block().Succs[1])
		case *ssa.UnOp: // if !ok { return }
			if r.Op == token.NOT {
				for _, b := range ifBlocks(r) {
					failed = append(failed, b.Succs[0])
				}
			}
		case *ssa.BinOp: // if err != nil { return }
			if (r.Op != token.NEQ && r.Op != token.EQL) || !(isNil(r.X) || isNil(r.Y)) {
				continue
			}
			for _, b := range ifBlocks(r) {
				if r.Op == token.NEQ {
					failed = append(failed, b.Succs[0])
				} else {
					failed = append(failed, b.Succs[1])
				}
			}
		}
	}
	return len(failed) > 0, failed
}

// ifBlocks returns the blocks that branch on cond.
func ifBlocks(cond ssa.Value) []*ssa.BasicBlock {
	var out []*ssa.BasicBlock
	if refs := cond.Referrers(); refs != nil {
		for _, r := range *refs {
			if ifs, ok := r.(*ssa.If); ok {
				out = append(out, ifs.Block())
			}
		}
	}
	return out
}

func isNil(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.IsNil()
}

func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// verified reports whether a verification of the claim o dominates instr, with its error
// checked so that instr is unreachable when the verifier fails.
func (st *funcState) verified(o origin, instr ssa.Instruction) bool {
	k := o.key()
	for _, vf := range st.verifiers {
		if !(vf.keys[k] || (vf.request && o.param < 0)) || !vf.checked {
			continue
		}
		if !dominates(vf.instr, instr) {
			continue
		}
		reached := false
		for _, b := range vf.errSucc {
			if st.reaches(b, instr.Block()) {
				reached = true
				break
			}
		}
		if !reached {
			return true
		}
	}
	return false
}

func dominates(def, use ssa.Instruction) bool {
	db, ub := def.Block(), use.Block()
	if db != ub {
		return db.Dominates(ub)
	}
	for _, in := range db.Instrs {
		if in == def {
			return true
		}
		if in == use {
			return false
		}
	}
	return false
}

// reaches reports whether to is reachable from from in the control-flow graph.
func (st *funcState) reaches(from, to *ssa.BasicBlock) bool {
	if st.reach == nil {
		st.reach = map[*ssa.BasicBlock]map[*ssa.BasicBlock]bool{}
	}
	set, ok := st.reach[from]
	if !ok {
		set = map[*ssa.BasicBlock]bool{}
		stack := []*ssa.BasicBlock{from}
		for len(stack) > 0 {
			b := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if set[b] {
				continue
			}
			set[b] = true
			stack = append(stack, b.Succs...)
		}
		st.reach[from] = set
	}
	return set[to]
}

// claims drops the context values read under keys no claim is known to be stored under.
// Path parameters that only a route in another package could make a claim stay.
func claims(origins []origin) []origin {
	if !slices.ContainsFunc(origins, func(o origin) bool { return o.ctxKey != "" }) {
		return origins
	}
	return slices.DeleteFunc(slices.Clone(origins), func(o origin) bool { return o.ctxKey != "" })
}
