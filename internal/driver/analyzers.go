package driver

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Select applies -enable and -disable (comma-separated analyzer names).
func Select(all []*analysis.Analyzer, enable, disable string) ([]*analysis.Analyzer, error) {
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
