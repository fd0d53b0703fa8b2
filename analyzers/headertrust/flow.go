package headertrust

import (
	"go/token"
	"go/types"

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
	if src, ok := taint.ValueSource(v, settings); ok {
		t.add(origin{src: src, param: -1})
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
				}
			}
		}
	case *ssa.Phi:
		next = v.Edges
	case *ssa.ChangeType:
		next = []ssa.Value{v.X}
	case *ssa.Convert:
		next = []ssa.Value{v.X}
	case *ssa.MakeInterface:
		next = []ssa.Value{v.X}
	case *ssa.TypeAssert:
		next = []ssa.Value{v.X}
	case *ssa.Extract:
		if v.Index == 0 {
			next = []ssa.Value{v.Tuple}
		}
	case *ssa.Call:
		if taint.IsTransform(taint.Callee(&v.Call), t.a.cfg.verifiers) {
			next = v.Call.Args
			if v.Call.IsInvoke() {
				next = append([]ssa.Value{v.Call.Value}, next...)
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
				next = fieldStores(fa)
			} else {
				next = []ssa.Value{v.X}
			}
		}
	case *ssa.Alloc:
		next = stores(v)
	}
	for _, n := range next {
		t.walk(n, depth+1)
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
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			fn := taint.Callee(&call.Call)
			if fn == nil {
				continue
			}
			vf := verification{call: call, keys: map[string]bool{}}
			if knownapi.TenantResolve.Matches(fn) {
				vf.resolver = true
			} else if !a.isVerifier(fn) {
				continue
			}
			for _, arg := range call.Call.Args {
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

func (a *analysis_) isVerifier(fn *types.Func) bool {
	for _, v := range a.cfg.verifiers {
		if v.Matches(fn) {
			return true
		}
	}
	return false
}

// errorCheck finds the branches a verifier call's error result takes when it is not nil. A
// verifier without an error result is checked by being called; one whose error is dropped or
// never compared with nil is not checked.
func errorCheck(call *ssa.Call, fn *types.Func) (bool, []*ssa.BasicBlock) {
	res := fn.Type().(*types.Signature).Results()
	if res.Len() == 0 || !isError(res.At(res.Len()-1).Type()) {
		return true, nil
	}
	var errVal ssa.Value = call
	if res.Len() > 1 {
		errVal = nil
		if refs := call.Referrers(); refs != nil {
			for _, r := range *refs {
				if ex, ok := r.(*ssa.Extract); ok && ex.Index == res.Len()-1 {
					errVal = ex
				}
			}
		}
	}
	if errVal == nil || errVal.Referrers() == nil {
		return false, nil
	}
	var succ []*ssa.BasicBlock
	for _, r := range *errVal.Referrers() {
		cmp, ok := r.(*ssa.BinOp)
		if !ok || (cmp.Op != token.NEQ && cmp.Op != token.EQL) || !(isNil(cmp.X) || isNil(cmp.Y)) || cmp.Referrers() == nil {
			continue
		}
		for _, rr := range *cmp.Referrers() {
			if ifs, ok := rr.(*ssa.If); ok {
				b := ifs.Block()
				if cmp.Op == token.NEQ {
					succ = append(succ, b.Succs[0])
				} else {
					succ = append(succ, b.Succs[1])
				}
			}
		}
	}
	return len(succ) > 0, succ
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
		if !(vf.keys[k] || (vf.resolver && o.param < 0)) || !vf.checked {
			continue
		}
		if !dominates(vf.call, instr) {
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
