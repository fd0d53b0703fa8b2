package report

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
)

// BaselineVersion is the version of the baseline file format; see docs/baseline.md.
const BaselineVersion = 1

// Baseline is a recorded set of accepted findings. The Go analyzers and `tenantvet sql` each own
// one section, so both can share a file.
type Baseline struct {
	Version int             `json:"version"`
	Go      []BaselineEntry `json:"go,omitempty"`
	SQL     []BaselineEntry `json:"sql,omitempty"`
}

// Baseline sections.
const (
	ScopeGo  = "go"
	ScopeSQL = "sql"
)

// BaselineEntry is one accepted finding, or several that share a fingerprint (Count). Line
// numbers are not recorded: a finding is matched by its fingerprint, which covers the rule, the
// file, the enclosing function or SQL object and the normalised source line. Line and Message
// are for the reader of the file.
type BaselineEntry struct {
	Rule        string `json:"rule"`
	File        string `json:"file"`
	Context     string `json:"context,omitempty"`
	Fingerprint string `json:"fingerprint"`
	Count       int    `json:"count,omitempty"` // omitted when 1
	Line        string `json:"line,omitempty"`  // the normalised source line
	Message     string `json:"message"`
}

func (e BaselineEntry) count() int { return max(e.Count, 1) }

// ReadBaseline reads a baseline file. A missing file is an error: a misspelt path must not let
// every finding through as new, nor hide them.
func ReadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read baseline: %w", err)
	}
	var b Baseline
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("read baseline %s: %w", path, err)
	}
	if b.Version != BaselineVersion {
		return nil, fmt.Errorf("read baseline %s: version %d, want %d", path, b.Version, BaselineVersion)
	}
	return &b, nil
}

func (b *Baseline) section(scope string) *[]BaselineEntry {
	if scope == ScopeSQL {
		return &b.SQL
	}
	return &b.Go
}

// WriteBaseline records the unsuppressed findings as the scope's section of the file at path,
// keeping the other section of an existing file. Findings must have their fingerprints
// (AddFingerprints). The entries are sorted so the file diffs well.
func WriteBaseline(path, scope string, findings []Finding) error {
	b := &Baseline{Version: BaselineVersion}
	if old, err := ReadBaseline(path); err == nil {
		b = old
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	byFP := map[string]int{}
	var entries []BaselineEntry
	for _, f := range findings {
		if f.Suppressed != nil {
			continue
		}
		fp := Fingerprint(f)
		if i, ok := byFP[fp]; ok {
			entries[i].Count = entries[i].count() + 1
			continue
		}
		byFP[fp] = len(entries)
		entries = append(entries, BaselineEntry{Rule: f.Rule, File: f.Position.File, Context: f.Context, Fingerprint: fp, Line: f.line, Message: f.Message})
	}
	slices.SortFunc(entries, func(a, b BaselineEntry) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Context, b.Context), cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Line, b.Line), cmp.Compare(a.Message, b.Message), cmp.Compare(a.Fingerprint, b.Fingerprint))
	})
	*b.section(scope) = entries
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("write baseline: %w", err)
	}
	return nil
}

// Apply marks the findings the scope's entries accept as suppressed (kind external, so they
// show in JSON and SARIF but not in text output or the exit code) and returns the entries, or
// the part of an entry's count, that matched no finding: accepted findings that are gone, which
// the baseline no longer needs.
func (b *Baseline) Apply(scope string, fs []Finding) (stale []BaselineEntry) {
	left := map[string]int{}
	entries := *b.section(scope)
	for _, e := range entries {
		left[e.Fingerprint] += e.count()
	}
	for i := range fs {
		if fs[i].Suppressed != nil {
			continue
		}
		fp := Fingerprint(fs[i])
		if left[fp] > 0 {
			left[fp]--
			fs[i].Suppressed = &Suppression{Kind: "external", Justification: "accepted in the baseline"}
		}
	}
	for _, e := range entries {
		if n := min(left[e.Fingerprint], e.count()); n > 0 {
			left[e.Fingerprint] -= n
			e.Count = n
			if n == 1 {
				e.Count = 0
			}
			stale = append(stale, e)
		}
	}
	return stale
}
