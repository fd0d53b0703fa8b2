package headertrust

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/rules"
	"github.com/tenantvet/tenantvet/internal/stdlib"
	"github.com/tenantvet/tenantvet/internal/taint"
)

// Claims handed to a service whose repository is an interface implemented out of sight.
//
// In the hexagonal layout the service package declares the repository interface, the
// repository package imports the service package and implements it, and only the wiring
// package (main, app, cmd) imports both and converts the implementation to the interface. The
// handler that reads the claim and the method that binds it to a query are then never analysed
// together: modular analysis sees only downward. Three facts carry the finding to the wiring:
//
//   - a function whose parameter reaches a parameter of an interface method that no
//     implementation in view answers gets a pending ParamSink in its sinkParam
//     ("param 1 reaches svc.TemplateRepository.ListByTenant param 1"), passed on to its callers
//     like any other;
//   - a function handing an unverified claim to such a parameter records it in the package fact
//     pendingClaims (the claim, where the function obtains it, the path to the interface method),
//     relayed by every package that imports it, so the wiring package sees it whatever it imports
//     directly and under every driver;
//   - a constructor that returns its package's type as an interface gets builds, with the sinks
//     of the type's methods, since the wiring sees only the interface its call returns.
//
// The wiring package reports TV4001 (or the rule of the sink) at each conversion of an
// implementation whose method takes that parameter to a sink, once per claim and sink, with the
// place the claim was obtained as a related place. Implementations without a sink on the
// parameter (a verifying decorator, a repository that scopes by the verified tenant) are not
// reported, nor is a value only handed to a decorator of the same interface (wrapped): a
// decorator passing the parameter on has a pending sink of its own, which resolvePending follows
// to the implementations the package converts.

// PendingIface is a parameter of an interface method that no implementation in view answers.
type PendingIface struct {
	Pkg    string // the interface's package path
	Iface  string // the interface as messages name it, "svc.TemplateRepository"
	Method string
	Param  int // the parameter's index in the method's signature
}

func (p PendingIface) pending() bool { return p.Method != "" }

func (p PendingIface) method() string { return p.Iface + "." + p.Method }

// typeName is the interface's name in its package.
func (p PendingIface) typeName() string {
	return p.Iface[strings.LastIndex(p.Iface, ".")+1:]
}

// pendingSinks adds, for a call through a named interface of the program that no
// implementation in view answers, a pending sink for each argument that can carry a claim.
func (a *analysis_) pendingSinks(out []sink, instr ssa.Instruction, c *ssa.CallCommon, fn *types.Func, args []ssa.Value) []sink {
	named, ok := types.Unalias(c.Value.Type()).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.TypeArgs().Len() > 0 || !types.IsInterface(named) {
		return out
	}
	path := knownapi.PkgPath(named.Obj().Pkg())
	if knownapi.DefinesQueryAPI(path) || path == pgxPkg || path == pgxpoolPkg {
		return out // a query API's own interface (pgx.Tx): its queries are sinks of their own
	}
	if tf := a.pass.Fset.File(named.Obj().Pos()); tf == nil || stdlib.File(tf.Name()) {
		return out // context.Context, io.Writer: not repositories
	}
	for i, v := range args {
		if !claimCarrier(v.Type()) {
			continue
		}
		pi := PendingIface{Pkg: named.Obj().Pkg().Path(), Iface: named.Obj().Pkg().Name() + "." + named.Obj().Name(), Method: fn.Name(), Param: i}
		out = append(out, sink{instr: instr, pos: instr.Pos(), val: v, name: fmt.Sprintf("%s param %d", pi.method(), i), param: i, pend: pi})
	}
	return out
}

// decorates reports whether the method m belongs to a decorator of the interface type iface:
// a struct holding a field of that type (a cache passing misses to the store it wraps). Calls
// through an interface whose only implementations in view are decorators are pending.
func decorates(m *types.Func, iface types.Type) bool {
	recv := m.Type().(*types.Signature).Recv()
	if recv == nil {
		return false
	}
	st, ok := deref(recv.Type()).Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		if types.Identical(st.Field(i).Type(), iface) {
			return true
		}
	}
	return false
}

// PendingClaim is an unverified claim a function hands on, through its callees, to a parameter
// of an interface method that no implementation in view answers.
type PendingClaim struct {
	Source    taint.Source
	File      string // where the function obtains the claim (reads it, or calls the helper returning it)
	Line, Col int
	Func      string // the function, "(*web.Handlers).list"
	Via       string // the functions from its callee to the interface method, "(*svc.TemplateService).List"
	Iface     PendingIface
}

// place is the claim's file and line, as messages and facts name it.
func (c PendingClaim) place() string { return fmt.Sprintf("%s:%d", filepath.Base(c.File), c.Line) }

// pendingClaims is the package fact listing the pending claims of the package and of the
// packages it imports.
type pendingClaims struct {
	Claims []PendingClaim
}

func (*pendingClaims) AFact() {}

func (f *pendingClaims) String() string {
	parts := make([]string, len(f.Claims))
	for i, c := range f.Claims {
		parts[i] = fmt.Sprintf("%s hands %s (%s) to %s param %d", c.Func, c.Source.Desc, c.place(), c.Iface.method(), c.Iface.Param)
		if c.Via != "" {
			parts[i] += " via " + c.Via
		}
	}
	return strings.Join(parts, "; ")
}

// learnPending records the claim o, handed unverified by st's function to the pending sink s.
func (a *analysis_) learnPending(st *funcState, o origin, s sink) {
	if s.pend.Pkg == a.pass.Pkg.Path() {
		return // a claim given to this package's interface is a claim in every implementation (claimParams)
	}
	pos := o.read
	if !pos.IsValid() {
		pos = o.at
	}
	if !pos.IsValid() {
		pos = s.pos
	}
	if rp := a.readPlace(origin{src: o.src, read: pos}); len(rp) > 0 {
		pos = rp[0].Pos // the start of the call or index expression
	}
	p := a.pass.Fset.Position(pos)
	outer := st.fn
	for outer.Parent() != nil {
		outer = outer.Parent()
	}
	name := outer.Name()
	if obj, ok := outer.Object().(*types.Func); ok {
		name = funcName(obj)
	}
	c := PendingClaim{Source: o.src, File: p.Filename, Line: p.Line, Col: p.Column, Func: name, Via: s.chain(), Iface: s.pend}
	if !slices.Contains(a.pendClaims, c) {
		a.pendClaims = append(a.pendClaims, c)
	}
}

// buildsFact is the fact of an exported constructor that returns a type of its package as an
// interface (func New(db *pgxpool.Pool) svc.TemplateRepository { return &pg{db} }): its callers
// convert that type, and see its methods' sinks here, also when the type is unexported and its
// package comes from export data.
type buildsFact struct {
	Type    string // "*repo.pg"
	Methods []BuiltMethod
}

// BuiltMethod is a method of a buildsFact's type whose parameters reach sinks.
type BuiltMethod struct {
	Name, Func string // the method's name, and as messages name it
	Sinks      []ParamSink
}

func (*buildsFact) AFact() {}

func (f *buildsFact) String() string {
	parts := make([]string, len(f.Methods))
	for i, m := range f.Methods {
		parts[i] = m.Name + " " + (&sinkParam{Params: m.Sinks}).String()
	}
	return "builds " + f.Type + ": " + strings.Join(parts, "; ")
}

// exportBuilds exports the buildsFact of each exported constructor whose every return converts
// one named type of this package to an interface, when methods of the type reach sinks.
func (a *analysis_) exportBuilds(fns []*ssa.Function) {
	for _, fn := range fns {
		obj, ok := fn.Object().(*types.Func)
		if !ok || !obj.Exported() || obj.Pkg() != a.pass.Pkg || fn.Signature.Recv() != nil || fn.Signature.Results().Len() == 0 ||
			!types.IsInterface(fn.Signature.Results().At(0).Type()) {
			continue
		}
		var built types.Type
		for _, ret := range allReturns(fn) {
			mi, ok := ret.Results[0].(*ssa.MakeInterface)
			if !ok || types.IsInterface(mi.X.Type()) {
				built = nil
				break
			}
			n := knownapi.NamedOf(mi.X.Type())
			if n == nil || n.Obj().Pkg() != a.pass.Pkg || n.TypeArgs().Len() > 0 || built != nil && !types.Identical(built, mi.X.Type()) {
				built = nil
				break
			}
			built = mi.X.Type()
		}
		if built == nil {
			continue
		}
		f := &buildsFact{Type: types.TypeString(built, func(p *types.Package) string { return p.Name() })}
		ms := types.NewMethodSet(built)
		for i := range ms.Len() {
			m, ok := ms.At(i).Obj().(*types.Func)
			if !ok {
				continue
			}
			var sinks []ParamSink
			if m.Pkg() == a.pass.Pkg {
				sinks = a.summaries[a.prog.FuncValue(m)]
			} else {
				var sp sinkParam
				if a.pass.ImportObjectFact(m.Origin(), &sp) {
					sinks = sp.Params
				}
			}
			if len(sinks) > 0 {
				f.Methods = append(f.Methods, BuiltMethod{Name: m.Name(), Func: funcName(m), Sinks: sinks})
			}
		}
		if len(f.Methods) > 0 {
			a.pass.ExportObjectFact(obj, f)
		}
	}
}

// allReturns lists fn's return instructions with results.
func allReturns(fn *ssa.Function) []*ssa.Return {
	var out []*ssa.Return
	for _, b := range fn.Blocks {
		if n := len(b.Instrs); n > 0 {
			if r, ok := b.Instrs[n-1].(*ssa.Return); ok && len(r.Results) > 0 {
				out = append(out, r)
			}
		}
	}
	return out
}

// allPendingClaims returns the pending claims of this package and of the packages it imports.
func (a *analysis_) allPendingClaims() []PendingClaim {
	out := slices.Clone(a.pendClaims)
	for _, pf := range a.pass.AllPackageFacts() {
		if f, ok := pf.Fact.(*pendingClaims); ok && pf.Package != a.pass.Pkg {
			for _, c := range f.Claims {
				if !slices.Contains(out, c) {
					out = append(out, c)
				}
			}
		}
	}
	slices.SortFunc(out, func(x, y PendingClaim) int {
		return strings.Compare(pendingSortKey(x), pendingSortKey(y))
	})
	return out
}

func pendingSortKey(c PendingClaim) string {
	return fmt.Sprintf("%s\x00%s\x00%04d\x00%s\x00%08d:%04d\x00%s", c.Iface.Pkg, c.Iface.method(), c.Iface.Param, c.File, c.Line, c.Col, c.Source.Desc)
}

// reportPending exports the pending claims (this package's and those it relays) and reports
// those that the package's conversions of an implementation to the interface resolve to a sink.
func (a *analysis_) reportPending(fns []*ssa.Function) []finding {
	a.exportBuilds(fns)
	claims := a.allPendingClaims()
	if len(claims) == 0 {
		return nil
	}
	a.pass.ExportPackageFact(&pendingClaims{Claims: claims})
	var convs []conversion
	for _, fn := range fns {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if impl, ok := a.conversionAt(instr); ok {
					convs = append(convs, conversion{instr: instr, impl: impl, wrapped: wrapped(instr.(ssa.Value), impl.iface)})
				}
			}
		}
	}
	var found []finding
	done := map[string]bool{}
	for _, c := range claims {
		for _, h := range a.resolvePending(c.Iface, convs, 0) {
			key := pendingSortKey(c) + "\x00" + h.method + "\x00" + h.sink.Sink + "\x00" + h.sink.Rule
			if done[key] {
				continue
			}
			done[key] = true
			found = append(found, a.pendingFinding(c, h))
		}
	}
	return found
}

// conversion is a place of this package converting an implementation to a named interface.
type conversion struct {
	instr   ssa.Instruction
	impl    implOf
	wrapped bool // the value is only handed to a decorator of the same interface
}

// pendingHit is an implementation reaching a sink from a pending interface parameter.
type pendingHit struct {
	conv   *conversion // where the implementation with the sink is converted
	method string      // its method, as messages name it
	mpos   token.Pos   // the method's position, when known
	sink   ParamSink   // the method's sink
	path   string      // from the interface method to the sink's function
}

// maxPendingDepth bounds the interfaces followed from one pending parameter (a decorator
// passing it on to the interface it implements counts as one more).
const maxPendingDepth = 3

// resolvePending returns the implementations, converted in this package, through which the
// parameter pi reaches a sink: directly, or through a pending parameter of another interface
// (a decorator in a package that imports neither side). A value only handed to a decorator
// counts when reached through the decorator.
func (a *analysis_) resolvePending(pi PendingIface, convs []conversion, depth int) []pendingHit {
	var out []pendingHit
	for i := range convs {
		cv := &convs[i]
		ifacePkg := cv.impl.iface.Obj().Pkg()
		if ifacePkg == nil || pi.Pkg != ifacePkg.Path() || pi.typeName() != cv.impl.iface.Obj().Name() || depth == 0 && cv.wrapped {
			continue
		}
		method, sinks, mpos := cv.impl.sinks(pi.Method)
		for _, p := range sinks {
			if p.Param != pi.Param || p.Kind != "" {
				continue
			}
			seg := pi.method() + " -> " + method
			if p.Via != "" {
				seg += " -> " + p.Via
			}
			switch {
			case p.Pend.pending():
				if depth+1 < maxPendingDepth {
					for _, h := range a.resolvePending(p.Pend, convs, depth+1) {
						h.path = seg + " -> " + h.path
						out = append(out, h)
					}
				}
			case p.Rule != "":
				out = append(out, pendingHit{conv: cv, method: method, mpos: mpos, sink: p, path: seg})
			}
		}
	}
	return out
}

// pendingFinding is the finding of the claim c reaching a sink through the implementation h.
func (a *analysis_) pendingFinding(c PendingClaim, h pendingHit) finding {
	path := h.path
	if c.Via != "" {
		path = c.Via + " -> " + path
	}
	first, _, _ := strings.Cut(path, " -> ")
	iface := types.TypeString(h.conv.impl.iface, func(p *types.Package) string { return p.Name() })
	msg := fmt.Sprintf("tenant from %s, obtained at %s in %s, reaches %s through %s without verification: %s is converted here to %s; verify membership in %s before it calls %s, or scope by the verified tenant (tenant.FromContext)",
		c.Source.Desc, c.place(), c.Func, h.sink.Sink, path, h.conv.impl.name, iface, c.Func, first)
	var related []analysis.RelatedInformation
	if pos := a.filePos(c.File, c.Line, c.Col); pos.IsValid() {
		related = append(related, analysis.RelatedInformation{Pos: pos, End: pos,
			Message: fmt.Sprintf("%s obtains %s here and hands it to %s", c.Func, c.Source.Desc, first)})
	}
	if h.mpos.IsValid() {
		related = append(related, analysis.RelatedInformation{Pos: h.mpos, End: h.mpos,
			Message: fmt.Sprintf("%s takes param %d to %s", h.method, h.sink.Param, h.sink.Sink)})
	}
	return finding{pos: a.convPos(h.conv.instr), rule: rules.MustGet(h.sink.Rule), msg: msg, related: related}
}

// implOf is an implementation of an interface, converted at a place of this package.
type implOf struct {
	iface *types.Named
	name  string                                               // the implementing type, "*repo.PG"
	sinks func(method string) (string, []ParamSink, token.Pos) // the method's name in messages, its sinks, its position
}

// conversionAt returns the implementation instr converts to a named interface: a concrete
// value made an interface (a call argument, an assignment, a struct field, a return), or the
// result of a constructor whose buildsFact says which type it returns as the interface.
func (a *analysis_) conversionAt(instr ssa.Instruction) (implOf, bool) {
	switch x := instr.(type) {
	case *ssa.MakeInterface:
		iface, ok := types.Unalias(x.Type()).(*types.Named)
		if !ok || types.IsInterface(x.X.Type()) {
			return implOf{}, false
		}
		concrete := x.X.Type()
		return implOf{iface: iface, name: types.TypeString(concrete, func(p *types.Package) string { return p.Name() }),
			sinks: func(method string) (string, []ParamSink, token.Pos) {
				obj, _, _ := types.LookupFieldOrMethod(concrete, true, iface.Obj().Pkg(), method)
				m, ok := obj.(*types.Func)
				if !ok {
					return "", nil, token.NoPos
				}
				if m.Pkg() == a.pass.Pkg {
					return funcName(m), a.summaries[a.prog.FuncValue(m)], m.Pos()
				}
				var sp sinkParam
				if a.pass.ImportObjectFact(m.Origin(), &sp) {
					return funcName(m), sp.Params, m.Pos()
				}
				return funcName(m), nil, token.NoPos
			}}, true
	case *ssa.Call:
		callee := x.Call.StaticCallee()
		if callee == nil || callee.Object() == nil || callee.Pkg == nil || callee.Pkg.Pkg == a.pass.Pkg {
			return implOf{}, false
		}
		bf := new(buildsFact)
		if !a.pass.ImportObjectFact(callee.Object(), bf) {
			return implOf{}, false
		}
		res := x.Type()
		if t, ok := res.(*types.Tuple); ok {
			res = t.At(0).Type()
		}
		iface, ok := types.Unalias(res).(*types.Named)
		if !ok || !types.IsInterface(iface) {
			return implOf{}, false
		}
		return implOf{iface: iface, name: bf.Type, sinks: func(method string) (string, []ParamSink, token.Pos) {
			for _, m := range bf.Methods {
				if m.Name == method {
					return m.Func, m.Sinks, token.NoPos
				}
			}
			return "", nil, token.NoPos
		}}, true
	}
	return implOf{}, false
}

// wrapped reports whether the interface value v is only handed to a decorator of the same
// interface: stored into fields of structs that implement it (&store.Verified{Next:
// &store.PG{...}}), or passed to functions returning it (cache.New(&store.PG{...})). The
// decorator answers the calls, and its own conversion decides.
func wrapped(v ssa.Value, iface *types.Named) bool {
	refs := v.Referrers()
	if refs == nil || len(*refs) == 0 {
		return false
	}
	it := iface.Underlying().(*types.Interface)
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			fa, ok := r.Addr.(*ssa.FieldAddr)
			if !ok || r.Val != v {
				return false
			}
			owner := fa.X.Type() // a pointer to the struct
			if !types.Implements(owner, it) && !types.Implements(deref(owner), it) {
				return false
			}
		case *ssa.Call:
			res := r.Type()
			if t, ok := res.(*types.Tuple); ok {
				if t.Len() == 0 {
					return false
				}
				res = t.At(0).Type()
			}
			if !types.Identical(res, iface) && (types.IsInterface(res) || !types.Implements(res, it)) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// filePos returns the position of line:col of the named file when the pass's file set holds
// it (the standalone driver and analysistest load every package from source; go vet holds the
// files that export data name, line by line), NoPos otherwise.
func (a *analysis_) filePos(name string, line, col int) token.Pos {
	var tf *token.File
	a.pass.Fset.Iterate(func(f *token.File) bool {
		if f.Name() == name {
			tf = f
			return false
		}
		return true
	})
	if tf == nil || line < 1 || line > tf.LineCount() {
		return token.NoPos
	}
	pos := tf.LineStart(line)
	if off := tf.Offset(pos) + col - 1; col > 1 && off < tf.Size() {
		pos = tf.Pos(off)
	}
	return pos
}

// convPos is where a conversion is reported: the start of the converted expression (a
// constructor call, a composite literal with its &), or of the statement using it.
func (a *analysis_) convPos(instr ssa.Instruction) token.Pos {
	pos := instr.Pos()
	if mi, ok := instr.(*ssa.MakeInterface); ok && !pos.IsValid() {
		pos = mi.X.Pos()
		if !pos.IsValid() && mi.Referrers() != nil {
			for _, r := range *mi.Referrers() {
				if r.Pos().IsValid() {
					pos = r.Pos()
					break
				}
			}
		}
	}
	if !pos.IsValid() {
		return instr.Parent().Pos()
	}
	for _, f := range a.pass.Files {
		if f.FileStart > pos || pos >= f.FileEnd {
			continue
		}
		path, _ := astutil.PathEnclosingInterval(f, pos, pos)
		for i, n := range path {
			var e ast.Expr
			switch n := n.(type) {
			case *ast.CallExpr:
				if n.Lparen == pos {
					e = n
				}
			case *ast.CompositeLit:
				if n.Lbrace == pos {
					e = n
				}
			}
			if e == nil {
				continue
			}
			if i+1 < len(path) {
				if u, ok := path[i+1].(*ast.UnaryExpr); ok && u.Op == token.AND {
					return u.Pos()
				}
			}
			return e.Pos()
		}
	}
	return pos
}
