package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/tenantvet/tenantvet/internal/gitdiff"
	"github.com/tenantvet/tenantvet/internal/report"
)

// adoptFlags are the flags that let a team adopt tenantvet on existing code: a baseline of
// accepted findings, and gating on new code only.
type adoptFlags struct {
	baseline, baselineWrite      string
	newFromRev, newFromMergeBase string
	fingerprints                 bool // the output carries fingerprints (JSON, SARIF)
}

func (a *adoptFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&a.baseline, "baseline", "", "report only findings not accepted in this baseline file, and list its entries that no longer occur (see docs/baseline.md)")
	fs.StringVar(&a.baselineWrite, "baseline-write", "", "record the current findings in this baseline file (its other section is kept) and accept them")
	fs.StringVar(&a.newFromRev, "new-from-rev", "", "report only findings on lines added or changed since this git revision (or caused by such a line)")
	fs.StringVar(&a.newFromMergeBase, "new-from-merge-base", "", "report only findings on lines added or changed since the merge base of this git revision and HEAD")
}

func (a *adoptFlags) validate() error {
	if a.newFromRev != "" && a.newFromMergeBase != "" {
		return fmt.Errorf("-new-from-rev and -new-from-merge-base exclude each other")
	}
	if a.baseline != "" && a.baselineWrite != "" {
		return fmt.Errorf("-baseline and -baseline-write exclude each other: -baseline-write already accepts what it records")
	}
	return nil
}

// apply fingerprints the findings, writes or applies the baseline and drops the findings that
// are not new since the given revision. Findings a baseline accepts stay, suppressed (kind
// external), for JSON and SARIF; stale baseline entries are listed on stderr. complete says
// that the analysis met no error: a baseline is only written from a complete one.
func (a *adoptFlags) apply(cwd, scope string, findings []report.Finding, complete bool, stderr io.Writer) ([]report.Finding, error) {
	// Fingerprints read the files with findings: only when the output or the baseline needs them.
	if a.fingerprints || a.baseline != "" || a.baselineWrite != "" {
		report.AddFingerprints(cwd, findings)
	}
	if a.newFromRev != "" || a.newFromMergeBase != "" {
		var (
			changes *gitdiff.Changes
			err     error
		)
		if a.newFromRev != "" {
			changes, err = gitdiff.Since(cwd, a.newFromRev)
		} else {
			changes, err = gitdiff.SinceMergeBase(cwd, a.newFromMergeBase)
		}
		if err != nil {
			return nil, err
		}
		kept := findings[:0]
		for _, f := range findings {
			if changes.Contains(cwd, f.Position.File, f.Position.Line) ||
				(f.Cause != nil && changes.Contains(cwd, f.Cause.File, f.Cause.Line)) {
				kept = append(kept, f)
			}
		}
		findings = kept
	}
	path := a.baseline
	if a.baselineWrite != "" {
		if !complete {
			return nil, fmt.Errorf("baseline %s not written: the analysis met errors, so it would miss their findings", a.baselineWrite)
		}
		if err := report.WriteBaseline(a.baselineWrite, scope, findings); err != nil {
			return nil, err
		}
		path = a.baselineWrite
	}
	if path == "" {
		return findings, nil
	}
	b, err := report.ReadBaseline(path)
	if err != nil {
		return nil, err
	}
	stale := b.Apply(scope, findings)
	if a.baselineWrite != "" {
		n := 0
		for _, f := range findings {
			if f.Suppressed != nil && f.Suppressed.Kind == "external" {
				n++
			}
		}
		fmt.Fprintf(stderr, "tenantvet: baseline %s: %d findings recorded\n", a.baselineWrite, n)
	}
	if len(stale) > 0 {
		fmt.Fprintf(stderr, "tenantvet: baseline %s: %d entries no longer occur; remove them with -baseline-write:\n", path, len(stale))
		for _, e := range stale {
			ctx := ""
			if e.Context != "" {
				ctx = " " + e.Context + ":"
			}
			fmt.Fprintf(stderr, "  %s:%s %s (%s)\n", e.File, ctx, e.Message, e.Rule)
		}
	}
	return findings, nil
}
