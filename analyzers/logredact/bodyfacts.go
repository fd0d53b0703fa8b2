package logredact

import (
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/stdlib"
	"github.com/tenantvet/tenantvet/internal/taint"
)

const ginPkg = "github.com/gin-gonic/gin"

// bodyFact is exported for a function that returns the request body (bytes or text read from
// it, gin's GetRawData, or a value decoded or bound from it, a struct included) or the body of a
// queue or event message (knownapi.MessageBodies) as its result Result: its callers and
// middlewares that log that result log the body.
type bodyFact struct {
	Results []int
	Desc    string // the message body it returns, as messages name it; "" for the request body
}

func (*bodyFact) AFact() {}

func (f *bodyFact) String() string {
	if f.Desc != "" {
		return "returns the " + f.Desc
	}
	return "returns the request body"
}

// bodyMethods are the names whose selection marks a function as worth following for the body:
// a cheap syntactic filter before any SSA is built.
var bodyMethods = map[string]bool{
	"Body": true, "GetRawData": true, "ShouldBind": true, "ShouldBindJSON": true, "Bind": true, "BindJSON": true,
}

// exportBodyFacts finds the package's functions that return the request body and exports a fact
// for each. The standard library returns no request body this way and is skipped; elsewhere SSA
// is built only when a function with results selects Body, binds or calls such a function.
func (c *checker) exportBodyFacts() {
	if stdlib.Package(c.pass) {
		return
	}
	var cands []*types.Func
	decls := map[*types.Func]*ast.FuncDecl{}
	for _, f := range c.pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || fd.Type.Results == nil {
				continue
			}
			if obj, ok := c.pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
				decls[obj] = fd
				if c.mentionsBody(fd.Body) {
					cands = append(cands, obj)
				}
			}
		}
	}
	if len(cands) == 0 {
		return
	}
	// Functions that call a candidate of this package may pass its body on.
	direct := map[*types.Func]bool{}
	for _, obj := range cands {
		direct[obj] = true
	}
	for obj, fd := range decls {
		if !direct[obj] && callsAny(c.pass.TypesInfo, fd.Body, direct) {
			cands = append(cands, obj)
		}
	}
	if len(cands) == 0 {
		return
	}
	fl := c.getFlow()
	if fl.ssaFuncs == nil {
		return
	}
	// Two rounds: a helper of a helper in the same package is found in the second.
	c.bodyFuncs = map[*types.Func]*bodyFact{}
	for range 2 {
		changed := false
		for _, obj := range cands {
			if _, done := c.bodyFuncs[obj]; done {
				continue
			}
			fn := fl.ssaFuncs[obj]
			if fn == nil {
				continue
			}
			if res, desc := fl.bodyResults(fn); len(res) > 0 {
				c.bodyFuncs[obj] = &bodyFact{Results: res, Desc: desc}
				changed = true
			}
		}
		if !changed {
			break
		}
		clear(fl.memo) // negatives computed before the round may be positives now
	}
	for obj, bf := range c.bodyFuncs {
		c.pass.ExportObjectFact(obj, bf)
	}
}

func (c *checker) mentionsBody(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if bodyMethods[n.Sel.Name] || c.messageBody(n) {
				found = true
			}
		case *ast.CallExpr:
			if fn := knownapi.Callee(c.pass.TypesInfo, n); fn != nil && fn.Pkg() != c.pass.Pkg && c.pass.ImportObjectFact(fn.Origin(), new(bodyFact)) {
				found = true
			}
		}
		return !found
	})
	return found
}

func callsAny(info *types.Info, body *ast.BlockStmt, fns map[*types.Func]bool) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if fn, ok := info.Uses[id].(*types.Func); ok && fns[fn.Origin()] {
				found = true
			}
		}
		return !found
	})
	return found
}

// messageBody reports whether sel selects the body of a queue or event message.
func (c *checker) messageBody(sel *ast.SelectorExpr) bool {
	s, ok := c.pass.TypesInfo.Selections[sel]
	if !ok {
		return false
	}
	switch s.Kind() {
	case types.FieldVal:
		_, ok = knownapi.MessageBodyField(s.Recv(), sel.Sel.Name)
	case types.MethodVal:
		_, ok = knownapi.MessageBodyMethod(s.Obj().(*types.Func))
	}
	return ok
}

// bodyResults returns the indices of fn's results that are the request body, or a message body,
// on some return, and the message body's description ("" for the request body).
func (f *flow) bodyResults(fn *ssa.Function) ([]int, string) {
	var out []int
	desc := ""
	seen := map[int]bool{}
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		for i, r := range ret.Results {
			if seen[i] {
				continue
			}
			if v := f.value(r, 0); v.kind == kindBody || f.boundStruct(r, 0) {
				seen[i] = true
				out = append(out, i)
				if v.kind == kindBody && desc == "" {
					desc = v.desc
				}
			}
		}
	}
	return out, desc
}

// boundStruct reports whether v is a struct (or pointer to one) decoded or bound from the
// request body: returned from a function, the whole value is the body.
func (f *flow) boundStruct(v ssa.Value, depth int) bool {
	switch v := taint.Concrete(v).(type) {
	case *ssa.UnOp:
		if a, ok := v.X.(*ssa.Alloc); ok {
			return f.decodedInto(a, depth+1)
		}
	case *ssa.Alloc:
		return f.decodedInto(v, depth+1)
	}
	return false
}

// calledBody reports whether result index of a call returns the request body or a message body:
// a gin GetRawData, a function of this package found above, or one with a bodyFact. desc names
// the message body ("" for the request body).
func (f *flow) calledBody(fn *types.Func, index int) (desc string, ok bool) {
	if fn == nil {
		return "", false
	}
	if index == 0 && isFunc(fn, ginPkg, "Context", "GetRawData") {
		return "", true
	}
	fn = fn.Origin()
	bf := f.c.bodyFuncs[fn]
	if fn.Pkg() != f.c.pass.Pkg {
		bf = new(bodyFact)
		if !f.c.pass.ImportObjectFact(fn, bf) {
			return "", false
		}
	}
	if bf == nil || !slices.Contains(bf.Results, index) {
		return "", false
	}
	return bf.Desc, true
}
