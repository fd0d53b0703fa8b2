// Package knownapi names the third-party and standard library functions tenantvet knows: query
// methods, scope helpers, loggers, queue clients, HTTP request readers. Analyzers describe an API
// once as a Func and match it against go/types objects, never against spelling.
package knownapi

import (
	"fmt"
	"go/ast"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// Func identifies a package-level function (Recv == "") or a method of a named type (Recv is the
// type name without '*'; methods of interfaces and of their implementations both match).
type Func struct {
	Pkg  string // import path, e.g. "github.com/jackc/pgx/v5/pgxpool"
	Recv string // receiver type name, e.g. "Pool"; "" for a function
	Name string // e.g. "Query"
}

func (f Func) String() string {
	if f.Recv != "" {
		return f.Pkg + "." + f.Recv + "." + f.Name
	}
	return f.Pkg + "." + f.Name
}

// Spec is a configured function with an optional argument index: FUNC[:N[:M]].
type Spec struct {
	Func
	Args []int // the indices after FUNC, in order; empty when none were given
}

// Arg returns the i-th configured index, or def when it was not given.
func (s Spec) Arg(i, def int) int {
	if i < len(s.Args) {
		return s.Args[i]
	}
	return def
}

// ParseSpec parses "importpath.Func", "importpath.Type.Method" or either followed by ":N" indices.
// The import path is everything up to the last slash plus its first dot-separated element.
func ParseSpec(s string) (Spec, error) {
	var spec Spec
	parts := strings.Split(s, ":")
	name := parts[0]
	for _, p := range parts[1:] {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return spec, fmt.Errorf("%q: argument index %q is not a non-negative number", s, p)
		}
		spec.Args = append(spec.Args, n)
	}
	slash := strings.LastIndex(name, "/")
	rest := name[slash+1:]
	elems := strings.Split(rest, ".")
	switch len(elems) {
	case 2:
		spec.Pkg, spec.Name = name[:slash+1]+elems[0], elems[1]
	case 3:
		spec.Pkg, spec.Recv, spec.Name = name[:slash+1]+elems[0], strings.TrimPrefix(elems[1], "*"), elems[2]
	default:
		return spec, fmt.Errorf("%q is not importpath.Func or importpath.Type.Method", s)
	}
	if spec.Pkg == "" || spec.Name == "" {
		return spec, fmt.Errorf("%q is not importpath.Func or importpath.Type.Method", s)
	}
	return spec, nil
}

// ParseSpecs parses a list of specs, failing on the first bad one.
func ParseSpecs(list []string) ([]Spec, error) {
	out := make([]Spec, 0, len(list))
	for _, s := range list {
		sp, err := ParseSpec(s)
		if err != nil {
			return nil, err
		}
		out = append(out, sp)
	}
	return out, nil
}

// Callee returns the function or method a call statically invokes (including interface methods),
// or nil for calls of function values, conversions and builtins.
func Callee(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return fn
}

// Matches reports whether fn is the function f names.
func (f Func) Matches(fn *types.Func) bool {
	if fn == nil || fn.Name() != f.Name || fn.Pkg() == nil {
		return false
	}
	sig, _ := fn.Type().(*types.Signature)
	recv := sig.Recv()
	if (recv == nil) != (f.Recv == "") {
		return false
	}
	if recv == nil {
		return PkgPath(fn.Pkg()) == f.Pkg
	}
	named := NamedOf(recv.Type())
	if named == nil {
		return false
	}
	obj := named.Obj()
	return obj.Name() == f.Recv && obj.Pkg() != nil && PkgPath(obj.Pkg()) == f.Pkg
}

// MatchAny returns the first of fs that fn matches.
func MatchAny(fn *types.Func, fs ...Func) (Func, bool) {
	for _, f := range fs {
		if f.Matches(fn) {
			return f, true
		}
	}
	return Func{}, false
}

// NamedOf returns the named type of t after removing aliases and one pointer, or nil.
func NamedOf(t types.Type) *types.Named {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, _ := t.(*types.Named)
	return n
}

// IsNamed reports whether t (or *t) is the named type pkg.name.
func IsNamed(t types.Type, pkg, name string) bool {
	n := NamedOf(t)
	return n != nil && n.Obj().Name() == name && n.Obj().Pkg() != nil && PkgPath(n.Obj().Pkg()) == pkg
}

// PkgPath is the import path of pkg with any vendor prefix removed.
func PkgPath(pkg *types.Package) string {
	p := pkg.Path()
	if i := strings.LastIndex(p, "/vendor/"); i >= 0 {
		return p[i+len("/vendor/"):]
	}
	return p
}

// TypeString renders t with package names only (*pgxpool.Pool), as messages use it.
func TypeString(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}
