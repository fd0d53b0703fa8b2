package taint

import (
	"go/constant"
	"go/token"
	"go/types"
	"sync"
	"weak"

	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/config"
	"github.com/tenantvet/tenantvet/internal/knownapi"
)

// ValueSource reports whether v itself reads a tenant claim: the SSA form of CallSource. v is a
// call of a claim reader (r.Header.Get("X-Tenant-ID"), c.Param("orgID"), md.Get("x-tenant-id")),
// a map lookup in a header, metadata, url.Values or mux.Vars map, or the first result extracted
// from a comma-ok lookup or a tuple-valued reader (gin's GetQuery).
func ValueSource(v ssa.Value, s *config.Settings) (Source, bool) {
	switch v := v.(type) {
	case *ssa.Call:
		return callSource(&v.Call, s)
	case *ssa.Lookup:
		kind, ok := lookupKind(v.X)
		if !ok {
			return Source{}, false
		}
		name, ok := ConstString(v.Index)
		if ok && isTenantName(kind, name, s) {
			return newSource(kind, name), true
		}
	case *ssa.Extract:
		if v.Index == 0 {
			switch t := v.Tuple.(type) {
			case *ssa.Call, *ssa.Lookup:
				return ValueSource(t, s)
			}
		}
	}
	return Source{}, false
}

// Callee returns the function a call invokes: the static callee's object, or the interface
// method of an invoke-mode call; nil for calls of function values and builtins.
func Callee(c *ssa.CallCommon) *types.Func {
	if c.IsInvoke() {
		return c.Method
	}
	if f := c.StaticCallee(); f != nil {
		if fn, ok := f.Object().(*types.Func); ok {
			return fn
		}
		if f.Origin() != nil {
			if fn, ok := f.Origin().Object().(*types.Func); ok {
				return fn
			}
		}
	}
	return nil
}

// Args returns the arguments of a call without the receiver: index i is the i-th parameter of
// the Go signature, as knownapi specs count them.
func Args(c *ssa.CallCommon) []ssa.Value {
	if c.IsInvoke() {
		return c.Args
	}
	if f := c.StaticCallee(); f != nil && f.Signature.Recv() != nil && len(c.Args) > 0 {
		return c.Args[1:]
	}
	return c.Args
}

// Receiver returns the receiver of a method call, or nil.
func Receiver(c *ssa.CallCommon) ssa.Value {
	if c.IsInvoke() {
		return c.Value
	}
	if f := c.StaticCallee(); f != nil && f.Signature.Recv() != nil && len(c.Args) > 0 {
		return c.Args[0]
	}
	return nil
}

func callSource(c *ssa.CallCommon, s *config.Settings) (Source, bool) {
	fn := Callee(c)
	if fn == nil {
		return Source{}, false
	}
	args := Args(c)
	for _, r := range knownapi.ClaimReaders {
		if r.NameArg >= len(args) || !r.Matches(fn) {
			continue
		}
		if r.Kind == knownapi.KindHeader && isResponseHeaderValue(Receiver(c)) {
			return Source{}, false
		}
		name, ok := ConstString(args[r.NameArg])
		if ok && isTenantName(r.Kind, name, s) {
			return newSource(r.Kind, name), true
		}
		return Source{}, false
	}
	return Source{}, false
}

// ClaimRead reports whether v reads a client-supplied value by name, whatever the name: a call
// of a claim reader (r.Header.Get(name), c.Param(name), md.Get(name)), a lookup in a header,
// metadata, url.Values or mux.Vars map, or the first result extracted from one. It returns the
// kind of value read and the name argument, so that a helper reading a header whose name is one
// of its parameters can be summarised (func tenantFrom(r *http.Request, name string) string).
// Headers of an *http.Response are not claims.
func ClaimRead(v ssa.Value) (kind string, name ssa.Value, ok bool) {
	switch v := v.(type) {
	case *ssa.Call:
		fn := Callee(&v.Call)
		if fn == nil {
			return "", nil, false
		}
		args := Args(&v.Call)
		for _, r := range knownapi.ClaimReaders {
			if r.NameArg >= len(args) || !r.Matches(fn) {
				continue
			}
			if r.Kind == knownapi.KindHeader && isResponseHeaderValue(Receiver(&v.Call)) {
				return "", nil, false
			}
			return r.Kind, args[r.NameArg], true
		}
	case *ssa.Lookup:
		if kind, ok := lookupKind(v.X); ok {
			return kind, v.Index, true
		}
	case *ssa.Extract:
		if v.Index == 0 {
			switch t := v.Tuple.(type) {
			case *ssa.Call, *ssa.Lookup:
				return ClaimRead(t)
			}
		}
	}
	return "", nil, false
}

// NamedSource reports whether name, the name argument of a read of the given kind (see
// ClaimRead), is a constant naming a tenant header or parameter, and returns the claim.
func NamedSource(kind string, name ssa.Value, s *config.Settings) (Source, bool) {
	n, ok := ConstString(name)
	if !ok || !isTenantName(kind, n, s) {
		return Source{}, false
	}
	return newSource(kind, n), true
}

func lookupKind(x ssa.Value) (string, bool) {
	if call, ok := x.(*ssa.Call); ok {
		if fn := Callee(&call.Call); fn != nil {
			for _, m := range knownapi.ClaimMapFuncs {
				if m.Matches(fn) {
					return m.Kind, true
				}
			}
		}
	}
	for _, m := range knownapi.ClaimMapTypes {
		if isNamedMap(x.Type(), m.Pkg, m.Name) {
			if m.Kind == knownapi.KindHeader && isResponseHeaderValue(x) {
				return "", false
			}
			return m.Kind, true
		}
	}
	return "", false
}

// HeaderMapParam reports whether v, a header read ValueSource recognises, reads from an
// http.Header that is a parameter of its function (func tenantOf(h http.Header) string { return
// h.Get("X-Tenant-ID") }), and returns the parameter's index in the Go signature (receiver not
// counted). Whether it is a claim then depends on the caller: a request's headers are, the
// headers of a response our own client received are not.
func HeaderMapParam(v ssa.Value) (int, bool) {
	var m ssa.Value
	switch x := v.(type) {
	case *ssa.Call:
		m = Receiver(&x.Call)
	case *ssa.Lookup:
		m = x.X
	case *ssa.Extract:
		if x.Index == 0 {
			return HeaderMapParam(x.Tuple)
		}
	}
	return HeaderParam(m)
}

// HeaderParam reports whether v is an http.Header parameter of its function, and returns its
// index in the Go signature (receiver not counted).
func HeaderParam(v ssa.Value) (int, bool) {
	p, ok := v.(*ssa.Parameter)
	if !ok || !knownapi.IsNamed(p.Type(), "net/http", "Header") {
		return 0, false
	}
	fn := p.Parent()
	for i, q := range fn.Params {
		if q == p {
			if fn.Signature.Recv() != nil {
				i--
			}
			return i, i >= 0
		}
	}
	return 0, false
}

// IsResponseHeader reports whether v is the header map of an *http.Response (resp.Header).
func IsResponseHeader(v ssa.Value) bool { return isResponseHeaderValue(v) }

// isResponseHeaderValue reports whether v is resp.Header loaded from an *http.Response.
func isResponseHeaderValue(v ssa.Value) bool {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return false
	}
	fa, ok := load.X.(*ssa.FieldAddr)
	return ok && knownapi.IsNamed(fa.X.Type(), "net/http", "Response")
}

// ConstString returns the constant string v denotes, looking through http.CanonicalHeaderKey,
// strings.ToLower and similar calls of a constant.
func ConstString(v ssa.Value) (string, bool) {
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value != nil && v.Value.Kind() == constant.String {
			return constant.StringVal(v.Value), true
		}
	case *ssa.Call:
		if len(v.Call.Args) == 1 {
			if _, ok := knownapi.MatchAny(Callee(&v.Call), knownapi.HeaderNameFuncs...); ok {
				return ConstString(v.Call.Args[0])
			}
		}
	case *ssa.MakeInterface:
		return ConstString(v.X)
	case *ssa.UnOp:
		if g, ok := v.X.(*ssa.Global); ok && v.Op == token.MUL {
			return constGlobal(g)
		}
	}
	return "", false
}

// constGlobal returns the value of a package-level string variable that is in effect a constant
// (var tenantHeader = "X-Tenant-ID"): unexported, so only its own package can assign it, and
// assigned exactly once, a constant, by the package's initialisation. Only a package whose SSA
// form has function bodies (the one being analysed) can tell; for others it reports false.
func constGlobal(g *ssa.Global) (string, bool) {
	obj, ok := g.Object().(*types.Var)
	if !ok || obj.Exported() || g.Pkg == nil {
		return "", false
	}
	consts := globalConsts(g.Pkg)
	s, ok := consts[obj.Name()]
	return s, ok
}

// globalConsts is constGlobal's table for one package, computed once: it scans every function
// of the package for stores to its globals. It is keyed weakly, so a package's SSA form is not
// kept alive by it after its analysis.
func globalConsts(pkg *ssa.Package) map[string]string {
	key := weak.Make(pkg)
	if m, ok := globalConstCache.Load(key); ok {
		return m.(map[string]string)
	}
	type state struct {
		val    string
		stores int
		ok     bool
	}
	seen := map[string]*state{}
	var visit func(fn *ssa.Function)
	visit = func(fn *ssa.Function) {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok {
					continue
				}
				g, ok := st.Addr.(*ssa.Global)
				if !ok || g.Pkg != pkg {
					continue
				}
				e := seen[g.Name()]
				if e == nil {
					e = &state{}
					seen[g.Name()] = e
				}
				e.stores++
				if c, ok := st.Val.(*ssa.Const); ok && c.Value != nil && c.Value.Kind() == constant.String && fn.Synthetic == "package initializer" {
					e.val, e.ok = constant.StringVal(c.Value), true
				}
			}
		}
		for _, anon := range fn.AnonFuncs {
			visit(anon)
		}
	}
	for _, m := range pkg.Members {
		switch m := m.(type) {
		case *ssa.Function:
			visit(m)
		case *ssa.Type:
			if named, ok := m.Type().(*types.Named); ok {
				for i := range named.NumMethods() {
					if fn := pkg.Prog.FuncValue(named.Method(i)); fn != nil && fn.Pkg == pkg {
						visit(fn)
					}
				}
			}
		}
	}
	out := map[string]string{}
	for name, e := range seen {
		if e.ok && e.stores == 1 {
			out[name] = e.val
		}
	}
	globalConstCache.Store(key, out)
	return out
}

var globalConstCache sync.Map // weak.Pointer[ssa.Package] -> map[string]string

// Trace follows v backwards within its function to a source: through phi nodes, conversions,
// transforms (see IsTransform; verifiers stop the walk), string concatenation, indexing of the
// []string a header read returns and the variadic slices of calls such as fmt.Sprintf. It is
// flow-insensitive: a verifier called on the claim elsewhere does not clean it; the headertrust
// analyzer decides that with dominance.
func Trace(v ssa.Value, s *config.Settings) (Source, bool) {
	verifiers, _ := knownapi.ParseSpecs(s.Verifiers)
	t := &tracer{s: s, verifiers: verifiers, seen: map[ssa.Value]bool{}}
	return t.trace(v, 0)
}

type tracer struct {
	s         *config.Settings
	verifiers []knownapi.Spec
	seen      map[ssa.Value]bool
}

func (t *tracer) trace(v ssa.Value, depth int) (Source, bool) {
	if v == nil || depth > maxDepth || t.seen[v] {
		return Source{}, false
	}
	t.seen[v] = true
	if src, ok := ValueSource(v, t.s); ok {
		return src, true
	}
	var next []ssa.Value
	switch v := v.(type) {
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
		if IsTransform(Callee(&v.Call), t.verifiers) {
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
			next = []ssa.Value{v.X}
		}
	case *ssa.Alloc:
		// A local array or variable: every value stored into it (the variadic slice of
		// fmt.Sprintf("%s", h) is an Alloc of [1]any with one store).
		next = storedInto(v)
	}
	for _, n := range next {
		if src, ok := t.trace(n, depth+1); ok {
			return src, true
		}
	}
	return Source{}, false
}

// storedInto returns the values stored into an allocation directly or through its elements.
func storedInto(a *ssa.Alloc) []ssa.Value {
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
			if rr := r.Referrers(); rr != nil {
				for _, x := range *rr {
					if st, ok := x.(*ssa.Store); ok && st.Addr == r {
						out = append(out, st.Val)
					}
				}
			}
		}
	}
	return out
}

// Concrete looks through conversions to interfaces (MakeInterface, ChangeInterface) to the value
// converted: the handle, model or string an `any` or interface parameter was given.
func Concrete(v ssa.Value) ssa.Value {
	for {
		switch x := v.(type) {
		case *ssa.MakeInterface:
			v = x.X
		case *ssa.ChangeInterface:
			v = x.X
		default:
			return v
		}
	}
}

// Unconverted looks through every change of static type that keeps the value: conversions to
// interfaces, ChangeType between named types of one underlying type, and type assertions.
func Unconverted(v ssa.Value) ssa.Value {
	for {
		switch x := Concrete(v).(type) {
		case *ssa.ChangeType:
			v = x.X
		case *ssa.TypeAssert:
			v = x.X
		default:
			return x
		}
	}
}
