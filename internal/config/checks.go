package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tenantvet/tenantvet/internal/rules"
)

// Checks selects the rules a run reports, staticcheck style: each item is a rule id (TV1001), a
// rule name (unscoped-query) or an analyzer name (logredact, sql); "-" before one removes it;
// "all" stands for every rule and "default" for the rules that are on by default. Items apply in
// order. An empty list, or one whose first item removes something, starts from the defaults.
type Checks []string

// ruleSet returns the ids of the rules the checks enable.
func (c Checks) ruleSet() (map[string]bool, error) {
	on := map[string]bool{}
	for _, r := range rules.All() {
		on[r.ID] = false
	}
	setDefault := func() {
		for _, r := range rules.All() {
			on[r.ID] = on[r.ID] || !r.DefaultOff
		}
	}
	if len(c) == 0 || strings.HasPrefix(c[0], "-") {
		setDefault()
	}
	for _, item := range c {
		key, remove := strings.CutPrefix(strings.TrimSpace(item), "-")
		switch {
		case strings.EqualFold(key, "all"):
			for _, r := range rules.All() {
				on[r.ID] = !remove
			}
		case strings.EqualFold(key, "default"):
			if remove {
				for _, r := range rules.All() {
					if !r.DefaultOff {
						on[r.ID] = false
					}
				}
			} else {
				setDefault()
			}
		default:
			if err := checkItem(item); err != nil {
				return nil, err
			}
			for _, r := range rules.All() {
				if rules.Matches(key, r) {
					on[r.ID] = !remove
				}
			}
		}
	}
	return on, nil
}

// checkItem reports an item of Checks that names no rule, rule name or analyzer.
func checkItem(item string) error {
	key := strings.TrimPrefix(strings.TrimSpace(item), "-")
	if strings.EqualFold(key, "all") || strings.EqualFold(key, "default") || rules.Known(key) {
		return nil
	}
	return fmt.Errorf("unknown rule or analyzer %q in checks: run `tenantvet rules` for the ids", key)
}

// Validate reports the first item that names no rule, rule name or analyzer.
func (c Checks) Validate() error {
	_, err := c.ruleSet()
	return err
}

// Enabled returns a function reporting whether a rule id is enabled. Ids the catalogue does not
// know (there are none in findings) count as enabled, so nothing is hidden by mistake.
func (c Checks) Enabled() func(rule string) bool {
	on, err := c.ruleSet()
	if err != nil {
		return func(string) bool { return true }
	}
	return func(rule string) bool {
		v, ok := on[rule]
		return v || !ok
	}
}

// Severities overrides the severity of rules: each item is KEY=LEVEL, KEY a rule id, rule name or
// analyzer name and LEVEL error, warning or note. Later items win.
type Severities []string

// Validate reports the first malformed item, unknown rule or unknown level.
func (s Severities) Validate() error {
	for _, item := range s {
		if err := validSeverityItem(item); err != nil {
			return err
		}
	}
	return nil
}

func validSeverityItem(item string) error {
	key, level, ok := strings.Cut(item, "=")
	key, level = strings.TrimSpace(key), strings.TrimSpace(level)
	if !ok || key == "" {
		return fmt.Errorf("severity %q is not RULE=LEVEL", item)
	}
	if !rules.Known(key) {
		return fmt.Errorf("unknown rule or analyzer %q in severity: run `tenantvet rules` for the ids", key)
	}
	if !validLevel(level) {
		return fmt.Errorf("severity of %s is %q: use error, warning or note", key, level)
	}
	return nil
}

func validLevel(l string) bool {
	return slices.Contains([]string{string(rules.Error), string(rules.Warning), string(rules.Note)}, l)
}

// Of returns the severity of rule id after the overrides, or def when none applies.
func (s Severities) Of(rule, def string) string {
	r, ok := rules.Lookup(rule)
	if !ok {
		return def
	}
	for _, item := range s {
		key, level, _ := strings.Cut(item, "=")
		if rules.Matches(strings.TrimSpace(key), r) && validLevel(strings.TrimSpace(level)) {
			def = strings.TrimSpace(level)
		}
	}
	return def
}

// checksValue is the flag of Checks: a comma-separated list, validated when set so that every
// driver (go vet included) rejects an unknown id.
type checksValue Checks

func (v *checksValue) String() string {
	if v == nil {
		return ""
	}
	return strings.Join(*v, ",")
}

func (v *checksValue) Set(s string) error {
	c := Checks(splitList(s))
	if err := c.Validate(); err != nil {
		return err
	}
	*v = checksValue(c)
	return nil
}

// Get returns the Checks, so a pass can read them back from its FlagSet (flag.Getter).
func (v *checksValue) Get() any { return Checks(*v) }

// severityValue is the flag of Severities: comma-separated RULE=LEVEL items.
type severityValue Severities

func (v *severityValue) String() string {
	if v == nil {
		return ""
	}
	return strings.Join(*v, ",")
}

func (v *severityValue) Set(s string) error {
	sv := Severities(splitList(s))
	if err := sv.Validate(); err != nil {
		return err
	}
	*v = severityValue(sv)
	return nil
}
