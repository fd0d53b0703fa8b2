// Package suite lists tenantvet's analyzers, for the drivers (cmd/tenantvet, the language
// server, the golangci-lint plugin). It is not an analyzer itself: internal/driver runs the
// passes it is given and cannot import this layer.
package suite

import (
	"fmt"
	"os"
	"runtime/debug"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/tenantvet/tenantvet/analyzers/directive"
	"github.com/tenantvet/tenantvet/analyzers/headertrust"
	"github.com/tenantvet/tenantvet/analyzers/jobpayload"
	"github.com/tenantvet/tenantvet/analyzers/logredact"
	"github.com/tenantvet/tenantvet/analyzers/sqlscope"
)

// Analyzers returns tenantvet's passes, each wrapped (once per process) so that a panic inside
// one becomes an error naming the package instead of a crash.
func Analyzers() []*analysis.Analyzer { return guarded() }

var guarded = sync.OnceValue(func() []*analysis.Analyzer {
	as := []*analysis.Analyzer{
		sqlscope.Analyzer,
		jobpayload.Analyzer,
		logredact.Analyzer,
		headertrust.Analyzer,
		directive.Analyzer,
	}
	for _, a := range as {
		guard(a)
	}
	return as
})

func guard(a *analysis.Analyzer) {
	inner := a.Run
	a.Run = func(pass *analysis.Pass) (res any, err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("internal error in %s on package %s: %v (set TENANTVET_DEBUG=1 for a stack)", a.Name, pass.Pkg.Path(), r)
				if os.Getenv("TENANTVET_DEBUG") != "" {
					err = fmt.Errorf("%w\n%s", err, debug.Stack())
				}
			}
		}()
		return inner(pass)
	}
}
