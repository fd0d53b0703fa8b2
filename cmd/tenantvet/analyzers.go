package main

import (
	"fmt"
	"runtime/debug"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/tenantvet/tenantvet/analyzers/cachekey"
	"github.com/tenantvet/tenantvet/analyzers/directive"
	"github.com/tenantvet/tenantvet/analyzers/headertrust"
	"github.com/tenantvet/tenantvet/analyzers/jobpayload"
	"github.com/tenantvet/tenantvet/analyzers/logredact"
	"github.com/tenantvet/tenantvet/analyzers/sqlscope"
)

// allAnalyzers returns tenantvet's passes, each wrapped so that a panic inside one becomes an
// error naming the package instead of a crash.
func allAnalyzers() []*analysis.Analyzer {
	as := []*analysis.Analyzer{
		sqlscope.Analyzer,
		jobpayload.Analyzer,
		logredact.Analyzer,
		headertrust.Analyzer,
		cachekey.Analyzer,
		directive.Analyzer,
	}
	for _, a := range as {
		guard(a)
	}
	return as
}

var guarded = map[*analysis.Analyzer]bool{}

func guard(a *analysis.Analyzer) {
	if guarded[a] {
		return
	}
	guarded[a] = true
	inner := a.Run
	a.Run = func(pass *analysis.Pass) (res any, err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("internal error in %s on package %s: %v (set TENANTVET_DEBUG=1 for a stack)", a.Name, pass.Pkg.Path(), r)
				if debugEnabled() {
					err = fmt.Errorf("%w\n%s", err, debug.Stack())
				}
			}
		}()
		return inner(pass)
	}
}

// selectAnalyzers applies -enable and -disable (comma-separated analyzer names).
func selectAnalyzers(all []*analysis.Analyzer, enable, disable string) ([]*analysis.Analyzer, error) {
	known := map[string]bool{}
	for _, a := range all {
		known[a.Name] = true
	}
	parse := func(flagName, v string) (map[string]bool, error) {
		set := map[string]bool{}
		for _, n := range strings.Split(v, ",") {
			if n = strings.TrimSpace(n); n == "" {
				continue
			}
			if !known[n] {
				return nil, fmt.Errorf("-%s: unknown analyzer %q (known: %s)", flagName, n, analyzerNames(all))
			}
			set[n] = true
		}
		return set, nil
	}
	en, err := parse("enable", enable)
	if err != nil {
		return nil, err
	}
	dis, err := parse("disable", disable)
	if err != nil {
		return nil, err
	}
	var out []*analysis.Analyzer
	for _, a := range all {
		if (len(en) == 0 || en[a.Name]) && !dis[a.Name] {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no analyzer enabled")
	}
	return out, nil
}

func analyzerNames(as []*analysis.Analyzer) string {
	var names []string
	for _, a := range as {
		names = append(names, a.Name)
	}
	return strings.Join(names, ", ")
}
