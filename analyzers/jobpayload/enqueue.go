package jobpayload

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/lazyssa"
)

// checkEnqueues checks the enqueue sites the syntax shows directly: river inserts, configured
// enqueue functions, tenant envelopes and river InsertManyParams literals. It also records the
// asynq.NewTask and json.Marshal calls that checkAsynqTasks connects through SSA.
func (c *checker) checkEnqueues() {
	info := c.pass.TypesInfo
	for cur := range c.in.Root().Preorder((*ast.CallExpr)(nil), (*ast.CompositeLit)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.CompositeLit:
			t := info.TypeOf(n)
			if t == nil || isPointer(t) || !knownapi.IsNamed(t, knownapi.RiverPkg, "InsertManyParams") {
				continue
			}
			for _, elt := range n.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "Args" {
						c.checkPayload(cur, kv.Value, kv.Value)
					}
				}
			}
		case *ast.CallExpr:
			fn := knownapi.Callee(info, n)
			if fn == nil {
				continue
			}
			if _, ok := knownapi.MatchAny(fn, append(knownapi.JSONMarshal, knownapi.AsynqNewTask.Func)...); ok {
				c.calls[n.Lparen] = n
				c.cursors[n.Lparen] = cur
				if knownapi.AsynqNewTask.Matches(fn) && c.marshalledBySyntax(cur, n) {
					c.syntaxDone[n] = true
				} else if knownapi.AsynqNewTask.Matches(fn) {
					c.hasNewTask = true
					for fd := range cur.Enclosing((*ast.FuncDecl)(nil)) {
						if obj, ok := info.Defs[fd.Node().(*ast.FuncDecl).Name].(*types.Func); ok && !slices.Contains(c.taskFuncs, obj) {
							c.taskFuncs = append(c.taskFuncs, obj)
						}
					}
				}
			}
			for _, ins := range knownapi.RiverInserts {
				if ins.Matches(fn) && ins.Arg < len(n.Args) {
					c.checkPayload(cur, n, n.Args[ins.Arg])
				}
			}
			if spec, ok := specFor(fn, c.opt.enqueue); ok {
				if i := spec.Arg(0, firstNonContext(fn.Signature())); i < len(n.Args) {
					c.checkPayload(cur, n, n.Args[i])
				}
			}
			if tenantArg, ok := c.envelopeTenantArg(fn); ok {
				c.checkEnvelope(cur, n, fn, tenantArg)
			}
		}
	}
}

// marshalledBySyntax checks the payload of the asynq.NewTask call when the syntax alone shows
// where its bytes come from (b, err := json.Marshal(v) with b assigned once), and reports
// whether it did. Other tasks are followed in SSA form by checkAsynqTasks.
func (c *checker) marshalledBySyntax(cur inspector.Cursor, task *ast.CallExpr) bool {
	if len(task.Args) <= knownapi.AsynqNewTask.Arg {
		return true
	}
	d := c.defsAt(cur)
	def, ok := d.singleDef(localVar(c.pass.TypesInfo, task.Args[knownapi.AsynqNewTask.Arg]))
	if !ok || def.index != 0 {
		return false
	}
	call, ok := unparen(def.rhs).(*ast.CallExpr)
	if !ok || len(call.Args) == 0 || !matchAny(knownapi.Callee(c.pass.TypesInfo, call), knownapi.JSONMarshal) {
		return false
	}
	c.checkPayload(cur, task, call.Args[0])
	return true
}

// envelopeTenantArg reports whether fn is a tenant envelope and which argument is the tenant.
func (c *checker) envelopeTenantArg(fn *types.Func) (int, bool) {
	if knownapi.JobsSign.Matches(fn) {
		return knownapi.JobsSign.Arg, true
	}
	if spec, ok := specFor(fn, c.opt.envelopes); ok {
		return spec.Arg(0, firstNonContext(fn.Signature())), true
	}
	return 0, false
}

// checkEnvelope checks the tenant an envelope is given and marks the job types it wraps.
func (c *checker) checkEnvelope(cur inspector.Cursor, call *ast.CallExpr, fn *types.Func, tenantArg int) {
	for i, arg := range call.Args {
		if i == tenantArg {
			continue
		}
		r, _ := c.resolve(arg, c.defsAt(cur))
		if n := knownapi.NamedOf(c.pass.TypesInfo.TypeOf(r)); n != nil {
			if jt := c.types[n.Obj()]; jt != nil {
				jt.enveloped = true
			}
		}
	}
	if tenantArg >= len(call.Args) {
		return
	}
	name := fn.Name()
	if r := fn.Signature().Recv(); r != nil {
		name = "(" + knownapi.TypeString(r.Type()) + ")." + name
	} else if fn.Pkg() != nil && fn.Pkg() != c.pass.Pkg {
		name = fn.Pkg().Name() + "." + name
	}
	if knownapi.JobsSign.Matches(fn) {
		// A client claim signed into a payload is headertrust's finding (the claim reaching a
		// sink); only a zero or constant tenant is reported here.
		if kind := c.constKind(call.Args[tenantArg], c.defsAt(cur)); kind != "" {
			c.rep.Report(ruleTenantUnset, call.Args[tenantArg], nil, "envelope %s is given a %s tenant: set it from the verified tenant (tenant.FromContext)", name, kind)
		}
		return
	}
	c.checkTenantValue(cur, call.Args[tenantArg], "envelope "+name+" is given", "tenant")
}

// checkAsynqTasks follows the payload bytes of the asynq.NewTask calls the syntax alone could
// not resolve back to the json.Marshal calls that produced them (through phi nodes and
// conversions) and checks the marshalled values as job payloads.
//
// The SSA form is asked for here, only for packages that call asynq.NewTask (lazyssa builds it
// once and shares it with the other passes): the pass exports facts, so it runs on every
// dependency, and building SSA for all of them would cost more than the rest of the pass.
func (c *checker) checkAsynqTasks() error {
	if !c.hasNewTask {
		return nil
	}
	res, err := lazyssa.Of(c.pass).Get()
	if err != nil {
		return err
	}
	pkg := res.Pkg
	prog := pkg.Prog
	var funcs []*ssa.Function
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		funcs = append(funcs, fn)
		for _, anon := range fn.AnonFuncs {
			add(anon)
		}
	}
	for _, obj := range c.taskFuncs {
		if fn := prog.FuncValue(obj); fn != nil {
			add(fn)
		}
	}
	for _, m := range pkg.Members {
		if fn, ok := m.(*ssa.Function); ok && fn.Name() == "init" {
			add(fn) // package-level variable initialisers
		}
	}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok || len(call.Call.Args) < 2 {
					continue
				}
				callee := call.Call.StaticCallee()
				if callee == nil {
					continue
				}
				if obj, _ := callee.Object().(*types.Func); !knownapi.AsynqNewTask.Matches(obj) {
					continue
				}
				task := c.calls[call.Pos()]
				if task == nil || c.syntaxDone[task] {
					continue
				}
				for _, m := range marshalOrigins(call.Call.Args[knownapi.AsynqNewTask.Arg], pkg, map[ssa.Value]bool{}) {
					mcall, mcur := c.calls[m.call.Pos()], c.cursors[m.call.Pos()]
					if m.helper {
						mcall, mcur = c.callAt(m.call.Pos())
					}
					if mcall == nil || m.arg >= len(mcall.Args) {
						continue
					}
					c.checkPayload(mcur, task, mcall.Args[m.arg])
				}
			}
		}
	}
	return nil
}

// marshalSite is a call whose argument arg is the value marshalled into a task's payload: a
// json.Marshal call, or (helper) a call of a function of the package that returns the
// marshalled bytes of its parameter (func encode(v any) []byte).
type marshalSite struct {
	call   *ssa.Call
	arg    int
	helper bool
}

// marshalOrigins returns the calls whose marshalled argument v is, looking into the package's
// own functions that marshal one of their parameters.
func marshalOrigins(v ssa.Value, pkg *ssa.Package, seen map[ssa.Value]bool) []marshalSite {
	if seen[v] {
		return nil
	}
	seen[v] = true
	switch v := v.(type) {
	case *ssa.Extract:
		if call, ok := v.Tuple.(*ssa.Call); ok && v.Index == 0 {
			if isMarshal(call) {
				return []marshalSite{{call: call}}
			}
			return helperMarshal(call, pkg, seen)
		}
	case *ssa.Call:
		return helperMarshal(v, pkg, seen)
	case *ssa.Phi:
		var out []marshalSite
		for _, e := range v.Edges {
			out = append(out, marshalOrigins(e, pkg, seen)...)
		}
		return out
	case *ssa.ChangeType:
		return marshalOrigins(v.X, pkg, seen)
	case *ssa.Convert:
		return marshalOrigins(v.X, pkg, seen)
	}
	return nil
}

// helperMarshal returns the sites of a call of a package function whose first result is the
// marshalled bytes of one of its parameters: the call and that parameter's argument. A helper
// that marshals a value of its own yields its json.Marshal call.
func helperMarshal(call *ssa.Call, pkg *ssa.Package, seen map[ssa.Value]bool) []marshalSite {
	callee := call.Call.StaticCallee()
	if callee == nil || callee.Pkg != pkg || len(callee.Blocks) == 0 {
		return nil
	}
	var out []marshalSite
	for _, b := range callee.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || len(ret.Results) == 0 {
			continue
		}
		for _, m := range marshalOrigins(ret.Results[0], pkg, seen) {
			if m.helper {
				continue // one level of helpers
			}
			arg := m.call.Call.Args[0]
			if mi, ok := arg.(*ssa.MakeInterface); ok {
				arg = mi.X
			}
			p, ok := arg.(*ssa.Parameter)
			if !ok {
				out = append(out, m) // marshals a value of its own
				continue
			}
			i := slices.Index(callee.Params, p)
			if callee.Signature.Recv() != nil {
				i--
			}
			if i >= 0 {
				out = append(out, marshalSite{call: call, arg: i, helper: true})
			}
		}
	}
	return out
}

// callAt returns the call expression of the package whose opening parenthesis is at pos.
func (c *checker) callAt(pos token.Pos) (*ast.CallExpr, inspector.Cursor) {
	for cur := range c.in.Root().Preorder((*ast.CallExpr)(nil)) {
		if call := cur.Node().(*ast.CallExpr); call.Lparen == pos {
			return call, cur
		}
	}
	return nil, inspector.Cursor{}
}

func isMarshal(call *ssa.Call) bool {
	callee := call.Call.StaticCallee()
	if callee == nil {
		return false
	}
	obj, _ := callee.Object().(*types.Func)
	_, ok := knownapi.MatchAny(obj, knownapi.JSONMarshal...)
	return ok
}

// defsAt returns the local definitions of the function declaration enclosing cur.
func (c *checker) defsAt(cur inspector.Cursor) *localDefs {
	for fd := range cur.Enclosing((*ast.FuncDecl)(nil)) {
		return c.defsOf(fd)
	}
	return nil
}

// bodyAt returns the body of the innermost function enclosing cur.
func bodyAt(cur inspector.Cursor) ast.Node {
	for fd := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch fd := fd.Node().(type) {
		case *ast.FuncDecl:
			return fd.Body
		case *ast.FuncLit:
			return fd.Body
		}
	}
	return nil
}

// checkPayload checks the job payload e enqueued at site.
func (c *checker) checkPayload(cur inspector.Cursor, site ast.Node, e ast.Expr) {
	info := c.pass.TypesInfo
	d := c.defsAt(cur)
	r, vars := c.resolve(e, d)
	if call, ok := r.(*ast.CallExpr); ok {
		if fn := knownapi.Callee(info, call); fn != nil {
			if _, env := c.envelopeTenantArg(fn); env {
				return // the envelope carries the tenant; checkEnvelope checks it
			}
		}
	}
	n := knownapi.NamedOf(info.TypeOf(r))
	if n == nil {
		return
	}
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return
	}
	jt := c.types[n.Obj()]
	if jt != nil {
		jt.enqueued = true
	}
	field, ok := c.tenantField(n)
	if !ok {
		var f jobFact
		if jt != nil || c.pass.ImportObjectFact(n.Obj(), &f) {
			return // reported at the declaration
		}
		c.rep.Report(ruleNoTenantField, site, nil, "%s", c.noTenantMessage(n, c.typeName(n), " or enqueue it in a tenant envelope"))
		return
	}
	lit, _ := r.(*ast.CompositeLit)
	if lit == nil {
		return // made elsewhere: where it is made is not visible here
	}
	val, found := c.litField(lit, n, field)
	for _, v := range vars {
		if fs := d.fields[v][field.Name()]; len(fs) > 0 {
			val, found = fs[len(fs)-1], true
		}
	}
	what := "job " + c.typeName(n) + " is enqueued with"
	if !found {
		c.rep.Report(ruleTenantUnset, lit, nil, "job %s is enqueued without %s: set it from the verified tenant (tenant.FromContext)",
			c.typeName(n), field.Name())
		return
	}
	c.checkTenantValue(cur, val, what, field.Name())
}

// litField returns the value lit gives the tenant field, looking into embedded structs.
func (c *checker) litField(lit *ast.CompositeLit, t types.Type, field *types.Var) (ast.Expr, bool) {
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return nil, false
	}
	for i, elt := range lit.Elts {
		var (
			f   *types.Var
			val ast.Expr
		)
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			key, ok := kv.Key.(*ast.Ident)
			if !ok {
				continue
			}
			f, _ = c.pass.TypesInfo.ObjectOf(key).(*types.Var)
			if key.Name == field.Name() {
				if f == nil || f.Origin() == field.Origin() {
					return kv.Value, true
				}
				continue // a field of an embedded struct that the outer tenant field shadows
			}
			val = kv.Value
		} else if i < st.NumFields() {
			// A positional element: the i-th field, embedded ones included.
			f, val = st.Field(i), elt
			if f.Origin() == field.Origin() {
				return elt, true
			}
		}
		if f == nil || !f.Embedded() {
			continue
		}
		inner := unparen(val)
		if u, ok := inner.(*ast.UnaryExpr); ok && u.Op == token.AND {
			inner = unparen(u.X) // an embedded pointer: &TenantArgs{...}
		}
		if inner, ok := inner.(*ast.CompositeLit); ok {
			if v, ok := c.litField(inner, c.pass.TypesInfo.TypeOf(inner), field); ok {
				return v, true
			}
		} else if _, ok := c.tenantField(f.Type()); ok {
			return val, true // an embedded value made elsewhere: trust it like other values
		}
	}
	return nil, false
}

// checkTenantValue reports a tenant value that is zero, constant or a client claim.
func (c *checker) checkTenantValue(cur inspector.Cursor, val ast.Expr, what, field string) {
	switch c.constKind(val, c.defsAt(cur)) {
	case "zero":
		c.rep.Report(ruleTenantUnset, val, nil, "%s a zero %s: set it from the verified tenant (tenant.FromContext)", what, field)
		return
	case "constant":
		c.rep.Report(ruleTenantUnset, val, nil, "%s a constant %s: set it from the verified tenant (tenant.FromContext)", what, field)
		return
	}
	if desc, ok := c.claim(bodyAt(cur), val); ok {
		c.rep.Report(ruleTenantClaim, val, nil, "%s %s from %s, a client claim: set it from the verified tenant (tenant.FromContext)", what, field, desc)
	}
}
