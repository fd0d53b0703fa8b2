package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/tenantvet/tenantvet/internal/rules"
)

func sample() []Finding {
	return []Finding{
		{Rule: "TV0002", Analyzer: "directive", Severity: "error", Message: "names unknown rule x",
			Position: Position{File: "b.go", Line: 4, Column: 2, EndLine: 4, EndColumn: 9}},
		{Rule: "TV0001", Analyzer: "directive", Severity: "error", Message: "has no reason",
			Position: Position{File: "a.go", Line: 7, Column: 1}},
		{Rule: "TV0003", Analyzer: "directive", Severity: "warning", Message: "suppressed one",
			Position:   Position{File: "a.go", Line: 9, Column: 1},
			Suppressed: &Suppression{Kind: "inSource", Justification: "fixture"}},
	}
}

func TestWriteTextSkipsSuppressed(t *testing.T) {
	fs := sample()
	Sort(fs)
	var buf bytes.Buffer
	if err := WriteText(&buf, fs); err != nil {
		t.Fatal(err)
	}
	want := "a.go:7:1: directive: has no reason (TV0001)\nb.go:4:2: directive: names unknown rule x (TV0002)\n"
	if buf.String() != want {
		t.Errorf("text =\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestWriteTextRelated(t *testing.T) {
	fs := []Finding{{Rule: "TV1005", Analyzer: "sqlscope", Severity: "error", Message: "tenant parameter tenantID is not used",
		Position: Position{File: "store.go", Line: 12, Column: 6},
		Related: []Related{
			{Message: "tenantID is dropped here", Position: Position{File: "store.go", Line: 13, Column: 9}},
			{Message: "query on notes", Position: Position{File: "repo/notes.go", Line: 40, Column: 2}},
		}}}
	var buf bytes.Buffer
	if err := WriteText(&buf, fs); err != nil {
		t.Fatal(err)
	}
	want := "store.go:12:6: sqlscope: tenant parameter tenantID is not used (TV1005)\n" +
		"\tstore.go:13:9: tenantID is dropped here\n" +
		"\trepo/notes.go:40:2: query on notes\n"
	if buf.String() != want {
		t.Errorf("text =\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestWriteJSONSchema(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, Tool{Name: "tenantvet", Version: "v0.1.0"}, sample(), []Problem{{Message: "boom"}}); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"version", "tool", "findings", "errors"} {
		if _, ok := got[k]; !ok {
			t.Errorf("JSON report lacks %q", k)
		}
	}
	f := got["findings"].([]any)[2].(map[string]any)
	if f["suppressed"].(map[string]any)["justification"] != "fixture" {
		t.Errorf("suppressed finding lost its justification: %v", f)
	}
	var empty bytes.Buffer
	WriteJSON(&empty, Tool{}, nil, nil)
	if !strings.Contains(empty.String(), `"findings": []`) || !strings.Contains(empty.String(), `"errors": []`) {
		t.Errorf("empty report must have empty arrays, not null: %s", empty.String())
	}
}

func TestSARIFValidatesAndCarriesRules(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, Tool{Name: "tenantvet", Version: "v0.1.0", URI: "https://example.com"}, sample(), []Problem{{Message: "x", Position: &Position{File: "a.go", Line: 1, Column: 1}}}); err != nil {
		t.Fatal(err)
	}
	rep, err := sarif.FromBytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.Validate(); err != nil {
		t.Fatalf("SARIF does not validate against the 2.1.0 schema: %v", err)
	}
	run := rep.Runs[0]
	if got, want := len(run.Tool.Driver.Rules), len(rules.All()); got != want {
		t.Errorf("%d rule entries, want one per rule (%d)", got, want)
	}
	for _, r := range run.Tool.Driver.Rules {
		if r.HelpURI == nil || r.Help == nil || r.Help.Text == nil {
			t.Errorf("rule %v lacks help text or help URI", *r.ID)
		}
	}
	if len(run.Results) != 3 {
		t.Fatalf("%d results, want 3", len(run.Results))
	}
	var suppressed int
	for _, res := range run.Results {
		if res.PartialFingerprints[FingerprintKey] == "" {
			t.Error("result without a partial fingerprint")
		}
		if len(res.Suppressions) > 0 {
			suppressed++
			if j := res.Suppressions[0].Justification; j == nil || *j != "fixture" {
				t.Error("suppression without its justification")
			}
		}
	}
	if suppressed != 1 {
		t.Errorf("%d suppressed results, want 1", suppressed)
	}
}

func TestFingerprintIgnoresLine(t *testing.T) {
	a := sample()[0]
	b := a
	b.Position.Line += 10
	if Fingerprint(a) != Fingerprint(b) {
		t.Error("moving a finding changed its fingerprint")
	}
	b.Message = "other"
	if Fingerprint(a) == Fingerprint(b) {
		t.Error("different findings share a fingerprint")
	}
}
