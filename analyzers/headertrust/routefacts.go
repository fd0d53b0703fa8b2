package headertrust

import (
	"fmt"
	"go/types"
	"maps"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/rules"
	"github.com/tenantvet/tenantvet/internal/taint"
)

// Routes registered by one package on a router another package gives it (func Register(r
// chi.Router), called from package server with a group under /tenants/{id}) or takes from it
// (func Router() http.Handler, mounted by the caller) are served under a prefix only the caller
// knows. The registering function's routeRegs fact carries the route below the router and what
// the handler's path parameters reach, and the caller reports the handler where its prefix makes
// one of them the tenant.

// routerTypes are the router and group types of the web frameworks a router parameter or result
// can have; net/http's Handler is the result type of a function returning a router to mount.
var routerTypes = map[string][]string{
	chiPkg:   {"Router", "Mux"},
	ginPkg:   {"Engine", "RouterGroup", "IRouter", "IRoutes"},
	echoPkg:  {"Echo", "Group"},
	muxPkg:   {"Router", "Route"},
	fiberPkg: {"App", "Group", "Router"},
}

func isRouterType(t types.Type) bool {
	n := knownapi.NamedOf(t)
	if n == nil || n.Obj().Pkg() == nil {
		return false
	}
	return slices.Contains(routerTypes[knownapi.PkgPath(n.Obj().Pkg())], n.Obj().Name())
}

// exportedFunc returns the function object of fn when code of another package can call it.
func exportedFunc(fn *ssa.Function) (*types.Func, bool) {
	obj, ok := fn.Object().(*types.Func)
	return obj, ok && fn.Parent() == nil && obj.Exported()
}

// exportedRouterParam reports whether SSA parameter i of fn is a router parameter that callers
// in other packages can fill, and its index in the Go signature.
func exportedRouterParam(fn *ssa.Function, i int) (int, bool) {
	if _, ok := exportedFunc(fn); !ok || i < 0 || i >= len(fn.Params) || !isRouterType(fn.Params[i].Type()) {
		return 0, false
	}
	if fn.Signature.Recv() != nil {
		i--
	}
	return i, i >= 0
}

// exportedRouterResult reports whether fn returns a router to callers in other packages (a
// router or an http.Handler as its only result).
func exportedRouterResult(fn *ssa.Function) bool {
	res := fn.Signature.Results()
	if _, ok := exportedFunc(fn); !ok || res.Len() != 1 {
		return false
	}
	return isRouterType(res.At(0).Type()) || knownapi.IsNamed(res.At(0).Type(), "net/http", "Handler")
}

// routerRoot is a router parameter (Param >= 0, in the Go signature) or the result (Param -1) of
// an exported function.
type routerRoot struct {
	fn    *ssa.Function
	param int
}

// root returns the rooted prefix of r: a prefix "\x00n\x00" followed by the path below the
// router, for routes whose prefix a caller in another package decides. Locally it is the root.
func (g *groups) root(fn *ssa.Function, param int) string {
	r := routerRoot{fn, param}
	i := slices.Index(g.roots, r)
	if i < 0 {
		i = len(g.roots)
		g.roots = append(g.roots, r)
	}
	return "\x00" + strconv.Itoa(i) + "\x00"
}

// splitRoot splits a rooted route into its root's index and the path below the root.
func splitRoot(route string) (int, string, bool) {
	rest, ok := strings.CutPrefix(route, "\x00")
	if !ok {
		return 0, route, false
	}
	n, rest, ok := strings.Cut(rest, "\x00")
	i, err := strconv.Atoi(n)
	if !ok || err != nil {
		return 0, route, false
	}
	return i, rest, true
}

// routeRegs is the fact of an exported function that registers handlers on a router parameter
// or on the router it returns, or mounts a router parameter.
type routeRegs struct {
	Routes []RouteReg
	Mounts []RouterMount
}

// RouterMount is a router parameter (Param) the function mounts at Prefix: below the prefix of
// its router parameter Under when Below is set, at the root otherwise
// (func MountTenant(r chi.Router, sub http.Handler) { r.Mount("/tenants/{id}", sub) }).
type RouterMount struct {
	Param  int
	Under  int
	Below  bool
	Prefix string
}

// extMount is a call of another package's function that mounts the router given as its argument.
type extMount struct {
	call  *ssa.Call
	mount RouterMount
}

// mountedByCallee returns the prefixes router v is mounted under by the functions of other
// packages it is handed to, from their routeRegs facts.
func (g *groups) mountedByCallee(v ssa.Value) []string {
	if !g.extDone {
		g.extDone = true
		for f, calls := range g.callers {
			obj, ok := f.Object().(*types.Func)
			if !ok || g.mountsOf == nil {
				continue
			}
			for _, m := range g.mountsOf(obj) {
				for _, c := range calls {
					g.ext = append(g.ext, extMount{c, m})
				}
			}
		}
	}
	var out []string
	for _, e := range g.ext {
		args := taint.Args(&e.call.Call)
		if e.mount.Param >= len(args) || !sameRouter(args[e.mount.Param], v) {
			continue
		}
		if !e.mount.Below {
			out = append(out, e.mount.Prefix)
			continue
		}
		if e.mount.Under < len(args) {
			for _, p := range g.prefixes(args[e.mount.Under]) {
				out = append(out, joinRoute(p, e.mount.Prefix))
			}
		}
	}
	return out
}

// paramMounts returns the mounts of the package's exported functions whose mounted router is
// one of their parameters.
func (g *groups) paramMounts() map[*ssa.Function][]RouterMount {
	out := map[*ssa.Function][]RouterMount{}
	for _, m := range g.mounts {
		recv := taint.Receiver(&m.Call)
		for _, arg := range m.Call.Args {
			p, ok := taint.Unconverted(arg).(*ssa.Parameter)
			if !ok || arg == recv {
				continue
			}
			fn := p.Parent()
			if _, ok := exportedFunc(fn); !ok {
				continue
			}
			j := slices.Index(fn.Params, p)
			if fn.Signature.Recv() != nil {
				j--
			}
			if j < 0 {
				continue
			}
			for _, prefix := range g.derive(&m.Call) {
				mt := RouterMount{Param: j, Under: -1, Prefix: prefix}
				if i, rest, ok := splitRoot(prefix); ok {
					r := g.roots[i]
					if r.fn != fn || r.param < 0 {
						continue
					}
					mt = RouterMount{Param: j, Under: r.param, Below: true, Prefix: rest}
				}
				if !slices.Contains(out[fn], mt) {
					out[fn] = append(out[fn], mt)
				}
			}
		}
	}
	return out
}

// RouteReg is a handler registered below a router parameter (Param >= 0) or result (Param -1)
// at Suffix, with the path parameters it passes to a sink unverified (ParamSinks of Kind
// "route") that a prefix above Suffix could make the tenant.
type RouteReg struct {
	Param   int
	Suffix  string
	Handler string
	Sinks   []ParamSink
}

func (*routeRegs) AFact() {}

func (f *routeRegs) String() string {
	parts := make([]string, len(f.Routes), len(f.Routes)+len(f.Mounts))
	for i, r := range f.Routes {
		router := "result"
		if r.Param >= 0 {
			router = fmt.Sprintf("param %d", r.Param)
		}
		names := make([]string, len(r.Sinks))
		for j, s := range r.Sinks {
			names[j] = strconv.Quote(s.Name)
		}
		parts[i] = fmt.Sprintf("%s routes %q to %s reading %s", router, r.Suffix, r.Handler, strings.Join(names, ", "))
	}
	for _, m := range f.Mounts {
		if m.Below {
			parts = append(parts, fmt.Sprintf("param %d mounted at %q below param %d", m.Param, m.Prefix, m.Under))
		} else {
			parts = append(parts, fmt.Sprintf("param %d mounted at %q", m.Param, m.Prefix))
		}
	}
	return strings.Join(parts, "; ")
}

// pendingRoute is a handler registered below a root of this package, known once the package's
// summaries are: handler is the registered function, or nil when the route came from the
// routeRegs fact of a function the package hands its router to (name and sinks given).
type pendingRoute struct {
	root    routerRoot
	suffix  string
	handler *ssa.Function
	name    string
	sinks   []ParamSink
}

// prefixable returns the route sinks of a handler served at suffix below a router whose prefix a
// caller decides: those of parameters the suffix does not capture or captures first
// ("/{id}/users" below "/tenants").
func prefixable(sinks []ParamSink, suffix string) []ParamSink {
	var out []ParamSink
	for _, s := range sinks {
		if s.Kind != kindRoute {
			continue
		}
		pos := -1
		for i, seg := range strings.Split(strings.TrimPrefix(suffix, "/"), "/") {
			if name, ok := pathParamName(seg); ok && name == s.Name {
				pos = i
			}
		}
		if pos <= 0 && !slices.ContainsFunc(out, s.same) {
			out = append(out, s)
		}
	}
	return out
}

// registrarCall handles a call to a function of another package whose routeRegs fact says it
// registers handlers on a router it is given or returns: under the prefixes the router has here,
// a handler whose path parameter the full route makes the tenant is reported at the call, and a
// router rooted in this package's own exported function passes the routes on.
func (a *analysis_) registrarCall(gs *groups, call *ssa.Call) {
	callee := taint.Callee(&call.Call)
	if callee == nil || callee.Pkg() == a.pass.Pkg {
		return
	}
	var f routeRegs
	if !a.pass.ImportObjectFact(callee.Origin(), &f) {
		return
	}
	args := taint.Args(&call.Call)
	for _, r := range f.Routes {
		var router ssa.Value = call
		if r.Param >= 0 {
			if r.Param >= len(args) {
				continue
			}
			router = args[r.Param]
		}
		own := routeTenantParams(r.Suffix)
		for _, p := range gs.prefixes(router) {
			full := joinRoute(p, r.Suffix)
			if i, rest, ok := splitRoot(full); ok {
				a.pending = append(a.pending, pendingRoute{root: gs.roots[i], suffix: rest, name: r.Handler, sinks: r.Sinks})
				full = rest
			}
			for _, name := range routeTenantParams(full) {
				if slices.Contains(own, name) {
					continue // the registering package reported it
				}
				for _, s := range r.Sinks {
					if s.Name == name {
						a.reportRoute(call, r.Handler, full, s)
					}
				}
			}
		}
	}
}

// reportRoute reports a handler, registered at call for route pattern, whose path parameter
// reaches a sink unverified (a route ParamSink).
func (a *analysis_) reportRoute(call *ssa.Call, handler, pattern string, p ParamSink) {
	src := taint.Source{Kind: knownapi.KindPath, Name: p.Name, Desc: `path parameter "` + p.Name + `" of route "` + pattern + `"`}
	s := sink{name: p.Sink, rule: rules.MustGet(p.Rule), via: handler, rest: p.Via, param: -1}
	a.routeFound = append(a.routeFound, finding{pos: call.Pos(), rule: s.rule, msg: message(src, s)})
}

// exportRoutes exports the routeRegs facts of the package's exported functions, from the
// routes registered below their router parameters and results.
func (a *analysis_) exportRoutes() {
	facts := map[*types.Func]*routeRegs{}
	var order []*types.Func
	fact := func(obj *types.Func) *routeRegs {
		f := facts[obj]
		if f == nil {
			f = &routeRegs{}
			facts[obj] = f
			order = append(order, obj)
		}
		return f
	}
	for _, pr := range a.pending {
		name, sinks := pr.name, pr.sinks
		if h := pr.handler; h != nil {
			obj, ok := h.Object().(*types.Func)
			if !ok {
				continue
			}
			name = funcName(obj)
			if obj.Pkg() == a.pass.Pkg {
				sinks = a.summaries[h]
			} else {
				var f sinkParam
				if a.pass.ImportObjectFact(obj.Origin(), &f) {
					sinks = f.Params
				}
			}
		}
		sinks = prefixable(sinks, pr.suffix)
		obj, _ := exportedFunc(pr.root.fn)
		if len(sinks) == 0 || obj == nil {
			continue
		}
		reg := RouteReg{Param: pr.root.param, Suffix: pr.suffix, Handler: name, Sinks: sinks}
		f := fact(obj)
		if !slices.ContainsFunc(f.Routes, func(r RouteReg) bool {
			return r.Param == reg.Param && r.Suffix == reg.Suffix && r.Handler == reg.Handler
		}) {
			f.Routes = append(f.Routes, reg)
		}
	}
	if a.groups != nil {
		mounts := a.groups.paramMounts()
		fns := slices.Collect(maps.Keys(mounts))
		slices.SortFunc(fns, func(x, y *ssa.Function) int { return int(x.Pos() - y.Pos()) })
		for _, fn := range fns {
			obj, _ := exportedFunc(fn)
			fact(obj).Mounts = mounts[fn]
		}
	}
	for _, obj := range order {
		a.pass.ExportObjectFact(obj, facts[obj])
	}
}

// importMounts returns the mounts of fn's routeRegs fact, for a function of another package.
func (a *analysis_) importMounts(fn *types.Func) []RouterMount {
	var f routeRegs
	if fn.Pkg() == nil || fn.Pkg() == a.pass.Pkg || !a.pass.ImportObjectFact(fn.Origin(), &f) {
		return nil
	}
	return f.Mounts
}
