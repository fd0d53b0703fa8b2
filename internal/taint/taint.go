// Package taint recognises tenant claims read from outside the trust boundary: tenant headers,
// tenant-named query and path parameters and gRPC metadata. A value read there is a claim until
// a membership check, an API key binding or a signature proves it.
//
// CallSource and ExprSource work on the syntax tree (one function at a time, flow-insensitive);
// ValueSource and Trace work on SSA. All of them match names through the settings TenantHeaders
// (case- and separator-insensitive: X-Tenant-ID, x-tenant-id and X_TENANT_ID are one header) and
// TenantParams (case-insensitive), and only when the name is a constant string.
//
// Propagation stops at the configured verifiers (settings.Verifiers): a verifier's result is a
// verified value, not a claim. Whether a verifier call protects a later use (dominance, error
// checks) is a flow question the headertrust analyzer answers; this package only finds sources.
package taint

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/tenantvet/tenantvet/internal/config"
	"github.com/tenantvet/tenantvet/internal/knownapi"
)

// Source is where a tenant claim was read.
type Source struct {
	Kind string // "header", "query", "path" or "metadata"
	Name string // the header or parameter name as written in the code
	Desc string // e.g. `header "X-Tenant-ID"`, for messages
}

func newSource(kind, name string) Source {
	var what string
	switch kind {
	case knownapi.KindHeader:
		what = "header"
	case knownapi.KindQuery:
		what = "query parameter"
	case knownapi.KindPath:
		what = "path parameter"
	case knownapi.KindMetadata:
		what = "gRPC metadata"
	default:
		what = kind
	}
	return Source{Kind: kind, Name: name, Desc: what + " " + `"` + name + `"`}
}

// IsTenantHeader reports whether name is one of the configured tenant headers, ignoring case
// and the separators '-' and '_'.
func IsTenantHeader(name string, s *config.Settings) bool {
	n := normHeader(name)
	for _, h := range s.TenantHeaders {
		if normHeader(h) == n {
			return true
		}
	}
	return false
}

// IsTenantParam reports whether name is one of the configured tenant query or path parameters,
// ignoring case.
func IsTenantParam(name string, s *config.Settings) bool {
	for _, p := range s.TenantParams {
		if strings.EqualFold(p, name) {
			return true
		}
	}
	return false
}

func normHeader(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' {
			return -1
		}
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

func isTenantName(kind, name string, s *config.Settings) bool {
	switch kind {
	case knownapi.KindHeader, knownapi.KindMetadata:
		return IsTenantHeader(name, s)
	default:
		return IsTenantParam(name, s)
	}
}

// CallSource reports whether e reads a tenant claim from the client: a tenant header through
// http.Header Get/Values or an index (r.Header["X-Tenant-Id"]), gin's GetHeader, gRPC metadata
// (md.Get, md[...]); a tenant-named query or path parameter through r.URL.Query().Get,
// r.FormValue, r.PathValue, chi.URLParam, mux.Vars(r)["orgID"], gin c.Param/c.Query or echo
// c.Param/c.QueryParam. e is a call or an index expression; the name must be a constant string.
// Headers of an *http.Response are not claims.
func CallSource(info *types.Info, e ast.Expr, s *config.Settings) (Source, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		fn := knownapi.Callee(info, e)
		if fn == nil {
			return Source{}, false
		}
		for _, r := range knownapi.ClaimReaders {
			if r.NameArg >= len(e.Args) || !r.Matches(fn) {
				continue
			}
			if r.Kind == knownapi.KindHeader && isResponseHeader(info, e.Fun) {
				return Source{}, false
			}
			name, ok := constName(info, e.Args[r.NameArg])
			if ok && isTenantName(r.Kind, name, s) {
				return newSource(r.Kind, name), true
			}
			return Source{}, false
		}
	case *ast.IndexExpr:
		kind, ok := mapKind(info, e.X)
		if !ok {
			return Source{}, false
		}
		name, ok := constName(info, e.Index)
		if ok && isTenantName(kind, name, s) {
			return newSource(kind, name), true
		}
	}
	return Source{}, false
}

// mapKind reports whether indexing x reads client-supplied values, and of which kind.
func mapKind(info *types.Info, x ast.Expr) (string, bool) {
	x = ast.Unparen(x)
	if call, ok := x.(*ast.CallExpr); ok {
		if fn := knownapi.Callee(info, call); fn != nil {
			for _, m := range knownapi.ClaimMapFuncs {
				if m.Matches(fn) {
					return m.Kind, true
				}
			}
		}
	}
	t := info.TypeOf(x)
	if t == nil {
		return "", false
	}
	for _, m := range knownapi.ClaimMapTypes {
		if isNamedMap(t, m.Pkg, m.Name) {
			if m.Kind == knownapi.KindHeader && isResponseHeader(info, x) {
				return "", false
			}
			return m.Kind, true
		}
	}
	return "", false
}

func isNamedMap(t types.Type, pkg, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Name() == name && n.Obj().Pkg() != nil && knownapi.PkgPath(n.Obj().Pkg()) == pkg
}

// isResponseHeader reports whether e is resp.Header or resp.Header.Get for an *http.Response:
// a header a server sent us, not a claim of our client.
func isResponseHeader(info *types.Info, e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	if sel.Sel.Name != "Header" {
		inner, ok := ast.Unparen(sel.X).(*ast.SelectorExpr)
		if !ok || inner.Sel.Name != "Header" {
			return false
		}
		sel = inner
	}
	t := info.TypeOf(sel.X)
	return t != nil && knownapi.IsNamed(t, "net/http", "Response")
}

// constName returns the constant string e denotes, looking through http.CanonicalHeaderKey,
// strings.ToLower and similar calls of a constant.
func constName(info *types.Info, e ast.Expr) (string, bool) {
	if tv, ok := info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value), true
	}
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok && len(call.Args) == 1 {
		if _, ok := knownapi.MatchAny(knownapi.Callee(info, call), knownapi.HeaderNameFuncs...); ok {
			return constName(info, call.Args[0])
		}
	}
	return "", false
}

// IsTransform reports whether fn returns a value derived from its arguments that still carries
// the same tenant claim: tenant.Parse and uuid.Parse-like parse functions, string operations,
// fmt.Sprintf, path joins and String methods. Configured verifiers are never transforms.
func IsTransform(fn *types.Func, verifiers []knownapi.Spec) bool {
	if fn == nil {
		return false
	}
	for _, v := range verifiers {
		if v.Matches(fn) {
			return false
		}
	}
	if knownapi.TenantResolve.Matches(fn) {
		return false
	}
	if _, ok := knownapi.MatchAny(fn, knownapi.ClaimTransforms...); ok {
		return true
	}
	sig := fn.Type().(*types.Signature)
	switch fn.Name() {
	case "Parse", "MustParse", "ParseString", "FromString", "ParseBytes", "FromBytes":
		return sig.Recv() == nil && sig.Params().Len() == 1
	case "String":
		return sig.Recv() != nil && sig.Params().Len() == 0
	}
	return false
}

// ExprSource follows e within body (a function body) back to a CallSource: through local
// variables (every assignment in body counts, in any order), conversions, transforms (see
// IsTransform), string concatenation and indexing of the []string a header read returns.
// It does not look into other functions, fields or closures' captured variables.
func ExprSource(info *types.Info, body ast.Node, e ast.Expr, s *config.Settings) (Source, bool) {
	verifiers, _ := knownapi.ParseSpecs(s.Verifiers)
	w := &exprWalker{info: info, body: body, s: s, verifiers: verifiers, seen: map[*types.Var]bool{}}
	return w.source(e, 0)
}

type exprWalker struct {
	info      *types.Info
	body      ast.Node
	s         *config.Settings
	verifiers []knownapi.Spec
	seen      map[*types.Var]bool
	defs      map[*types.Var][]def
}

// def is one value assigned to a local variable: expr, or result index of a tuple-valued expr.
type def struct {
	expr  ast.Expr
	index int // -1 when expr is single-valued
	rng   bool
}

const maxDepth = 32

func (w *exprWalker) source(e ast.Expr, depth int) (Source, bool) {
	if depth > maxDepth || e == nil {
		return Source{}, false
	}
	e = ast.Unparen(e)
	if src, ok := CallSource(w.info, e, w.s); ok {
		return src, true
	}
	switch e := e.(type) {
	case *ast.Ident:
		v, ok := w.info.Uses[e].(*types.Var)
		if !ok || v.IsField() || w.seen[v] || !within(w.body, v.Pos()) {
			return Source{}, false
		}
		w.seen[v] = true
		for _, d := range w.definitions()[v] {
			if src, ok := w.defSource(d, depth+1); ok {
				return src, true
			}
		}
	case *ast.CallExpr:
		if tv, ok := w.info.Types[e.Fun]; ok && tv.IsType() {
			if len(e.Args) == 1 {
				return w.source(e.Args[0], depth+1)
			}
			return Source{}, false
		}
		fn := knownapi.Callee(w.info, e)
		if !IsTransform(fn, w.verifiers) {
			return Source{}, false
		}
		if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok && fn.Type().(*types.Signature).Recv() != nil {
			if src, ok := w.source(sel.X, depth+1); ok {
				return src, true
			}
		}
		for _, a := range e.Args {
			if src, ok := w.source(a, depth+1); ok {
				return src, true
			}
		}
	case *ast.IndexExpr:
		if isStringSlice(w.info.TypeOf(e.X)) {
			return w.source(e.X, depth+1)
		}
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			if src, ok := w.source(e.X, depth+1); ok {
				return src, true
			}
			return w.source(e.Y, depth+1)
		}
	case *ast.StarExpr:
		return w.source(e.X, depth+1)
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return w.source(e.X, depth+1)
		}
	}
	return Source{}, false
}

func (w *exprWalker) defSource(d def, depth int) (Source, bool) {
	if d.rng {
		// for _, v := range r.Header.Values("X-Tenant-ID"): the element is the claim.
		if d.index == 1 {
			return w.source(d.expr, depth)
		}
		return Source{}, false
	}
	if d.index > 0 {
		return Source{}, false // err or ok of a tuple
	}
	return w.source(d.expr, depth)
}

// definitions indexes the assignments of local variables in body, once per walk.
func (w *exprWalker) definitions() map[*types.Var][]def {
	if w.defs != nil {
		return w.defs
	}
	w.defs = map[*types.Var][]def{}
	add := func(id ast.Expr, d def) {
		ident, ok := ast.Unparen(id).(*ast.Ident)
		if !ok {
			return
		}
		obj := w.info.Defs[ident]
		if obj == nil {
			obj = w.info.Uses[ident]
		}
		if v, ok := obj.(*types.Var); ok {
			w.defs[v] = append(w.defs[v], d)
		}
	}
	ast.Inspect(w.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					add(l, def{expr: n.Rhs[i], index: -1})
				}
			} else if len(n.Rhs) == 1 {
				for i, l := range n.Lhs {
					add(l, def{expr: n.Rhs[0], index: i})
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, l := range n.Names {
					add(l, def{expr: n.Values[i], index: -1})
				}
			} else if len(n.Values) == 1 {
				for i, l := range n.Names {
					add(l, def{expr: n.Values[0], index: i})
				}
			}
		case *ast.RangeStmt:
			if n.Value != nil {
				add(n.Value, def{expr: n.X, index: 1, rng: true})
			}
		case *ast.FuncLit:
			return n == w.body // a nested closure's assignments happen at another time
		}
		return true
	})
	return w.defs
}

func within(n ast.Node, pos token.Pos) bool {
	return n != nil && n.Pos() <= pos && pos < n.End()
}

func isStringSlice(t types.Type) bool {
	if t == nil {
		return false
	}
	sl, ok := t.Underlying().(*types.Slice)
	if !ok {
		return false
	}
	b, ok := sl.Elem().Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}
