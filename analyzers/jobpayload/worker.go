package jobpayload

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/sqlquery"
	"github.com/tenantvet/tenantvet/internal/taint"
	"github.com/tenantvet/tenantvet/sqlcheck"
)

// handler names a job handler for messages.
type handler struct {
	job    string // "DigestArgs", or "handler handleDigest" when the payload type is unknown
	tenant string // "job.Args.TenantID"
}

// env is what a walk of a handler (or a function it calls) knows about its variables.
type env struct {
	h       *handler
	payload map[*types.Var]bool // hold the job payload (river job.Args, an unmarshalled struct)
	jobs    map[*types.Var]bool // hold a *river.Job[T]
	tenants map[*types.Var]bool // hold the payload's tenant
	scoped  map[*types.Var]bool // database handles inside a tenant scope
	depth   int
}

func newEnv(h *handler, depth int) *env {
	return &env{h: h, payload: map[*types.Var]bool{}, jobs: map[*types.Var]bool{}, tenants: map[*types.Var]bool{}, scoped: map[*types.Var]bool{}, depth: depth}
}

// key identifies the bindings of an env, to walk a callee once per distinct binding.
func (e *env) key() string {
	var parts []string
	for name, m := range map[string]map[*types.Var]bool{"p": e.payload, "j": e.jobs, "t": e.tenants, "s": e.scoped} {
		for v := range m {
			parts = append(parts, fmt.Sprintf("%s%d", name, v.Pos()))
		}
	}
	slices.Sort(parts)
	return e.h.job + "|" + strings.Join(parts, ",")
}

const maxDepth = 3

// checkWorkers finds the package's job handlers and checks how they touch tenant data.
func (c *checker) checkWorkers() {
	info := c.pass.TypesInfo
	walked := map[string]bool{}
	for cur := range c.in.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		var (
			fn   *types.Func
			sig  *types.Signature
			body *ast.BlockStmt
			name string
		)
		switch n := cur.Node().(type) {
		case *ast.FuncDecl:
			fn, _ = info.Defs[n.Name].(*types.Func)
			if fn == nil || n.Body == nil {
				continue
			}
			sig, body, name = fn.Signature(), n.Body, n.Name.Name
		case *ast.FuncLit:
			sig, _ = info.TypeOf(n).(*types.Signature)
			body, name = n.Body, "func literal"
		}
		if sig == nil {
			continue
		}
		e := c.handlerEnv(cur, fn, sig, body, name)
		if e == nil {
			continue
		}
		bodyCur, _ := cur.FindNode(body)
		c.walk(bodyCur, e, walked)
	}
}

// handlerEnv returns the walk environment of a job handler, or nil when fn is not one.
func (c *checker) handlerEnv(cur inspector.Cursor, fn *types.Func, sig *types.Signature, body *ast.BlockStmt, name string) *env {
	params := sig.Params()
	// Configured handlers: FUNC[:PAYLOAD_ARG].
	if fn != nil {
		if spec, ok := specFor(fn, c.opt.handlers); ok {
			i := spec.Arg(0, firstNonContext(sig))
			if i >= params.Len() {
				return nil
			}
			return c.payloadParamEnv(params.At(i), name)
		}
	}
	if params.Len() != 2 || !isContext(params.At(0).Type()) || sig.Results().Len() != 1 ||
		!types.Identical(sig.Results().At(0).Type(), types.Universe.Lookup("error").Type()) {
		return nil
	}
	p := params.At(1)
	switch {
	case isPointer(p.Type()) && knownapi.IsNamed(p.Type(), knownapi.RiverPkg, "Job"):
		// river: Work(ctx, job *river.Job[T]) and river.WorkFunc literals.
		return c.payloadParamEnv(p, name)
	case isPointer(p.Type()) && knownapi.IsNamed(p.Type(), knownapi.AsynqPkg, "Task"):
		// asynq: func(ctx, *asynq.Task) error, ProcessTask methods and HandlerFunc literals.
		return c.asynqEnv(cur, body, name)
	}
	return nil
}

// payloadParamEnv is the environment of a handler whose parameter p is the job or its payload.
func (c *checker) payloadParamEnv(p *types.Var, name string) *env {
	pname := p.Name()
	if pname == "" || pname == "_" {
		pname = "job"
	}
	t := p.Type()
	if n := knownapi.NamedOf(t); n != nil && knownapi.IsNamed(t, knownapi.RiverPkg, "Job") && n.TypeArgs().Len() == 1 {
		h := &handler{job: c.argsName(n.TypeArgs().At(0), name), tenant: pname + ".Args." + c.opt.field}
		e := newEnv(h, 0)
		e.jobs[p] = true
		return e
	}
	h := &handler{job: c.argsName(t, name), tenant: pname + "." + c.opt.field}
	e := newEnv(h, 0)
	e.payload[p] = true
	return e
}

func (c *checker) argsName(t types.Type, handlerName string) string {
	if n := knownapi.NamedOf(t); n != nil {
		return c.typeName(n)
	}
	return "handler " + handlerName
}

// asynqEnv finds the value an asynq handler decodes its payload into.
func (c *checker) asynqEnv(cur inspector.Cursor, body *ast.BlockStmt, name string) *env {
	info := c.pass.TypesInfo
	h := &handler{job: "handler " + name, tenant: "the payload's " + c.opt.field}
	e := newEnv(h, 0)
	for call := range cur.Preorder((*ast.CallExpr)(nil)) {
		n := call.Node().(*ast.CallExpr)
		fn := knownapi.Callee(info, n)
		var v *types.Var
		switch {
		case fn == nil:
			continue
		case len(n.Args) == 2 && matchAny(fn, knownapi.JSONUnmarshal):
			if u, ok := unparen(n.Args[1]).(*ast.UnaryExpr); ok {
				v = localVar(info, u.X)
			} else {
				v = localVar(info, n.Args[1])
			}
		case knownapi.Func{Pkg: knownapi.JobsPkg, Name: "DecodeTask"}.Matches(fn):
			if as, ok := call.Parent().Node().(*ast.AssignStmt); ok && len(as.Lhs) == 2 {
				if id, ok := as.Lhs[0].(*ast.Ident); ok {
					v, _ = info.ObjectOf(id).(*types.Var)
				}
			}
		}
		if v == nil {
			continue
		}
		e.payload[v] = true
		if h.job == "handler "+name {
			h.job = c.argsName(v.Type(), name)
			h.tenant = v.Name() + "." + c.opt.field
		}
	}
	_ = body
	return e
}

func matchAny(fn *types.Func, fs []knownapi.Func) bool {
	_, ok := knownapi.MatchAny(fn, fs...)
	return ok
}

// walk checks the calls under root: queries must run on scoped handles and scopes must use the
// payload's tenant. Functions of the package called with the payload, its tenant or a database
// handle are walked too, up to maxDepth.
func (c *checker) walk(root inspector.Cursor, e *env, walked map[string]bool) {
	info := c.pass.TypesInfo
	for cur := range root.Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		fn := knownapi.Callee(info, call)
		if fn == nil {
			continue
		}
		if knownapi.JobsRun.Matches(fn) {
			// Verified payload, scoped by its own tenant: the handler's tx is scoped.
			if len(call.Args) >= 5 {
				if lit, ok := unparen(call.Args[4]).(*ast.FuncLit); ok {
					c.bindCallbackParam(lit, 1, e)
				}
			}
			continue
		}
		if sc, ok := c.scopeOf(fn, call); ok {
			c.checkScope(cur, call, sc, e, walked)
			continue
		}
		if q, ok := knownapi.MatchQuery(fn, c.opt.queries); ok && (q.Kind == knownapi.RunsSQL || q.Kind == knownapi.RunsBatch) {
			if h := queryHandle(call, q); h != nil && c.unscoped(cur, h, e) && c.touchesTenantData(call, q) && !c.filtersByPayloadTenant(cur, call, q, e) {
				c.rep.Report(ruleWorkerUnscoped, call, nil,
					"worker for %s queries tenant data without scoping to %s: wrap the work in tenantdb.WithTenant(ctx, db, %s, ...)",
					e.h.job, e.h.tenant, e.h.tenant)
			}
			continue
		}
		if fn.Pkg() == c.pass.Pkg {
			c.follow(cur, call, fn, e, walked)
		}
	}
}

// touchesTenantData reports whether a query may read or write tenant data: unless its SQL is a
// constant that names no table (SELECT 1, SELECT now()) or only global tables, it may. Global
// tables are the global-tables setting and, with a schema configured (-migrations or -schema),
// the tables the schema does not make tenant-owned; a table the schema does not know counts as
// tenant data.
func (c *checker) touchesTenantData(call *ast.CallExpr, q knownapi.QueryAPI) bool {
	if q.Kind != knownapi.RunsSQL || q.SQLArg < 0 || q.SQLArg >= len(call.Args) {
		return true
	}
	tv, ok := c.pass.TypesInfo.Types[call.Args[q.SQLArg]]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return true
	}
	parsed, err := sqlquery.Analyze(constant.StringVal(tv.Value))
	if err != nil {
		return true
	}
	for _, t := range parsed.Tables() {
		if !c.globalTable(t) {
			return true
		}
	}
	return false
}

// globalTable reports whether t holds no tenant data.
func (c *checker) globalTable(t string) bool {
	fold := func(g string) bool { return strings.EqualFold(g, t) }
	if slices.ContainsFunc(settings.GlobalTables, fold) {
		return true
	}
	if slices.ContainsFunc(settings.TenantTables, fold) {
		return false
	}
	if !c.catalogDone {
		c.catalogDone = true
		c.catalog, c.catalogErr = sqlcheck.LoadCatalog(settings)
	}
	if c.catalog == nil || !c.catalog.Known(t) {
		return false
	}
	_, tenant := c.catalog.TenantColumn(t)
	return !tenant
}

// queryHandle returns the database handle a query call runs on.
func queryHandle(call *ast.CallExpr, q knownapi.QueryAPI) ast.Expr {
	if q.HandleArg >= 0 {
		if q.HandleArg < len(call.Args) {
			return call.Args[q.HandleArg]
		}
		return nil
	}
	if sel, ok := unparen(call.Fun).(*ast.SelectorExpr); ok {
		return sel.X
	}
	return nil
}

// scopeOf returns the tenant scope fn opens, if it is one, with its callback argument resolved
// for the call.
func (c *checker) scopeOf(fn *types.Func, call *ast.CallExpr) (knownapi.ScopeHelper, bool) {
	sc, ok := knownapi.ScopeHelper{}, false
	for _, s := range knownapi.ScopeHelpers {
		if s.Matches(fn) {
			sc, ok = s, true
		}
	}
	if spec, found := specFor(fn, c.opt.scopes); found && !ok {
		sc, ok = knownapi.ConfiguredScopeHelper(spec), true
	}
	if !ok && fn.Pkg() == c.pass.Pkg {
		if w := c.scopeWrapper(fn.Origin()); w != nil {
			sc, ok = *w, true
		}
	}
	if ok && sc.CallbackArg < 0 {
		for i := len(call.Args) - 1; i >= 0; i-- {
			if _, isFunc := c.pass.TypesInfo.TypeOf(call.Args[i]).Underlying().(*types.Signature); isFunc {
				sc.CallbackArg = i
				break
			}
		}
	}
	return sc, ok
}

// scopeWrapper reports whether fn, a function of the package, only wraps a scope helper: it
// passes one of its parameters as the helper's callback. The wrapper's tenant argument is the
// parameter it passes as the helper's tenant, if any.
func (c *checker) scopeWrapper(fn *types.Func) *knownapi.ScopeHelper {
	if w, ok := c.wrappers[fn]; ok {
		return w
	}
	c.wrappers[fn] = nil // no recursion through wrappers of wrappers
	decl, ok := c.declCursors[fn]
	if !ok {
		return nil
	}
	params := fn.Signature().Params()
	paramIndex := func(e ast.Expr) int {
		if id, ok := unparen(e).(*ast.Ident); ok {
			for i := 0; i < params.Len(); i++ {
				if c.pass.TypesInfo.Uses[id] == params.At(i) {
					return i
				}
			}
		}
		return -1
	}
	for cur := range decl.Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		inner := knownapi.Callee(c.pass.TypesInfo, call)
		if inner == nil || inner.Pkg() == c.pass.Pkg {
			continue
		}
		sc, ok := c.scopeOf(inner, call)
		if !ok || sc.CallbackArg < 0 || sc.CallbackArg >= len(call.Args) {
			continue
		}
		cb := paramIndex(call.Args[sc.CallbackArg])
		if cb < 0 {
			continue
		}
		w := &knownapi.ScopeHelper{Func: knownapi.Func{Pkg: c.pass.Pkg.Path(), Name: fn.Name()}, CallbackArg: cb, TenantArg: -1}
		if sc.TenantArg >= 0 && sc.TenantArg < len(call.Args) {
			w.TenantArg = paramIndex(call.Args[sc.TenantArg])
		}
		c.wrappers[fn] = w
		return w
	}
	return nil
}

// checkScope checks the tenant a scope is opened with and marks its callback's handle scoped.
func (c *checker) checkScope(cur inspector.Cursor, call *ast.CallExpr, sc knownapi.ScopeHelper, e *env, walked map[string]bool) {
	if sc.TenantArg >= 0 && sc.TenantArg < len(call.Args) {
		arg := call.Args[sc.TenantArg]
		if !c.isPayloadTenant(cur, arg, e, 0) {
			c.rep.Report(ruleWorkerOther, arg, nil, "worker for %s scopes its queries to %s instead of %s: pass %s to %s",
				e.h.job, c.describeTenant(cur, arg), e.h.tenant, e.h.tenant, sc.Name)
		}
	}
	if sc.CallbackArg < 0 || sc.CallbackArg >= len(call.Args) {
		return
	}
	switch cb := unparen(call.Args[sc.CallbackArg]).(type) {
	case *ast.FuncLit:
		c.bindCallbackParam(cb, 0, e)
	case *ast.Ident, *ast.SelectorExpr:
		// A named function of the package as the callback: walk it with its handle scoped.
		var fn *types.Func
		if id, ok := cb.(*ast.Ident); ok {
			fn, _ = c.pass.TypesInfo.Uses[id].(*types.Func)
		} else {
			fn, _ = c.pass.TypesInfo.Uses[cb.(*ast.SelectorExpr).Sel].(*types.Func)
		}
		if fn == nil || fn.Pkg() != c.pass.Pkg || e.depth >= maxDepth {
			return
		}
		decl, ok := c.declCursors[fn.Origin()]
		if !ok || fn.Signature().Params().Len() == 0 {
			return
		}
		ne := newEnv(e.h, e.depth+1)
		ne.scoped[fn.Origin().Signature().Params().At(0)] = true
		c.walkOnce(decl, ne, walked)
	}
}

func (c *checker) bindCallbackParam(lit *ast.FuncLit, i int, e *env) {
	sig, _ := c.pass.TypesInfo.TypeOf(lit).(*types.Signature)
	if sig == nil || i >= sig.Params().Len() {
		return
	}
	// The literal's parameter objects are those of its signature in Defs.
	n := 0
	for _, f := range lit.Type.Params.List {
		names := f.Names
		if len(names) == 0 {
			n++
			continue
		}
		for _, name := range names {
			if n == i {
				if v, ok := c.pass.TypesInfo.Defs[name].(*types.Var); ok {
					e.scoped[v] = true
				}
				return
			}
			n++
		}
	}
}

// follow walks a function of the package called with the payload, its tenant, a scoped handle
// or a database handle.
func (c *checker) follow(cur inspector.Cursor, call *ast.CallExpr, fn *types.Func, e *env, walked map[string]bool) {
	if e.depth >= maxDepth {
		return
	}
	orig := fn.Origin()
	decl, ok := c.declCursors[orig]
	if !ok {
		return
	}
	sig := orig.Signature()
	ne := newEnv(e.h, e.depth+1)
	relevant := false
	bind := func(p *types.Var, arg ast.Expr) {
		switch {
		case p == nil:
		case c.isJobVar(cur, arg, e):
			ne.jobs[p] = true
		case c.isPayloadBase(cur, arg, e, 0):
			ne.payload[p] = true
		case c.isPayloadTenant(cur, arg, e, 0):
			ne.tenants[p] = true
		case c.isScoped(cur, arg, e):
			ne.scoped[p] = true
		case isDBHandle(p.Type()) || c.isPayloadField(cur, arg, e):
			relevant = true
		default:
			return
		}
		relevant = true
	}
	for i, arg := range call.Args {
		if i >= sig.Params().Len() || (sig.Variadic() && i >= sig.Params().Len()-1) {
			break
		}
		bind(sig.Params().At(i), arg)
	}
	if sel, ok := unparen(call.Fun).(*ast.SelectorExpr); ok && sig.Recv() != nil {
		if s := c.pass.TypesInfo.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
			bind(sig.Recv(), sel.X)
		}
	}
	if !relevant {
		return
	}
	c.walkOnce(decl, ne, walked)
}

func (c *checker) walkOnce(decl inspector.Cursor, e *env, walked map[string]bool) {
	fd := decl.Node().(*ast.FuncDecl)
	k := fmt.Sprintf("%d|%s", fd.Pos(), e.key())
	if walked[k] {
		return
	}
	walked[k] = true
	body, ok := decl.FindNode(fd.Body)
	if !ok {
		return
	}
	c.walk(body, e, walked)
}

// isDBHandle reports whether t is a database handle of a known query API or sqlc's DBTX.
func isDBHandle(t types.Type) bool {
	if knownapi.IsTypeIn(t, knownapi.HandleTypes) {
		return true
	}
	n := knownapi.NamedOf(t)
	return n != nil && n.Obj().Name() == knownapi.SqlcDBTX && types.IsInterface(n)
}

// unscoped reports whether the query handle h is certainly outside a tenant scope: a pool or a
// connection (a scope only ever hands out a transaction), or a transaction begun on one. A
// transaction or interface of unknown origin (the callback parameter of a helper of another
// package, say) is given the benefit of the doubt.
func (c *checker) unscoped(cur inspector.Cursor, h ast.Expr, e *env) bool {
	if c.isScoped(cur, h, e) {
		return false
	}
	t := c.pass.TypesInfo.TypeOf(h)
	if t == nil {
		return false
	}
	if !isTxType(t) {
		return knownapi.IsTypeIn(t, knownapi.HandleTypes) && !types.IsInterface(t)
	}
	d := c.defsAt(cur)
	_, vars := c.resolve(h, d)
	for _, v := range vars {
		def, ok := d.singleDef(v)
		if !ok || def.index != 0 {
			continue
		}
		if call, ok := unparen(def.rhs).(*ast.CallExpr); ok {
			if q, ok := knownapi.MatchQuery(knownapi.Callee(c.pass.TypesInfo, call), c.opt.queries); ok && q.Kind == knownapi.BeginsTx {
				return true
			}
		}
	}
	return false
}

// isTxType reports whether t is a transaction of a known query API.
func isTxType(t types.Type) bool {
	for _, p := range []string{knownapi.PkgPgx, knownapi.PkgPgxpool, knownapi.PkgDatabaseSQL, knownapi.PkgSqlx} {
		if knownapi.IsNamed(t, p, "Tx") {
			return true
		}
	}
	return false
}

// isScoped reports whether the handle e is the scoped handle of an enclosing tenant scope.
func (c *checker) isScoped(cur inspector.Cursor, x ast.Expr, e *env) bool {
	_, vars := c.resolve(x, c.defsAt(cur))
	for _, v := range vars {
		if e.scoped[v] {
			return true
		}
	}
	return false
}

// isJobVar reports whether x is a *river.Job the handler received.
func (c *checker) isJobVar(cur inspector.Cursor, x ast.Expr, e *env) bool {
	_, vars := c.resolve(x, c.defsAt(cur))
	for _, v := range vars {
		if e.jobs[v] {
			return true
		}
	}
	return false
}

// isPayloadBase reports whether x is the job payload: job.Args, a decoded payload variable or
// one of its embedded structs.
func (c *checker) isPayloadBase(cur inspector.Cursor, x ast.Expr, e *env, depth int) bool {
	if depth > 8 {
		return false
	}
	x = unparen(x)
	if s, ok := x.(*ast.StarExpr); ok {
		x = s.X
	}
	r, vars := c.resolve(x, c.defsAt(cur))
	for _, v := range vars {
		if e.payload[v] {
			return true
		}
	}
	sel, ok := r.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	if sel.Sel.Name == "Args" && c.isJobVar(cur, sel.X, e) {
		return true
	}
	if f, ok := c.pass.TypesInfo.ObjectOf(sel.Sel).(*types.Var); ok && f.Embedded() {
		return c.isPayloadBase(cur, sel.X, e, depth+1)
	}
	return false
}

// isPayloadField reports whether x is a field of the payload, such as job.Args.ProjectID.
func (c *checker) isPayloadField(cur inspector.Cursor, x ast.Expr, e *env) bool {
	sel, ok := unparen(x).(*ast.SelectorExpr)
	return ok && c.isPayloadBase(cur, sel.X, e, 0)
}

// isPayloadTenant reports whether x is the payload's tenant (or the verified tenant of a signed
// payload or of the request context), possibly converted or parsed.
func (c *checker) isPayloadTenant(cur inspector.Cursor, x ast.Expr, e *env, depth int) bool {
	if depth > 8 {
		return false
	}
	info := c.pass.TypesInfo
	d := c.defsAt(cur)
	r, vars := c.resolve(x, d)
	for _, v := range vars {
		if e.tenants[v] {
			return true
		}
	}
	switch r := r.(type) {
	case *ast.CallExpr:
		if arg, ok := conversionArg(info, r); ok {
			return c.isPayloadTenant(cur, arg, e, depth+1)
		}
		if isParserCall(info, r) {
			return c.isPayloadTenant(cur, r.Args[0], e, depth+1)
		}
		if sel, ok := unparen(r.Fun).(*ast.SelectorExpr); ok && len(r.Args) == 0 && (sel.Sel.Name == "String" || sel.Sel.Name == "Tenant") {
			if sel.Sel.Name == "Tenant" && c.isPayloadBase(cur, sel.X, e, depth+1) {
				return true // jobs.TenantArgs.Tenant()
			}
			return c.isPayloadTenant(cur, sel.X, e, depth+1)
		}
	case *ast.SelectorExpr:
		if r.Sel.Name != c.opt.field && r.Sel.Name != "TenantID" {
			return false
		}
		bt := info.TypeOf(r.X)
		if knownapi.IsNamed(bt, knownapi.JobsPkg, "Payload") || knownapi.IsNamed(bt, knownapi.PkgTenant, "Context") {
			return true // a signed payload (jobs.Run verifies it) or the verified request tenant
		}
		return r.Sel.Name == c.opt.field && c.isPayloadBase(cur, r.X, e, depth+1)
	case *ast.Ident:
		v := localVar(info, r)
		if v == nil || d == nil || d.escaped[v] || len(d.values[v]) == 0 {
			return false
		}
		for _, def := range d.values[v] {
			if def.rhs == nil {
				return false
			}
			switch {
			case def.index < 0:
				if !c.isPayloadTenant(cur, def.rhs, e, depth+1) {
					return false
				}
			case def.index == 0:
				call, ok := unparen(def.rhs).(*ast.CallExpr)
				if !ok || !isParserCall(info, call) || !c.isPayloadTenant(cur, call.Args[0], e, depth+1) {
					return false
				}
			default:
				return false
			}
		}
		return true
	}
	return false
}

// describeTenant says where a scope's tenant comes from, for TV2005 messages.
func (c *checker) describeTenant(cur inspector.Cursor, x ast.Expr) string {
	d := c.defsAt(cur)
	switch c.constKind(x, d) {
	case "zero":
		return "the zero tenant"
	case "constant":
		return "a constant tenant"
	}
	if desc, ok := c.claim(bodyAt(cur), x); ok {
		return "the tenant from " + desc + ", a client claim,"
	}
	// Follow the value back to where it was loaded: a Scan destination or a call's result.
	info := c.pass.TypesInfo
	loadedBy := func(call *ast.CallExpr) (string, bool) {
		if arg, ok := conversionArg(info, call); ok {
			x = arg
			return "", false
		}
		if isParserCall(info, call) {
			x = call.Args[0]
			return "", false
		}
		if fn := knownapi.Callee(info, call); fn != nil {
			return "a tenant loaded by " + fn.Name(), true
		}
		return "", true
	}
	for range 8 {
		r, vars := c.resolve(x, d)
		for _, v := range vars {
			if d != nil && d.escaped[v] {
				return "a tenant loaded by a query"
			}
		}
		switch y := r.(type) {
		case *ast.SelectorExpr:
			if v, ok := info.ObjectOf(y.Sel).(*types.Var); ok && v.IsField() {
				x = y.X // where does the struct come from?
				continue
			}
		case *ast.CallExpr:
			if desc, done := loadedBy(y); !done {
				continue
			} else if desc != "" {
				return desc
			}
		case *ast.Ident:
			if v := localVar(info, y); v != nil && d != nil && len(d.values[v]) == 1 && d.values[v][0].index >= 0 {
				if call, ok := unparen(d.values[v][0].rhs).(*ast.CallExpr); ok {
					if desc, done := loadedBy(call); !done {
						continue
					} else if desc != "" {
						return desc
					}
				}
			}
		}
		break
	}
	return "a tenant that is not the job's"
}

// claim reports whether e is a tenant claim read from the client within body.
func (c *checker) claim(body ast.Node, e ast.Expr) (string, bool) {
	if body == nil {
		return "", false
	}
	src, ok := taint.ExprSource(c.pass.TypesInfo, body, e, settings)
	return src.Desc, ok
}
