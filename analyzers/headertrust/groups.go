package headertrust

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/taint"
)

const (
	chiPkg   = "github.com/go-chi/chi/v5"
	ginPkg   = "github.com/gin-gonic/gin"
	echoPkg  = "github.com/labstack/echo/v4"
	muxPkg   = "github.com/gorilla/mux"
	fiberPkg = "github.com/gofiber/fiber/v2"
)

// prefixFuncs derive a router serving under its receiver's prefix joined with the constant path
// given first: their result (gin and echo Group, chi Route) and, for chi Route, the router the
// function it is given receives.
var prefixFuncs = []knownapi.Func{
	{Pkg: chiPkg, Recv: "Router", Name: "Route"}, {Pkg: chiPkg, Recv: "Mux", Name: "Route"},
	{Pkg: ginPkg, Recv: "RouterGroup", Name: "Group"}, {Pkg: ginPkg, Recv: "IRouter", Name: "Group"},
	{Pkg: echoPkg, Recv: "Echo", Name: "Group"}, {Pkg: echoPkg, Recv: "Group", Name: "Group"},
	{Pkg: fiberPkg, Recv: "App", Name: "Group"}, {Pkg: fiberPkg, Recv: "Group", Name: "Group"}, {Pkg: fiberPkg, Recv: "Router", Name: "Group"},
	// fiber Route: like chi's, the function it is given receives the router of the prefix.
	{Pkg: fiberPkg, Recv: "App", Name: "Route"}, {Pkg: fiberPkg, Recv: "Group", Name: "Route"}, {Pkg: fiberPkg, Recv: "Router", Name: "Route"},
	// gorilla/mux: a route matching a path (prefix), whose Subrouter and handler serve under it.
	{Pkg: muxPkg, Recv: "Router", Name: "PathPrefix"}, {Pkg: muxPkg, Recv: "Route", Name: "PathPrefix"},
	{Pkg: muxPkg, Recv: "Router", Name: "Path"}, {Pkg: muxPkg, Recv: "Route", Name: "Path"},
}

// inheritFuncs derive a router serving under its receiver's prefix unchanged: chi Group (the
// router its function receives, and its result) and With (its result).
var inheritFuncs = []knownapi.Func{
	{Pkg: chiPkg, Recv: "Router", Name: "Group"}, {Pkg: chiPkg, Recv: "Mux", Name: "Group"},
	{Pkg: chiPkg, Recv: "Router", Name: "With"}, {Pkg: chiPkg, Recv: "Mux", Name: "With"},
	// gorilla/mux: matchers that leave the path alone, and the Subrouter of a route.
	{Pkg: muxPkg, Recv: "Route", Name: "Subrouter"}, {Pkg: muxPkg, Recv: "Router", Name: "NewRoute"},
	{Pkg: muxPkg, Recv: "Router", Name: "Host"}, {Pkg: muxPkg, Recv: "Route", Name: "Host"},
	{Pkg: muxPkg, Recv: "Router", Name: "Methods"}, {Pkg: muxPkg, Recv: "Route", Name: "Methods"},
	{Pkg: muxPkg, Recv: "Router", Name: "Headers"}, {Pkg: muxPkg, Recv: "Route", Name: "Headers"},
	{Pkg: muxPkg, Recv: "Router", Name: "Queries"}, {Pkg: muxPkg, Recv: "Route", Name: "Queries"},
	{Pkg: muxPkg, Recv: "Router", Name: "Schemes"}, {Pkg: muxPkg, Recv: "Route", Name: "Schemes"},
	{Pkg: muxPkg, Recv: "Router", Name: "Name"}, {Pkg: muxPkg, Recv: "Route", Name: "Name"},
	{Pkg: muxPkg, Recv: "Router", Name: "StrictSlash"},
}

// routeHandlerFuncs set the handler of a route built before (gorilla/mux
// r.Path("/orgs/{id}").HandlerFunc(h)): the handler serves the route's own path.
var routeHandlerFuncs = []knownapi.Func{
	{Pkg: muxPkg, Recv: "Route", Name: "Handler"}, {Pkg: muxPkg, Recv: "Route", Name: "HandlerFunc"},
}

// mountFuncs serve the handler they are given under the receiver's prefix joined with the
// constant path given first (chi Mount): routes registered on a mounted router get that prefix.
var mountFuncs = []knownapi.Func{
	{Pkg: chiPkg, Recv: "Router", Name: "Mount"}, {Pkg: chiPkg, Recv: "Mux", Name: "Mount"},
}

// groups computes the path prefixes under which a router value serves the routes registered on
// it, through route groups (gin and echo Group, chi Route and Group), mounts (chi Mount) and
// the functions of the package a router is handed to or returned from.
type groups struct {
	callers map[*ssa.Function][]*ssa.Call // static call sites in the package
	given   map[*ssa.Function][]*ssa.Call // the prefixFuncs/inheritFuncs calls a function is given to
	mounts  []*ssa.Call                   // the mountFuncs calls of the package
	fields  map[*types.Var][]ssa.Value    // the values the package stores in a struct field
	roots   []routerRoot                  // the roots of rooted prefixes (see root)
	// mountsOf returns the routeRegs mounts of a function of another package (nil: none).
	mountsOf func(*types.Func) []RouterMount
	ext      []extMount // calls of other packages' functions that mount a router they are given
	extDone  bool
	memo     map[ssa.Value][]string
}

func newGroups(fns []*ssa.Function) *groups {
	g := &groups{callers: map[*ssa.Function][]*ssa.Call{}, given: map[*ssa.Function][]*ssa.Call{},
		fields: map[*types.Var][]ssa.Value{}, memo: map[ssa.Value][]string{}}
	for _, fn := range fns {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if st, ok := instr.(*ssa.Store); ok {
					if fa, ok := st.Addr.(*ssa.FieldAddr); ok {
						if f := fieldOf(fa); f != nil {
							g.fields[f] = append(g.fields[f], st.Val)
						}
					}
					continue
				}
				call, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				if f := call.Call.StaticCallee(); f != nil {
					g.callers[f] = append(g.callers[f], call)
				}
				callee := taint.Callee(&call.Call)
				switch {
				case matches(callee, mountFuncs):
					g.mounts = append(g.mounts, call)
				case matches(callee, prefixFuncs), matches(callee, inheritFuncs):
					for _, arg := range call.Call.Args {
						if f := funcOf(arg); f != nil {
							g.given[f] = append(g.given[f], call)
						}
					}
				}
			}
		}
	}
	return g
}

func matches(fn *types.Func, fs []knownapi.Func) bool {
	_, ok := knownapi.MatchAny(fn, fs...)
	return ok
}

// funcOf returns the function a function-valued argument denotes (a function or a closure).
func funcOf(v ssa.Value) *ssa.Function {
	switch v := v.(type) {
	case *ssa.Function:
		return v
	case *ssa.MakeClosure:
		f, _ := v.Fn.(*ssa.Function)
		return f
	case *ssa.ChangeType:
		return funcOf(v.X)
	}
	return nil
}

// fieldValue returns the struct field a value is read from (s.router, loaded through a pointer
// or taken from a struct value), or nil.
func fieldValue(v ssa.Value) *types.Var {
	switch v := v.(type) {
	case *ssa.UnOp:
		if fa, ok := v.X.(*ssa.FieldAddr); ok && v.Op == token.MUL {
			return fieldOf(fa)
		}
	case *ssa.Field:
		if st, ok := v.X.Type().Underlying().(*types.Struct); ok {
			return st.Field(v.Field)
		}
	}
	return nil
}

// sameRouter reports whether a and b are one router: one value, or loads of one struct field
// (a router stored in s.sub by one method and mounted or used by another).
func sameRouter(a, b ssa.Value) bool {
	a, b = taint.Unconverted(a), taint.Unconverted(b)
	if a == b {
		return true
	}
	fa := fieldValue(a)
	return fa != nil && fa == fieldValue(b)
}

// pathArgs returns the constant string arguments of a call that read as a route path: "" (a
// gin group's own path) or a string containing '/'.
func pathArgs(c *ssa.CallCommon) []string {
	var out []string
	for _, arg := range c.Args {
		s, ok := taint.ConstString(arg) // a constant, or an unexported package variable assigned once
		if !ok || !isString(arg.Type()) {
			continue
		}
		if s == "" || strings.Contains(s, "/") {
			out = append(out, s)
		}
	}
	return out
}

// joinRoute joins a group prefix and a route path registered on the group.
func joinRoute(prefix, path string) string {
	switch {
	case prefix == "":
		return path
	case path == "" || path == "/":
		return prefix
	}
	return strings.TrimSuffix(prefix, "/") + "/" + strings.TrimPrefix(path, "/")
}

// prefixes returns the path prefixes routes registered on router v are served under ("" for
// the root).
func (g *groups) prefixes(v ssa.Value) []string {
	v = taint.Unconverted(v)
	if ps, ok := g.memo[v]; ok {
		return ps
	}
	g.memo[v] = []string{""} // a cycle adds nothing
	ps := g.compute(v)
	if len(ps) == 0 {
		ps = []string{""}
	}
	slices.Sort(ps)
	ps = slices.Compact(ps)
	g.memo[v] = ps
	return ps
}

func (g *groups) compute(v ssa.Value) []string {
	if ps := g.mounted(v); len(ps) > 0 {
		return ps
	}
	return g.own(v)
}

// own returns the prefixes router v has where it is made: the group or route it derives from,
// the routers stored in the field it is read from, the routers given to the parameter it is.
func (g *groups) own(v ssa.Value) []string {
	switch v := v.(type) {
	case *ssa.Phi:
		var out []string
		for _, e := range v.Edges {
			out = append(out, g.prefixes(e)...)
		}
		return out
	case *ssa.Call:
		callee := taint.Callee(&v.Call)
		recv := taint.Receiver(&v.Call)
		if recv == nil {
			return nil
		}
		switch {
		case matches(callee, prefixFuncs):
			return g.derive(&v.Call)
		case matches(callee, inheritFuncs):
			return g.prefixes(recv)
		}
	case *ssa.UnOp, *ssa.Field:
		// A router read from a struct field serves under the prefixes of every router the
		// package stores in that field; a field only stored elsewhere serves at the root.
		var out []string
		if f := fieldValue(v); f != nil {
			for _, s := range g.fields[f] {
				out = append(out, g.prefixes(s)...)
			}
		}
		return out
	case *ssa.Parameter:
		fn := v.Parent()
		i := slices.Index(fn.Params, v)
		var out []string
		for _, c := range g.given[fn] {
			if matches(taint.Callee(&c.Call), prefixFuncs) {
				out = append(out, g.derive(&c.Call)...)
			} else if r := taint.Receiver(&c.Call); r != nil {
				out = append(out, g.prefixes(r)...)
			}
		}
		for _, c := range g.callers[fn] {
			if i < len(c.Call.Args) {
				out = append(out, g.prefixes(c.Call.Args[i])...)
			}
		}
		if j, ok := exportedRouterParam(fn, i); ok {
			out = append(out, g.root(fn, j))
		}
		return out
	}
	return nil
}

// derive returns the prefixes of the router a prefixFuncs call derives.
func (g *groups) derive(c *ssa.CallCommon) []string {
	paths := pathArgs(c)
	if len(paths) == 0 {
		return nil
	}
	var out []string
	for _, p := range g.prefixes(taint.Receiver(c)) {
		out = append(out, joinRoute(p, paths[0]))
	}
	return out
}

// mounted returns the prefixes router v is mounted under: directly, or as the result of a
// function of the package whose call is mounted.
func (g *groups) mounted(v ssa.Value) []string {
	return g.mountedDepth(v, 0)
}

func (g *groups) mountedDepth(v ssa.Value, depth int) []string {
	var out []string
	for _, m := range g.mounts {
		for _, arg := range m.Call.Args {
			if arg != taint.Receiver(&m.Call) && sameRouter(arg, v) {
				out = append(out, g.derive(&m.Call)...)
			}
		}
	}
	out = append(out, g.mountedByCallee(v)...)
	fn := v.Parent()
	if fn == nil || len(out) > 0 || depth > 8 {
		return out
	}
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || !slices.ContainsFunc(ret.Results, func(r ssa.Value) bool { return taint.Unconverted(r) == v }) {
			continue
		}
		for _, c := range g.callers[fn] {
			out = append(out, g.mountedDepth(c, depth+1)...)
		}
		if exportedRouterResult(fn) && len(g.own(v)) == 0 {
			// A router of its own returned to another package: the caller mounts it.
			out = append(out, g.root(fn, -1))
		}
		break
	}
	return out
}
