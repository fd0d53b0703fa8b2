package sqlscope

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/querymodel"
	"github.com/tenantvet/tenantvet/internal/sqlquery"
	"github.com/tenantvet/tenantvet/internal/taint"
)

// Scope helpers are inferred, whatever the library: a function that sets the tenant setting
// transaction-locally (set_config(setting, $N, true)) to one of its parameters and calls one of
// its function-typed parameters with a handle is a scope helper. The callback's handle is
// scoped; the tenant argument is checked at each call (TV1002). A helperFact carries the
// finding to the packages that call it.

// helperFact is exported for an inferred scope helper. The indices count the call's
// arguments, the receiver excluded.
type helperFact struct {
	CallbackArg int
	TenantArg   int
}

func (*helperFact) AFact()           {}
func (f *helperFact) String() string { return "scopeHelper" }

// importInferredHelpers adds the scope helpers other packages inferred.
func (c *checker) importInferredHelpers() {
	for _, f := range c.pass.AllObjectFacts() {
		hf, ok := f.Fact.(*helperFact)
		if !ok {
			continue
		}
		if fn, ok := f.Object.(*types.Func); ok {
			c.helpers = append(c.helpers, knownapi.ScopeHelper{Func: funcOf(fn), CallbackArg: hf.CallbackArg, TenantArg: hf.TenantArg})
		}
	}
}

func funcOf(fn *types.Func) knownapi.Func {
	f := knownapi.Func{Pkg: knownapi.PkgPath(fn.Pkg()), Name: fn.Name()}
	if recv := fn.Type().(*types.Signature).Recv(); recv != nil {
		if n := knownapi.NamedOf(recv.Type()); n != nil {
			f.Recv = n.Obj().Name()
		}
	}
	return f
}

// inferHelpers finds the package's scope helpers.
func (c *checker) inferHelpers(fns []*ssa.Function) {
	for _, fn := range fns {
		if fn.Parent() != nil || fn.Object() == nil || fn.Synthetic != "" {
			continue
		}
		obj := fn.Object().(*types.Func)
		if slices.ContainsFunc(c.helpers, func(h knownapi.ScopeHelper) bool { return h.Matches(obj) }) {
			continue // known or configured already
		}
		cb, tenant, ok := c.inferHelper(fn)
		if !ok {
			continue
		}
		off := 0
		if fn.Signature.Recv() != nil {
			off = 1
		}
		f := &helperFact{CallbackArg: cb - off, TenantArg: tenant - off}
		c.pass.ExportObjectFact(obj, f)
		c.helpers = append(c.helpers, knownapi.ScopeHelper{Func: funcOf(obj), CallbackArg: f.CallbackArg, TenantArg: f.TenantArg})
	}
}

// inferHelper returns the callback and tenant parameters of a scope helper.
func (c *checker) inferHelper(fn *ssa.Function) (cb, tenant int, ok bool) {
	cb, tenant = -1, -1
	for i, p := range fn.Params {
		sig, isFunc := p.Type().Underlying().(*types.Signature)
		if !isFunc {
			continue
		}
		for j := 0; j < sig.Params().Len(); j++ {
			if c.isHandle(sig.Params().At(j).Type()) {
				cb = i
			}
		}
	}
	if cb < 0 {
		return -1, -1, false
	}
	called := false
	var visit func(f *ssa.Function)
	visit = func(f *ssa.Function) {
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				call, isCall := instr.(ssa.CallInstruction)
				if !isCall {
					continue
				}
				common := call.Common()
				if !common.IsInvoke() && paramOf(common.Value, fn) == cb {
					called = true
					continue
				}
				if tenant < 0 {
					tenant = c.setsTenant(common, fn)
				}
			}
		}
		for _, anon := range f.AnonFuncs {
			visit(anon)
		}
	}
	visit(fn)
	return cb, tenant, called && tenant >= 0
}

// setsTenant returns the parameter of fn that a call sets the tenant setting to,
// transaction-locally, or -1.
func (c *checker) setsTenant(common *ssa.CallCommon, fn *ssa.Function) int {
	args := taint.Args(common)
	sqlArg, gorm := -1, false
	if m := gormMethod(common); m != nil && (m.Name() == "Exec" || m.Name() == "Raw") {
		sqlArg, gorm = 0, true
	} else if m := popMethod(common); m != nil && m.Name() == "RawQuery" {
		sqlArg, gorm = 0, true // pop binds ? placeholders as gorm does
	} else if api, ok := knownapi.MatchQuery(taint.Callee(common), c.queries); ok && api.Kind == knownapi.RunsSQL {
		sqlArg = api.SQLArg
	} else if api, ok := c.entRawSQL(taint.Callee(common)); ok {
		sqlArg = api.SQLArg
	}
	if sqlArg < 0 || sqlArg+1 >= len(args) {
		return -1
	}
	s, ok := taint.ConstString(args[sqlArg])
	if !ok {
		return -1
	}
	vals, ok := varargs(args[sqlArg+1])
	if !ok {
		return -1
	}
	if gorm {
		s = (&querymodel.Query{}).Bind(s, len(vals))
	}
	q, err := sqlquery.Analyze(s)
	if err != nil {
		return -1
	}
	n, ok := q.SetsLocal(settings.TenantSetting)
	if !ok || n > len(vals) {
		return -1
	}
	return paramOf(vals[n-1], fn)
}

// paramOf returns the index of the parameter of fn a value is (or is converted, formatted with
// a method such as String, or captured from), or -1.
func paramOf(v ssa.Value, fn *ssa.Function) int {
	for i := 0; i < maxDepth && v != nil; i++ {
		switch x := v.(type) {
		case *ssa.Parameter:
			if x.Parent() == fn {
				return slices.Index(fn.Params, x)
			}
			return -1
		case *ssa.FreeVar:
			v = binding(x)
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return -1
			}
			v = x.X
		case *ssa.Alloc:
			// A captured variable: the value stored into it.
			v = nil
			for _, r := range *x.Referrers() {
				if st, ok := r.(*ssa.Store); ok && st.Addr == x {
					if v != nil {
						return -1
					}
					v = st.Val
				}
			}
		case *ssa.MakeInterface:
			v = x.X
		case *ssa.ChangeType:
			v = x.X
		case *ssa.Convert:
			v = x.X
		case *ssa.Call:
			if recv := taint.Receiver(&x.Call); recv != nil && len(taint.Args(&x.Call)) == 0 {
				v = recv
				continue
			}
			return -1
		default:
			return -1
		}
	}
	return -1
}

// binding returns the value a closure's free variable is bound to.
func binding(fv *ssa.FreeVar) ssa.Value {
	fn := fv.Parent()
	idx := slices.Index(fn.FreeVars, fv)
	p := fn.Parent()
	if p == nil {
		return nil
	}
	for _, b := range p.Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn && idx < len(mc.Bindings) {
				return mc.Bindings[idx]
			}
		}
	}
	return nil
}

// derivedHandle is a callback parameter that is a transaction (or connection) of another handle.
type derivedHandle struct {
	from  ssa.Value
	param int
}

// gormTransaction records the callbacks of gorm's Transaction and Connection, bun's RunInTx and
// pop's Transaction:
// their handle is a transaction (or connection) of the receiver, scoped only if the receiver is.
func (c *checker) gormTransaction(call ssa.CallInstruction, callee *types.Func) {
	arg, param := -1, 0
	if m := gormMethod(call.Common()); m != nil && (m.Name() == "Transaction" || m.Name() == "Connection") {
		arg = 0
	} else if m := popMethod(call.Common()); m != nil && m.Name() == "Transaction" {
		arg = 0 // pop's Transaction(func(tx *pop.Connection) error)
	} else if callee.Name() == "RunInTx" && callee.Pkg() != nil && knownapi.IsBun(knownapi.PkgPath(callee.Pkg())) {
		arg, param = 2, 1
	}
	args := taint.Args(call.Common())
	if arg < 0 || arg >= len(args) {
		return
	}
	if mc, ok := args[arg].(*ssa.MakeClosure); ok {
		c.derived[mc.Fn.(*ssa.Function)] = derivedHandle{from: taint.Receiver(call.Common()), param: param}
	}
}
