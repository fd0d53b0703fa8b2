// Package lazyssa provides the SSA form of a package on demand.
//
// Requiring buildssa makes the go/analysis drivers build SSA for every package a pass runs on,
// and a pass that exports facts runs on every dependency, the standard library included. Most
// of those packages never call a database, queue or logging API, so the SSA is built and thrown
// away. A pass that requires this analyzer instead asks for the SSA only after a cheap check on
// the type information says the package matters; the passes of one package share one build.
package lazyssa

import (
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
)

// Analyzer hands out a *SSA that builds the package's SSA form the first time it is asked.
var Analyzer = &analysis.Analyzer{
	Name:       "lazyssa",
	Doc:        "build the SSA form of a package on first use (for tenantvet's passes)",
	URL:        "https://github.com/tenantvet/tenantvet/tree/main/internal/lazyssa",
	Requires:   []*analysis.Analyzer{ctrlflow.Analyzer},
	Run:        func(pass *analysis.Pass) (any, error) { return &SSA{pass: pass}, nil },
	ResultType: reflect.TypeFor[*SSA](),
}

// SSA is the on-demand SSA form of one package.
type SSA struct {
	pass *analysis.Pass
	once sync.Once
	res  *buildssa.SSA
	err  error
}

// Of returns the lazy SSA of the pass, which must require Analyzer.
func Of(pass *analysis.Pass) *SSA { return pass.ResultOf[Analyzer].(*SSA) }

// Get builds the SSA form on first use, exactly as buildssa does (its Run only reads the
// package's files, types and the ctrlflow result this analyzer requires), and returns it.
// It is safe for concurrent use by the passes of one package.
func (s *SSA) Get() (*buildssa.SSA, error) {
	s.once.Do(func() {
		res, err := buildssa.Analyzer.Run(s.pass)
		if err != nil {
			s.err = err
			return
		}
		s.res = res.(*buildssa.SSA)
	})
	return s.res, s.err
}
