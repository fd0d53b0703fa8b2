package lazyssa_test

import (
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/buildssa"

	"github.com/tenantvet/tenantvet/internal/lazyssa"
)

// TestShared checks that two passes of one package get the same SSA form, built once, with the
// source functions (closures included) buildssa would list.
func TestShared(t *testing.T) {
	var (
		mu   sync.Mutex
		got  = map[string]*buildssa.SSA{}
		errs []error
	)
	probe := func(name string) *analysis.Analyzer {
		return &analysis.Analyzer{
			Name:     name,
			Doc:      "asks for the SSA form",
			Requires: []*analysis.Analyzer{lazyssa.Analyzer},
			Run: func(pass *analysis.Pass) (any, error) {
				s := lazyssa.Of(pass)
				r1, err1 := s.Get()
				r2, err2 := s.Get()
				mu.Lock()
				defer mu.Unlock()
				if err1 != nil || err2 != nil || r1 != r2 {
					errs = append(errs, err1, err2)
				}
				got[name] = r1
				return nil, nil
			},
		}
	}
	p1, p2 := probe("p1"), probe("p2")
	both := &analysis.Analyzer{Name: "both", Doc: "runs p1 and p2", Requires: []*analysis.Analyzer{p1, p2},
		Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	analysistest.Run(t, analysistest.TestData(), both, "a")
	if len(errs) > 0 {
		t.Fatalf("Get: %v", errs)
	}
	if got["p1"] == nil || got["p1"] != got["p2"] {
		t.Fatalf("passes got different SSA forms: %p %p", got["p1"], got["p2"])
	}
	var names []string
	for _, fn := range got["p1"].SrcFuncs {
		names = append(names, fn.Name())
	}
	want := []string{"F", "F$1", "G"}
	if len(names) != len(want) {
		t.Fatalf("SrcFuncs = %v, want %v", names, want)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Fatalf("SrcFuncs = %v, want %v", names, want)
		}
	}
}
