package knownapi

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"testing"
)

func TestParseSpec(t *testing.T) {
	cases := []struct {
		in   string
		want Spec
		bad  bool
	}{
		{in: "github.com/acme/db.InTenant", want: Spec{Func: Func{Pkg: "github.com/acme/db", Name: "InTenant"}}},
		{in: "github.com/acme/db.Store.InTenant:2:1", want: Spec{Func: Func{Pkg: "github.com/acme/db", Recv: "Store", Name: "InTenant"}, Args: []int{2, 1}}},
		{in: "github.com/acme/db.*Store.Run", want: Spec{Func: Func{Pkg: "github.com/acme/db", Recv: "Store", Name: "Run"}}},
		{in: "log.Printf", want: Spec{Func: Func{Pkg: "log", Name: "Printf"}}},
		{in: "nodots", bad: true},
		{in: "a.b.c.d", bad: true},
		{in: "log.Printf:x", bad: true},
	}
	for _, c := range cases {
		got, err := ParseSpec(c.in)
		if (err != nil) != c.bad {
			t.Errorf("ParseSpec(%q) error = %v", c.in, err)
			continue
		}
		if !c.bad && (got.Func != c.want.Func || !slices.Equal(got.Args, c.want.Args)) {
			t.Errorf("ParseSpec(%q) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

func TestMatches(t *testing.T) {
	src := `package p
import "strings"
type T struct{}
func (*T) M() {}
func F() {}
func use() { var t T; t.M(); F(); strings.ToUpper(""); var b strings.Builder; b.String() }`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}, Types: map[ast.Expr]types.TypeAndValue{}}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("example.com/p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	var got []string
	ast.Inspect(f, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			fn := Callee(info, call)
			for _, want := range []Func{{"example.com/p", "T", "M"}, {"example.com/p", "", "F"}, {"strings", "", "ToUpper"}, {"strings", "Builder", "String"}} {
				if want.Matches(fn) {
					got = append(got, want.String())
				}
			}
			if (Func{"example.com/p", "", "M"}).Matches(fn) || (Func{"strings", "Builder", "ToUpper"}).Matches(fn) {
				t.Errorf("a method matched as a function or the other way round: %v", fn)
			}
		}
		return true
	})
	want := []string{"example.com/p.T.M", "example.com/p.F", "strings.ToUpper", "strings.Builder.String"}
	if !slices.Equal(got, want) {
		t.Errorf("matched %q, want %q", got, want)
	}
}
