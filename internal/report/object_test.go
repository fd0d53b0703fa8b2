package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// A finding on a database object (tenantvet db) has no file: text output names the object,
// JSON carries it in "object" and SARIF as a logical location instead of a physical one.
func TestObjectFindings(t *testing.T) {
	fs := []Finding{
		{Rule: "TV5004", Analyzer: "sql", Severity: "error", Message: "row level security is not enabled on tenant table public.notes", Object: "public.notes"},
		{Rule: "TV5007", Analyzer: "sql", Severity: "error", Message: "policy p does not isolate", Object: "policy p on public.notes"},
	}
	var text bytes.Buffer
	if err := WriteText(&text, fs); err != nil {
		t.Fatal(err)
	}
	if want := "public.notes: sql: row level security is not enabled on tenant table public.notes (TV5004)\npolicy p on public.notes: sql: policy p does not isolate (TV5007)\n"; text.String() != want {
		t.Errorf("text:\n%s\nwant:\n%s", text.String(), want)
	}
	var js bytes.Buffer
	if err := WriteJSON(&js, Tool{Name: "tenantvet"}, fs, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(js.String(), `"object": "policy p on public.notes"`) {
		t.Errorf("JSON lacks the object:\n%s", js.String())
	}
	var sa bytes.Buffer
	if err := WriteSARIF(&sa, Tool{Name: "tenantvet"}, fs, nil); err != nil {
		t.Fatal(err)
	}
	out := sa.String()
	for _, want := range []string{`"fullyQualifiedName": "public.notes"`, `"kind": "table"`, `"fullyQualifiedName": "policy p on public.notes"`, `"kind": "policy"`} {
		if !strings.Contains(out, want) {
			t.Errorf("SARIF lacks %s", want)
		}
	}
	if strings.Contains(out, `"physicalLocation"`) {
		t.Errorf("SARIF gives an object finding a physical location:\n%s", out)
	}
	// A file finding keeps its physical location and no object.
	sa.Reset()
	if err := WriteSARIF(&sa, Tool{Name: "tenantvet"}, []Finding{{Rule: "TV5004", Severity: "error", Message: "m", Position: Position{File: "a.sql", Line: 1, Column: 1}}}, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sa.String(), `"physicalLocation"`) || strings.Contains(sa.String(), `"fullyQualifiedName"`) {
		t.Errorf("file finding:\n%s", sa.String())
	}
}

// A finding's related places become SARIF relatedLocations, each with its message and region.
func TestSARIFRelatedLocations(t *testing.T) {
	f := Finding{Rule: "TV5011", Severity: "error", Message: "foreign key", Position: Position{File: "m/2.sql", Line: 7, Column: 38},
		Related: []Related{{Message: "public.notes is created here", Position: Position{File: "m/1.sql", Line: 2, Column: 1}}}}
	var sa bytes.Buffer
	if err := WriteSARIF(&sa, Tool{Name: "tenantvet"}, []Finding{f}, nil); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RelatedLocations []struct {
					ID               int
					Message          struct{ Text string }
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(sa.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	rl := log.Runs[0].Results[0].RelatedLocations
	if len(rl) != 1 || rl[0].Message.Text != "public.notes is created here" || rl[0].PhysicalLocation.ArtifactLocation.URI != "m/1.sql" ||
		rl[0].PhysicalLocation.Region.StartLine != 2 || rl[0].PhysicalLocation.Region.StartColumn != 1 {
		t.Errorf("relatedLocations %+v\n%s", rl, sa.String())
	}
	// No related places: no relatedLocations.
	sa.Reset()
	f.Related = nil
	if err := WriteSARIF(&sa, Tool{Name: "tenantvet"}, []Finding{f}, nil); err != nil {
		t.Fatal(err)
	}
	log.Runs = nil
	if err := json.Unmarshal(sa.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if n := len(log.Runs[0].Results[0].RelatedLocations); n != 0 {
		t.Errorf("%d relatedLocations without related places", n)
	}
}
