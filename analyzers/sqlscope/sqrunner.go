package sqlscope

import (
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/taint"
)

// The handle a squirrel builder runs on is the one RunWith got: in the chain, in a helper
// that returns the builder (its squirrelFact says which parameter, or which field of one), or
// in a StatementBuilder stored in a struct field or a variable (the values stored there).

// SquirrelRunner is the handle a helper's builder got from RunWith: parameter Param, or its
// field Field (a dotted path) when set. Param -1: a handle of the helper's own, Unscoped when
// that is unscoped (a pool).
type SquirrelRunner struct {
	Param    int
	Field    string
	Unscoped bool
}

func (r SquirrelRunner) String() string {
	switch {
	case r.Param >= 0 && r.Field != "":
		return strconv.Itoa(r.Param) + "." + r.Field
	case r.Param >= 0:
		return strconv.Itoa(r.Param)
	case r.Unscoped:
		return "pool"
	}
	return "?"
}

// fieldHandle is a handle held in a field of a value (RunWith(s.db) inside a helper of s, a
// StatementBuilder stored in a struct), where the code at hand has no SSA value for it. Its
// origin is the value's, as for any field; its type is the handle's.
type fieldHandle struct {
	ssa.Value
	typ   types.Type
	field string // the field's (dotted) path in the value
}

func (h *fieldHandle) Type() types.Type { return h.typ }

// handleDesc names a handle for a message: its type, or, for a field of an interface type
// (a squirrel.BaseRunner holding whatever the value was built with), the field and its type.
func handleDesc(h ssa.Value) string {
	ty := typeString(taint.Concrete(h).Type())
	fh, ok := h.(*fieldHandle)
	if !ok || fh.field == "" || !types.IsInterface(fh.typ) {
		return ty
	}
	holder := fh.Value.Type()
	if p, ok := holder.Underlying().(*types.Pointer); ok {
		holder = p.Elem()
	}
	return "the " + fh.field + " field of " + typeString(holder) + " (" + ty + ")"
}

// squirrelRunners returns the handles RunWith gave the builder v, one per way it was built
// (nil: none is visible).
func (c *checker) squirrelRunners(v ssa.Value, depth int) []ssa.Value {
	if depth > maxDepth {
		return []ssa.Value{nil}
	}
	switch x := v.(type) {
	case *ssa.Phi:
		var out []ssa.Value
		for _, e := range x.Edges {
			out = appendHandles(out, c.squirrelRunners(e, depth+1)...)
		}
		return out
	case *ssa.Extract:
		if call, ok := helperResult(x); ok {
			return c.squirrelHelperRunners(call, depth)
		}
	case *ssa.Call:
		m := squirrelFunc(&x.Call)
		if m == nil {
			return c.squirrelHelperRunners(x, depth)
		}
		args := taint.Args(&x.Call)
		if m.Name() == "RunWith" && len(args) == 1 {
			return []ssa.Value{taint.Concrete(args[0])}
		}
		if recv := taint.Receiver(&x.Call); recv != nil {
			return c.squirrelRunners(recv, depth+1)
		}
	case *ssa.UnOp, *ssa.Field:
		if hs := c.storedRunners(x, depth); len(hs) > 0 {
			return hs
		}
	}
	return []ssa.Value{nil}
}

func appendHandles(out []ssa.Value, hs ...ssa.Value) []ssa.Value {
	for _, h := range hs {
		if !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	return out
}

// squirrelHelperRunners returns the handles of the builder a call of a helper returns: those
// its fact names, resolved in the caller, and, for its returns that got no RunWith, those of
// the arguments the builder derives from. A recursive call returns none.
func (c *checker) squirrelHelperRunners(call *ssa.Call, depth int) []ssa.Value {
	g := call.Call.StaticCallee()
	if g == nil {
		return []ssa.Value{nil}
	}
	if c.chainBusy(g) {
		return nil
	}
	f := c.squirrelFactOf(g)
	if f == nil {
		return []ssa.Value{nil}
	}
	var out []ssa.Value
	for i, r := range f.Runners {
		out = appendHandles(out, c.resolveRunner(g, call, r, i))
	}
	if f.Unrun {
		for _, v := range f.Variants {
			if v.Param >= 0 && v.Param < len(call.Call.Args) {
				out = appendHandles(out, c.squirrelRunners(call.Call.Args[v.Param], depth+1)...)
			} else {
				out = appendHandles(out, nil)
			}
		}
	}
	return out
}

// resolveRunner returns the handle a helper's fact names, in the caller.
func (c *checker) resolveRunner(g *ssa.Function, call *ssa.Call, r SquirrelRunner, i int) ssa.Value {
	if r.Param >= 0 && r.Param < len(call.Call.Args) {
		a := taint.Concrete(call.Call.Args[r.Param])
		if r.Field == "" {
			return a
		}
		if t := fieldPathType(a.Type(), r.Field); t != nil {
			return &fieldHandle{Value: a, typ: t, field: r.Field}
		}
		return a
	}
	if g.Origin() != nil {
		g = g.Origin()
	}
	if own, ok := c.ownRunners[g]; ok && i < len(own) {
		return own[i] // this package's: the handle itself
	}
	if r.Unscoped {
		return nil // another package's pool: no handle is visible, and it is unscoped
	}
	return call
}

// fieldPathType returns the type of the field a dotted path names in t (or *t), or nil.
func fieldPathType(t types.Type, path string) types.Type {
	for _, name := range strings.Split(path, ".") {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		s, ok := t.Underlying().(*types.Struct)
		if !ok {
			return nil
		}
		var next types.Type
		for i := 0; i < s.NumFields(); i++ {
			if s.Field(i).Name() == name {
				next = s.Field(i).Type()
			}
		}
		if next == nil {
			return nil
		}
		t = next
	}
	return t
}

// runnerRef says which parameter (or field of one) of g a handle is, for g's fact.
func (c *checker) runnerRef(g *ssa.Function, h ssa.Value) SquirrelRunner {
	var path []string
	for v := h; v != nil; {
		switch x := v.(type) {
		case *ssa.Parameter:
			if i := paramIndex(g, x); i >= 0 {
				return SquirrelRunner{Param: i, Field: strings.Join(path, ".")}
			}
			v = nil
		case *ssa.UnOp:
			fa, ok := x.X.(*ssa.FieldAddr)
			if x.Op != token.MUL || !ok {
				v = nil
				continue
			}
			path = append([]string{fieldVar(fa.X.Type(), fa.Field).Name()}, path...)
			v = copied(fa.X)
		case *ssa.Field:
			path = append([]string{fieldVar(x.X.Type(), x.Field).Name()}, path...)
			v = x.X
		default:
			v = nil
		}
	}
	return SquirrelRunner{Param: -1, Unscoped: c.unscoped(h)}
}

// copied returns the value a local variable holds when it is a copy of one (a value
// receiver whose field is addressed), else v.
func copied(v ssa.Value) ssa.Value {
	a, ok := v.(*ssa.Alloc)
	if !ok || a.Heap {
		return v
	}
	var val ssa.Value
	for _, r := range *a.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != a || val != nil {
				return v
			}
			val = r.Val
		case *ssa.FieldAddr:
			for _, rr := range *r.Referrers() {
				if st, ok := rr.(*ssa.Store); ok && st.Addr == r {
					return v // a field set after the copy
				}
			}
		case *ssa.UnOp:
		default:
			return v
		}
	}
	if val == nil {
		return v
	}
	return val
}

// fieldVar returns the i-th field of the struct t (or *t) is.
func fieldVar(t types.Type, i int) *types.Var {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	return t.Underlying().(*types.Struct).Field(i)
}

// storedRunners returns the handles of the builders stored in the field or package variable
// v loads (a StatementBuilder with RunWith kept in a store): the runners of the values the
// package stores there, each as a field of the value v is loaded from.
func (c *checker) storedRunners(v ssa.Value, depth int) []ssa.Value {
	var field *types.Var
	var holder ssa.Value
	var global *ssa.Global
	switch x := v.(type) {
	case *ssa.UnOp:
		if x.Op != token.MUL {
			return nil
		}
		switch a := x.X.(type) {
		case *ssa.FieldAddr:
			field, holder = fieldVar(a.X.Type(), a.Field), copied(a.X)
		case *ssa.Global:
			global = a
		}
	case *ssa.Field:
		field, holder = fieldVar(x.X.Type(), x.Field), x.X
	}
	if field == nil && global == nil {
		return nil
	}
	if n := knownapi.NamedOf(v.Type()); n == nil || n.Obj().Pkg() == nil || knownapi.PkgPath(n.Obj().Pkg()) != knownapi.PkgSquirrel {
		return nil
	}
	var out []ssa.Value
	for _, fn := range c.srcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok {
					continue
				}
				switch a := st.Addr.(type) {
				case *ssa.FieldAddr:
					if field == nil || fieldVar(a.X.Type(), a.Field) != field {
						continue
					}
				case *ssa.Global:
					if a != global {
						continue
					}
				default:
					continue
				}
				for _, r := range c.squirrelRunners(st.Val, depth+1) {
					if r == nil {
						continue
					}
					if holder != nil && !knownapi.IsTypeIn(r.Type(), knownapi.PoolTypes) {
						r = &fieldHandle{Value: holder, typ: r.Type(), field: field.Name()} // whatever the store was built with
					}
					out = appendHandles(out, r)
				}
			}
		}
	}
	return out
}
