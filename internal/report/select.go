package report

// Select keeps the findings whose rule enabled accepts and sets each one's severity to what
// severity returns for its rule and default severity. It filters in place.
func Select(fs []Finding, enabled func(rule string) bool, severity func(rule, def string) string) []Finding {
	out := fs[:0]
	for _, f := range fs {
		if !enabled(f.Rule) {
			continue
		}
		f.Severity = severity(f.Rule, f.Severity)
		out = append(out, f)
	}
	return out
}
