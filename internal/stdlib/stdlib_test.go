package stdlib_test

import (
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tenantvet/tenantvet/internal/stdlib"
)

// TestPackage runs a probe pass on a testdata package and on the standard library packages it
// imports (the probe exports a fact, so the driver runs it on every dependency).
func TestPackage(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]bool{}
	probe := &analysis.Analyzer{
		Name:      "probe",
		Doc:       "records stdlib.Package for every package",
		FactTypes: []analysis.Fact{new(noFact)},
		Run: func(pass *analysis.Pass) (any, error) {
			std := stdlib.Package(pass)
			mu.Lock()
			seen[pass.Pkg.Path()] = std
			mu.Unlock()
			return nil, nil
		},
	}
	analysistest.Run(t, analysistest.TestData(), probe, "a")
	want := map[string]bool{"a": false, "strings": true, "net/http": true}
	for path, std := range want {
		got, ok := seen[path]
		if !ok {
			t.Errorf("%s was not analysed", path)
			continue
		}
		if got != std {
			t.Errorf("Package(%s) = %v, want %v", path, got, std)
		}
	}
}

type noFact struct{}

func (*noFact) AFact() {}
