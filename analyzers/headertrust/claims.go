package headertrust

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/objectpath"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/taint"
)

// This file holds the claims that reach a function other than as a parameter: values read back
// from the context under a key a claim was stored under, struct fields that generated binding
// code fills from the request, gRPC request messages' tenant fields and path parameters that a
// route pattern makes the tenant. It also finds the implementations of an interface method.

// contextClaims is the package fact listing the context keys the package stores claims under.
type contextClaims struct {
	Keys []KeyClaim
}

// KeyClaim is one claim stored in the context under a key (see contextKeyID).
type KeyClaim struct {
	Key    string
	Source taint.Source
}

func (*contextClaims) AFact() {}

func (f *contextClaims) String() string {
	parts := make([]string, len(f.Keys))
	for i, k := range f.Keys {
		parts[i] = fmt.Sprintf("%s holds %s", k.Key, k.Source.Desc)
	}
	return strings.Join(parts, "; ")
}

// claimField is the fact of a struct field that code of its package fills from the request:
// reading the field is reading the claim.
type claimField struct {
	Source taint.Source
}

func (*claimField) AFact() {}

func (f *claimField) String() string { return "holds " + f.Source.Desc }

// contextKeyID identifies a context key across packages: the package variable holding it, or
// the key's named type and constant value (ctxKey("tenant"), tenantKey{}), or a plain string.
func contextKeyID(key ssa.Value) (string, bool) {
	if mi, ok := key.(*ssa.MakeInterface); ok {
		key = mi.X
	}
	switch k := key.(type) {
	case *ssa.UnOp:
		if g, ok := k.X.(*ssa.Global); ok && k.Op == token.MUL && g.Pkg != nil {
			return "var " + knownapi.PkgPath(g.Pkg.Pkg) + "." + g.Name(), true
		}
	case *ssa.Const:
		n := knownapi.NamedOf(k.Type())
		if n == nil || n.Obj().Pkg() == nil {
			if s, ok := taint.ConstString(k); ok {
				return "string " + strconv.Quote(s), true
			}
			return "", false
		}
		pkg := n.Obj().Pkg()
		if k.Value == nil {
			return "type " + knownapi.PkgPath(pkg) + "." + n.Obj().Name(), true // tenantKey{}
		}
		// The constant of the key type with this value, by name (const orgKey ctxKey = 1).
		scope := pkg.Scope()
		for _, name := range scope.Names() {
			if c, ok := scope.Lookup(name).(*types.Const); ok && types.Identical(c.Type(), k.Type()) && constant.Compare(c.Val(), token.EQL, k.Value) {
				return "const " + knownapi.PkgPath(pkg) + "." + name, true
			}
		}
		return "type " + knownapi.PkgPath(pkg) + "." + n.Obj().Name() + "=" + k.Value.ExactString(), true
	}
	return "", false
}

// learnKey records that a claim is stored in the context under key.
func (a *analysis_) learnKey(key string, src taint.Source) {
	if !slices.Contains(a.keys[key], src) {
		a.keys[key] = append(a.keys[key], src)
		a.learned = true
	}
}

// learnField records that a field is filled from the request.
func (a *analysis_) learnField(f *types.Var, src taint.Source) {
	if _, ok := a.fields[f]; !ok {
		a.fields[f] = src
		a.learned = true
	}
}

// keyClaims returns the claims stored under a context key by this package or its dependencies.
func (a *analysis_) keyClaims(key string) []taint.Source {
	if a.depKeys == nil {
		a.depKeys = map[string][]taint.Source{}
		for _, pf := range a.pass.AllPackageFacts() {
			if f, ok := pf.Fact.(*contextClaims); ok && pf.Package != a.pass.Pkg {
				for _, k := range f.Keys {
					a.depKeys[k.Key] = append(a.depKeys[k.Key], k.Source)
				}
			}
		}
	}
	return append(slices.Clip(a.keys[key]), a.depKeys[key]...)
}

// fieldClaim returns the claim a struct field is filled with, by this package or as a fact.
func (a *analysis_) fieldClaim(f *types.Var) (taint.Source, bool) {
	if src, ok := a.fields[f]; ok {
		return src, true
	}
	if f.Pkg() == nil || f.Pkg() == a.pass.Pkg {
		return taint.Source{}, false
	}
	var fact claimField
	if a.pass.ImportObjectFact(f, &fact) {
		return fact.Source, true
	}
	return taint.Source{}, false
}

// exportClaims exports what the package learned about context keys and fields.
func (a *analysis_) exportClaims() {
	if len(a.keys) > 0 {
		f := &contextClaims{}
		for k, srcs := range a.keys {
			for _, s := range srcs {
				f.Keys = append(f.Keys, KeyClaim{Key: k, Source: s})
			}
		}
		slices.SortFunc(f.Keys, func(x, y KeyClaim) int {
			if c := strings.Compare(x.Key, y.Key); c != 0 {
				return c
			}
			return strings.Compare(x.Source.Desc, y.Source.Desc)
		})
		a.pass.ExportPackageFact(f)
	}
	for m, cps := range a.params {
		if _, err := objectpath.For(m); err == nil && m.Pkg() == a.pass.Pkg {
			slices.SortFunc(cps, func(x, y ClaimParam) int { return x.Param - y.Param })
			a.pass.ExportObjectFact(m, &claimParams{Params: cps})
		}
	}
	for v, src := range a.fields {
		// Only a field of a package-level type can be named in another package.
		if v.Pkg() != a.pass.Pkg {
			continue
		}
		if _, err := objectpath.For(v); err != nil {
			continue
		}
		a.pass.ExportObjectFact(v, &claimField{Source: src})
	}
}

// contextSource describes a claim read back from the context under a key (see contextKeyID).
func contextSource(src taint.Source, key string) taint.Source {
	where := "the context key "
	for _, fw := range []string{"gin", "echo", "fiber"} {
		if rest, ok := strings.CutPrefix(key, fw+" "); ok {
			where, key = "the "+fw+" context key ", rest
		}
	}
	_, name, _ := strings.Cut(key, " ")
	if i := strings.LastIndexByte(name, '.'); i >= 0 && !strings.HasPrefix(name, `"`) {
		name = name[i+1:]
	}
	src.Desc += " (read back from " + where + name + ")"
	return src
}

// isContextValue reports whether c is ctx.Value(key) on a context.Context.
func isContextValue(c *ssa.CallCommon) bool {
	return c.IsInvoke() && c.Method.Name() == "Value" && len(c.Args) == 1 &&
		knownapi.IsNamed(c.Value.Type(), "context", "Context")
}

// binderClaim reports whether a call binds a request value into the pointer it is given as an
// `any` (oapi-codegen's runtime.BindQueryParameter(style, explode, required, "tenant_id",
// r.URL.Query(), &params.TenantId), BindStyledParameterWithOptions("simple", "orgId",
// chi.URLParam(r, "orgId"), &orgId, opts), json.Unmarshal of a claim): the claim is an argument
// read from the request, or a tenant-named constant naming the value in a query or header map
// the call is also given. dest is the pointer argument.
func (a *analysis_) binderClaim(c *ssa.CallCommon, dest ssa.Value) (taint.Source, bool) {
	fn := taint.Callee(c)
	if fn == nil || a.isVerifier(fn) {
		return taint.Source{}, false
	}
	args := taint.Args(c)
	isDest := false
	for _, arg := range args {
		if mi, ok := arg.(*ssa.MakeInterface); ok && mi.X == dest {
			isDest = true
		}
	}
	if !isDest {
		return taint.Source{}, false
	}
	var mapKind string
	for _, arg := range args {
		if src, ok := taint.Trace(arg, settings); ok {
			return src, true
		}
		switch {
		case knownapi.IsNamed(arg.Type(), "net/url", "Values"):
			mapKind = knownapi.KindQuery
		case knownapi.IsNamed(arg.Type(), "net/http", "Header"):
			if !taint.IsResponseHeader(arg) {
				mapKind = knownapi.KindHeader
			}
		}
	}
	if mapKind == "" {
		return taint.Source{}, false
	}
	for _, arg := range args {
		if src, ok := taint.NamedSource(mapKind, arg, settings); ok {
			return src, true
		}
	}
	return taint.Source{}, false
}

// boundInto returns the claims binder calls write into addr (an Alloc or a FieldAddr).
func (a *analysis_) boundInto(addr ssa.Value) []taint.Source {
	refs := addr.Referrers()
	if refs == nil {
		return nil
	}
	var out []taint.Source
	for _, r := range *refs {
		mi, ok := r.(*ssa.MakeInterface)
		if !ok || mi.Referrers() == nil {
			continue
		}
		for _, rr := range *mi.Referrers() {
			if call, ok := rr.(*ssa.Call); ok {
				if src, ok := a.binderClaim(&call.Call, addr); ok {
					out = append(out, src)
				}
			}
		}
	}
	return out
}

// fieldOf returns the struct field fa addresses.
func fieldOf(fa *ssa.FieldAddr) *types.Var {
	pt, ok := fa.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return nil
	}
	st, ok := pt.Elem().Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	return st.Field(fa.Field)
}

// isTenantFieldName reports whether a Go field or getter name (TenantId, OrgID) spells one of the
// configured tenant parameters (tenant_id, orgId), ignoring case and underscores.
func isTenantFieldName(name string) bool {
	n := strings.ToLower(strings.ReplaceAll(name, "_", ""))
	for _, p := range settings.TenantParams {
		if strings.ToLower(strings.ReplaceAll(p, "_", "")) == n {
			return true
		}
	}
	return false
}

// isProtoMessage reports whether t is a pointer to a generated protobuf message (it has the
// ProtoReflect method every generated message has).
func isProtoMessage(t types.Type) bool {
	if _, ok := types.Unalias(t).(*types.Pointer); !ok {
		return false
	}
	sel := types.NewMethodSet(t).Lookup(nil, "ProtoReflect")
	if sel == nil {
		return false
	}
	sig, ok := sel.Type().(*types.Signature)
	return ok && sig.Params().Len() == 0 && sig.Results().Len() == 1
}

// grpcRequest reports whether v is the request message parameter of a gRPC server method: a
// method taking (context.Context, *Msg) and returning (*Reply, error), or taking (*Msg, stream)
// and returning error, where the messages are protobuf messages.
func grpcRequest(v ssa.Value) bool {
	p, ok := v.(*ssa.Parameter)
	if !ok || !isProtoMessage(p.Type()) {
		return false
	}
	fn := p.Parent()
	sig := fn.Signature
	if sig.Recv() == nil {
		return false
	}
	params, res := sig.Params(), sig.Results()
	i := slices.Index(fn.Params, p) - 1
	switch {
	case params.Len() == 2 && i == 1 && knownapi.IsNamed(params.At(0).Type(), "context", "Context"):
		return res.Len() == 2 && isProtoMessage(res.At(0).Type()) && isError(res.At(1).Type())
	case params.Len() == 2 && i == 0:
		_, stream := params.At(1).Type().Underlying().(*types.Interface)
		return stream && res.Len() == 1 && isError(res.At(0).Type())
	}
	return false
}

// grpcSource describes a tenant field of a gRPC request message.
func grpcSource(msg types.Type, field string) taint.Source {
	name := field
	if n := knownapi.NamedOf(msg); n != nil {
		name = n.Obj().Name() + "." + field
	}
	return taint.Source{Kind: "message", Name: name, Desc: `gRPC request field "` + name + `"`}
}

// grpcGetter reports whether c is a generated getter (req.GetTenantId()) of a tenant field on
// the request message of a gRPC server method.
func grpcGetter(c *ssa.CallCommon) (taint.Source, bool) {
	fn := taint.Callee(c)
	recv := taint.Receiver(c)
	if fn == nil || recv == nil || c.IsInvoke() || len(taint.Args(c)) != 0 {
		return taint.Source{}, false
	}
	field, ok := strings.CutPrefix(fn.Name(), "Get")
	if !ok || !isTenantFieldName(field) || !grpcRequest(recv) {
		return taint.Source{}, false
	}
	return grpcSource(recv.Type(), field), true
}

// implementations returns the methods an interface call may run: those of the named types in
// scope (this package and the non-standard packages it imports, directly or not) that implement
// the interface.
func (a *analysis_) implementations(c *ssa.CallCommon) []*types.Func {
	iface, ok := c.Value.Type().Underlying().(*types.Interface)
	if !ok || !slices.ContainsFunc(c.Args, func(v ssa.Value) bool { return claimCarrier(v.Type()) }) {
		return nil // no argument can carry a claim: nothing to look for
	}
	if n := knownapi.NamedOf(c.Value.Type()); n != nil && n.Obj().Pkg() != nil && n.Obj().Pkg() != a.pass.Pkg && standardPath(n.Obj().Pkg().Path()) {
		return nil // io.Writer, context.Context: no repository
	}
	if a.impls == nil {
		a.impls = map[*types.Interface]map[string][]*types.Func{}
	}
	byName, ok := a.impls[iface]
	if !ok {
		byName = map[string][]*types.Func{}
		for _, n := range a.namedTypes()[c.Method.Name()] {
			var t types.Type = n
			if !types.Implements(t, iface) {
				if t = types.NewPointer(n); !types.Implements(t, iface) {
					continue
				}
			}
			ms := types.NewMethodSet(t)
			for i := range iface.NumMethods() {
				m := iface.Method(i)
				if sel := ms.Lookup(m.Pkg(), m.Name()); sel != nil {
					if f, ok := sel.Obj().(*types.Func); ok {
						byName[m.Name()] = append(byName[m.Name()], f)
					}
				}
			}
		}
		a.impls[iface] = byName
	}
	return byName[c.Method.Name()]
}

// standardPath reports whether an import path looks like the standard library's (no dot in
// its first element).
func standardPath(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// namedTypes indexes by method name the concrete named types with methods declared in this
// package and in the non-standard packages it depends on.
func (a *analysis_) namedTypes() map[string][]*types.Named {
	if a.candidates != nil {
		return a.candidates
	}
	a.candidates = map[string][]*types.Named{}
	seen := map[*types.Package]bool{}
	var visit func(p *types.Package)
	visit = func(p *types.Package) {
		if seen[p] {
			return
		}
		seen[p] = true
		if p != a.pass.Pkg && standardPath(p.Path()) {
			return // the standard library: no facts, and its interfaces are not repositories
		}
		scope := p.Scope()
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok || tn.IsAlias() {
				continue
			}
			n, ok := tn.Type().(*types.Named)
			if !ok || n.NumMethods() == 0 || n.TypeParams().Len() > 0 {
				continue
			}
			if _, isIface := n.Underlying().(*types.Interface); isIface {
				continue
			}
			ms := types.NewMethodSet(types.NewPointer(n)) // promoted methods too
			for i := range ms.Len() {
				name := ms.At(i).Obj().Name()
				a.candidates[name] = append(a.candidates[name], n)
			}
		}
		for _, imp := range p.Imports() {
			visit(imp)
		}
	}
	visit(a.pass.Pkg)
	return a.candidates
}

// tenantCollections are the path segments that name a collection of tenants: the parameter
// after one (/orgs/{id}, /tenants/:tenant) is the tenant.
var tenantCollections = []string{"tenants", "tenant", "orgs", "org", "organizations", "organization",
	"workspaces", "workspace", "accounts", "account"}

// routeTenantParams returns the path parameters a route pattern makes the tenant: net/http 1.22
// ("GET /orgs/{id}"), chi and gorilla/mux ("/orgs/{id}", "/orgs/{id:[0-9]+}"), gin and echo
// ("/orgs/:id").
func routeTenantParams(pattern string) []string {
	if i := strings.IndexByte(pattern, ' '); i >= 0 {
		pattern = strings.TrimSpace(pattern[i+1:]) // net/http's "METHOD /path"
	}
	if !strings.Contains(pattern, "/") {
		return nil
	}
	segs := strings.Split(pattern, "/")
	var out []string
	for i := 1; i < len(segs); i++ {
		name, ok := pathParamName(segs[i])
		if !ok || !slices.Contains(tenantCollections, strings.ToLower(segs[i-1])) {
			continue
		}
		out = append(out, name)
	}
	return out
}

// pathParamName returns the parameter a path segment captures: {name}, {name...}, {name:re},
// :name, and fiber's :name?, :name<constraint>.
func pathParamName(seg string) (string, bool) {
	if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
		name := seg[1 : len(seg)-1]
		if i := strings.IndexByte(name, ':'); i >= 0 {
			name = name[:i]
		}
		name = strings.TrimSuffix(name, "...")
		return name, name != ""
	}
	if name, ok := strings.CutPrefix(seg, ":"); ok && name != "" {
		// fiber's optional parameters and constraints: :id?, :id<int>, :id<guid>?
		if i := strings.IndexAny(name, "?<"); i >= 0 {
			name = name[:i]
		}
		return name, name != ""
	}
	return "", false
}

// routeClaims finds the route registrations of the package, calls given a constant route
// pattern and a handler function (mux.HandleFunc("GET /orgs/{id}", s.getOrg), r.GET("/orgs/:id",
// getOrg)), and returns for each handler the path parameters the pattern makes the tenant.
func (a *analysis_) routeClaims(fns []*ssa.Function) map[*ssa.Function]map[string]string {
	var out map[*ssa.Function]map[string]string
	gs := newGroups(fns)
	gs.mountsOf = a.importMounts
	a.groups = gs
	for _, fn := range fns {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				a.registrarCall(gs, call)
				var pattern string
				var params []string
				var rooted []pendingRoute // below a router another package decides the prefix of
				add := func(route string) {
					if i, rest, ok := splitRoot(route); ok {
						rooted = append(rooted, pendingRoute{root: gs.roots[i], suffix: rest})
						route = rest
					}
					if ps := routeTenantParams(route); len(ps) > 0 {
						pattern, params = route, ps
					}
				}
				for _, arg := range call.Call.Args {
					// A constant, or an unexported package variable assigned once (var orgRoute =
					// "/orgs/:id").
					if c, ok := taint.ConstString(arg); ok && isString(arg.Type()) {
						if ps := routeTenantParams(c); len(ps) > 0 {
							pattern, params = c, ps
						}
					}
				}
				// A route registered on a group, a chi Route or a mounted router is served under
				// the group's prefix: /tenants/{id} + "/" makes id the tenant.
				if recv := taint.Receiver(&call.Call); recv != nil {
					if paths := pathArgs(&call.Call); len(paths) > 0 {
						for _, p := range gs.prefixes(recv) {
							if p != "" {
								add(joinRoute(p, paths[0]))
							}
						}
					} else if matches(taint.Callee(&call.Call), routeHandlerFuncs) {
						for _, p := range gs.prefixes(recv) {
							add(p)
						}
					}
				}
				if params == nil && rooted == nil {
					continue
				}
				for _, arg := range call.Call.Args {
					for _, h := range a.handlerFuncs(arg) {
						for _, r := range rooted {
							r.handler = h
							a.pending = append(a.pending, r)
						}
						if params == nil {
							continue
						}
						a.foreignHandler(call, h, pattern, params)
						if out == nil {
							out = map[*ssa.Function]map[string]string{}
						}
						if out[h] == nil {
							out[h] = map[string]string{}
						}
						for _, p := range params {
							out[h][p] = pattern
						}
					}
				}
			}
		}
	}
	return out
}

// handlerFuncs returns the functions a handler argument denotes: a function, a closure, a method
// value, an http.HandlerFunc conversion of one, or the elements of a variadic handler slice.
func (a *analysis_) handlerFuncs(v ssa.Value) []*ssa.Function {
	switch v := v.(type) {
	case *ssa.Function:
		if obj, ok := v.Object().(*types.Func); ok && v.Synthetic != "" {
			if f := a.prog.FuncValue(obj); f != nil {
				return []*ssa.Function{f} // a method expression's thunk
			}
		}
		return []*ssa.Function{v}
	case *ssa.MakeClosure:
		fn := v.Fn.(*ssa.Function)
		if obj, ok := fn.Object().(*types.Func); ok && fn.Synthetic != "" {
			if f := a.prog.FuncValue(obj); f != nil {
				return []*ssa.Function{f} // a method value's bound wrapper
			}
		}
		return []*ssa.Function{fn}
	case *ssa.ChangeType:
		return a.handlerFuncs(v.X)
	case *ssa.MakeInterface:
		return a.handlerFuncs(v.X)
	case *ssa.Slice:
		if alloc, ok := v.X.(*ssa.Alloc); ok {
			var out []*ssa.Function
			for _, s := range stores(alloc) {
				out = append(out, a.handlerFuncs(s)...)
			}
			return out
		}
	}
	return nil
}

// routeSource returns the claim a path parameter read in fn is when a route registered for fn
// (or the function it is a closure of) makes it the tenant.
func (a *analysis_) routeSource(fn *ssa.Function, name string) (taint.Source, bool) {
	for f := fn; f != nil; f = f.Parent() {
		if pattern, ok := a.routes[f][name]; ok {
			return taint.Source{Kind: knownapi.KindPath, Name: name,
				Desc: `path parameter "` + name + `" of route "` + pattern + `"`}, true
		}
	}
	return taint.Source{}, false
}

// claimParams is the fact of an interface method that code of its package calls with a claim
// (a generated ServerInterfaceWrapper passing the bound path parameter to the handler): the
// parameter is a claim in every implementation.
type claimParams struct {
	Params []ClaimParam
}

// ClaimParam is a parameter of an interface method that callers fill with a claim.
type ClaimParam struct {
	Param  int
	Source taint.Source
}

func (*claimParams) AFact() {}

func (f *claimParams) String() string {
	parts := make([]string, len(f.Params))
	for i, p := range f.Params {
		parts[i] = fmt.Sprintf("param %d is given %s", p.Param, p.Source.Desc)
	}
	return strings.Join(parts, "; ")
}

type ifaceParams struct {
	iface  *types.Interface
	params []ClaimParam
}

// learnParam records that this package calls an interface method with a claim as param i.
func (a *analysis_) learnParam(m *types.Func, i int, src taint.Source) {
	cp := ClaimParam{Param: i, Source: src}
	if !slices.Contains(a.params[m], cp) {
		a.params[m] = append(a.params[m], cp)
		a.learned = true
		a.implParams = nil
	}
}

// bindFields learns the struct fields a binder call fills from the request
// (runtime.BindQueryParameter(..., r.URL.Query(), &params.TenantId)).
func (a *analysis_) bindFields(c *ssa.CallCommon) {
	for _, arg := range c.Args {
		mi, ok := arg.(*ssa.MakeInterface)
		if !ok {
			continue
		}
		fa, ok := mi.X.(*ssa.FieldAddr)
		if !ok {
			continue
		}
		if f := fieldOf(fa); f != nil {
			if src, ok := a.binderClaim(c, fa); ok {
				a.learnField(f, src)
			}
		}
	}
}

// implClaims returns the parameters of a method that implements an interface method its
// callers give claims (this package's, or a dependency's fact).
func (a *analysis_) implClaims(fn *ssa.Function) []ClaimParam {
	obj, ok := fn.Object().(*types.Func)
	if !ok || fn.Signature.Recv() == nil {
		return nil
	}
	if cps, ok := a.implParams[fn]; ok {
		return cps
	}
	if a.depParams == nil {
		a.depParams = map[string][]ifaceParams{}
		for _, of := range a.pass.AllObjectFacts() {
			f, ok := of.Fact.(*claimParams)
			m, isFunc := of.Object.(*types.Func)
			if !ok || !isFunc || m.Pkg() == a.pass.Pkg {
				continue
			}
			if iface, ok := m.Type().(*types.Signature).Recv().Type().Underlying().(*types.Interface); ok {
				a.depParams[m.Name()] = append(a.depParams[m.Name()], ifaceParams{iface, f.Params})
			}
		}
	}
	cands := slices.Clone(a.depParams[obj.Name()])
	for m, cps := range a.params {
		if m.Name() != obj.Name() {
			continue
		}
		if iface, ok := m.Type().(*types.Signature).Recv().Type().Underlying().(*types.Interface); ok {
			cands = append(cands, ifaceParams{iface, cps})
		}
	}
	var out []ClaimParam
	recv := fn.Signature.Recv().Type()
	for _, c := range cands {
		if types.Implements(recv, c.iface) || types.Implements(types.NewPointer(recv), c.iface) {
			out = append(out, c.params...)
		}
	}
	if a.implParams == nil {
		a.implParams = map[*ssa.Function][]ClaimParam{}
	}
	a.implParams[fn] = out
	return out
}

// kindRoute is the ParamSink kind of a path parameter read by a constant name.
const kindRoute = "route"

// foreignHandler reports a handler of another package registered for a route whose pattern
// makes the path parameter it passes to a sink the tenant.
func (a *analysis_) foreignHandler(call *ssa.Call, h *ssa.Function, pattern string, params []string) {
	obj, ok := h.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg() == a.pass.Pkg {
		return
	}
	var f sinkParam
	if !a.pass.ImportObjectFact(obj.Origin(), &f) {
		return
	}
	for _, p := range f.Params {
		if p.Kind == kindRoute && slices.Contains(params, p.Name) {
			a.reportRoute(call, funcName(obj), pattern, p)
		}
	}
}

// storeSets store a value in a web framework's request-scoped store under a key (gin's and
// echo's c.Set(key, value)); storeGets read it back (c.Get, c.MustGet, gin's typed getters and
// c.Value, which reads gin's store for a string key and the request context otherwise).
var (
	storeSets = []knownapi.Func{{Pkg: ginPkg, Recv: "Context", Name: "Set"}, {Pkg: echoPkg, Recv: "Context", Name: "Set"}}
	storeGets = []knownapi.Func{
		{Pkg: ginPkg, Recv: "Context", Name: "Get"}, {Pkg: ginPkg, Recv: "Context", Name: "MustGet"},
		{Pkg: ginPkg, Recv: "Context", Name: "GetString"}, {Pkg: ginPkg, Recv: "Context", Name: "GetInt"},
		{Pkg: ginPkg, Recv: "Context", Name: "GetInt64"}, {Pkg: ginPkg, Recv: "Context", Name: "GetUint"},
		{Pkg: ginPkg, Recv: "Context", Name: "GetUint64"}, {Pkg: ginPkg, Recv: "Context", Name: "Value"},
		{Pkg: echoPkg, Recv: "Context", Name: "Get"},
	}
)

// fiberLocals is fiber's request store: c.Locals(key, v) stores v, c.Locals(key) reads it back.
var fiberLocals = knownapi.Func{Pkg: fiberPkg, Recv: "Ctx", Name: "Locals"}

// storeSet reports whether a call stores a value in a framework's request store, and returns the
// key and the value: gin's and echo's c.Set(key, v), fiber's c.Locals(key, v), whose value is the
// first of its variadic values.
func storeSet(fn *types.Func, args []ssa.Value) (key, val ssa.Value, ok bool) {
	if _, ok := knownapi.MatchAny(fn, storeSets...); ok && len(args) == 2 {
		return args[0], args[1], true
	}
	if fiberLocals.Matches(fn) && len(args) == 2 {
		if v := variadicElem(args[1], 0); v != nil {
			return args[0], v, true
		}
	}
	return nil, nil, false
}

// storeKeyID identifies the key of a framework store call across packages: the framework's name
// and the key's contextKeyID ("gin string \"tenant_id\"").
func storeKeyID(fn *types.Func, key ssa.Value) (string, bool) {
	id, ok := contextKeyID(key)
	if !ok || fn.Pkg() == nil {
		return "", false
	}
	return fn.Pkg().Name() + " " + id, true
}

// frameworkStoreKey reports whether id, a sink's key, is a key of a framework's request store
// (storeKeyID: gin's, echo's or fiber's package name first) rather than a context.WithValue key.
func frameworkStoreKey(id string) bool {
	for _, name := range []string{"gin", "echo", "fiber"} {
		if strings.HasPrefix(id, name+" ") {
			return true
		}
	}
	return false
}

// storeRead returns the keys a framework store read (c.GetString("tenant_id"), fiber's
// c.Locals("tenant_id")) reads: gin's c.Value also reads the request context under the key.
func storeRead(c *ssa.CallCommon) ([]string, bool) {
	fn := taint.Callee(c)
	f, ok := knownapi.MatchAny(fn, storeGets...)
	args := taint.Args(c)
	if fiberLocals.Matches(fn) && len(args) == 2 && isNilConst(args[1]) {
		f, ok, args = fiberLocals, true, args[:1] // c.Locals(key): no value given, a read
	}
	if !ok || len(args) != 1 {
		return nil, false
	}
	id, ok := storeKeyID(fn, args[0])
	if !ok {
		return nil, true // a key by no constant: no claim is known stored under it
	}
	keys := []string{id}
	if f.Name == "Value" {
		if ctx, ok := contextKeyID(args[0]); ok {
			keys = append(keys, ctx)
		}
	}
	return keys, true
}

// isNilConst reports whether v is a nil constant (the empty variadic slice of a call giving none).
func isNilConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.Value == nil
}
