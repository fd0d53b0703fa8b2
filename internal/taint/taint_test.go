package taint_test

import (
	"go/ast"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/config"
	"github.com/tenantvet/tenantvet/internal/taint"
)

// probe reports, for every argument of a call of a function named sink, the source ExprSource
// finds ("ast: ...") and the one Trace finds ("ssa: ..."), so both halves are held to the same
// expectations.
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "report taint sources of sink arguments",
	Requires: []*analysis.Analyzer{buildssa.Analyzer},
	Run:      runProbe,
}

var settings = func() *config.Settings {
	s := config.Default()
	s.Verifiers = []string{"sources.Verify"}
	return s
}()

func runProbe(pass *analysis.Pass) (any, error) {
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) != 1 {
					return true
				}
				if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "sink" {
					if src, ok := taint.ExprSource(pass.TypesInfo, fd.Body, call.Args[0], settings); ok {
						pass.Reportf(call.Pos(), "ast: %s", src.Desc)
					}
				}
				return true
			})
		}
	}
	fns := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs
	for _, fn := range fns {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				callee := call.Call.StaticCallee()
				if callee == nil || callee.Name() != "sink" {
					continue
				}
				if src, ok := taint.Trace(call.Call.Args[0], settings); ok {
					pass.Reportf(call.Pos(), "ssa: %s", src.Desc)
				}
			}
		}
	}
	return nil, nil
}

func TestSources(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), probe, "sources")
}

func TestNames(t *testing.T) {
	s := config.Default()
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"X-Tenant-ID", true},
		{"x-tenant-id", true},
		{"X_TENANT_ID", true},
		{"XTenantID", true},
		{"X-Scope-OrgID", true},
		{"X-Request-ID", false},
		{"Tenant", false},
	} {
		if got := taint.IsTenantHeader(tc.name, s); got != tc.want {
			t.Errorf("IsTenantHeader(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"tenantID", true},
		{"ORG_ID", true},
		{"org-id", false},
		{"page", false},
	} {
		if got := taint.IsTenantParam(tc.name, s); got != tc.want {
			t.Errorf("IsTenantParam(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}
