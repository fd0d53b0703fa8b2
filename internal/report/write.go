package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/tenantvet/tenantvet/internal/rules"
)

// Tool names the program in JSON and SARIF reports.
type Tool struct {
	Name    string
	Version string
	URI     string
}

// Problem is an error that stopped part of the analysis (a package that does not type-check, a
// migration that does not parse). It is reported beside the findings and makes the exit code 2.
type Problem struct {
	Position *Position `json:"position,omitempty"`
	Message  string    `json:"message"`
}

// WriteText writes one line per unsuppressed finding: "file:line:col: analyzer: message (RULE)",
// or "object: analyzer: message (RULE)" for a finding on a database object, followed by one
// tab-indented line "file:line:col: message" per second place it names (where the tenant was
// dropped, the query that needed it, where a claim was read), as staticcheck prints related
// information. Tools that read only the finding lines skip the indented ones.
func WriteText(w io.Writer, fs []Finding) error {
	for _, f := range fs {
		if f.Suppressed != nil {
			continue
		}
		where := f.Position.String()
		if f.Position.File == "" && f.Object != "" {
			where = f.Object // a database object has no file
		}
		if _, err := fmt.Fprintf(w, "%s: %s: %s (%s)\n", where, f.Analyzer, f.Message, f.Rule); err != nil {
			return err
		}
		for _, r := range f.Related {
			if _, err := fmt.Fprintf(w, "\t%s: %s\n", r.Position, r.Message); err != nil {
				return err
			}
		}
	}
	return nil
}

func (p Position) String() string {
	return p.File + ":" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column)
}

// JSONReport is the stable JSON output; see docs/json-report.md for its schema.
type JSONReport struct {
	Version  int       `json:"version"` // SchemaVersion
	Tool     JSONTool  `json:"tool"`
	Findings []Finding `json:"findings"`
	Errors   []Problem `json:"errors"`
}

// JSONTool identifies the program in a JSONReport.
type JSONTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// WriteJSON writes the findings, suppressed ones included, and the problems as a JSONReport.
func WriteJSON(w io.Writer, tool Tool, fs []Finding, problems []Problem) error {
	if fs == nil {
		fs = []Finding{}
	}
	if problems == nil {
		problems = []Problem{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(JSONReport{Version: SchemaVersion, Tool: JSONTool{tool.Name, tool.Version}, Findings: fs, Errors: problems})
}

// SARIF builds a SARIF 2.1.0 log that GitHub code scanning accepts: one rule entry per rule in the
// catalogue with help text and help URI, exact regions, partial fingerprints, and suppressed
// findings listed with their justification.
func SARIF(tool Tool, fs []Finding, problems []Problem) (*sarif.Report, error) {
	rep := sarif.NewReport()
	run := sarif.NewRunWithInformationURI(tool.Name, tool.URI)
	run.Tool.Driver.WithVersion(tool.Version).WithSemanticVersion(strings.TrimPrefix(tool.Version, "v"))
	for _, r := range rules.All() {
		run.AddRule(r.ID).
			WithName(r.Name).
			WithShortDescription(sarif.NewMultiformatMessageString().WithText(r.Title)).
			WithFullDescription(sarif.NewMultiformatMessageString().WithText(r.Title)).
			WithHelpURI(r.HelpURI()).
			WithHelp(sarif.NewMultiformatMessageString().WithText(r.Doc).WithMarkdown(r.Doc)).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(string(r.Severity))).
			WithProperties(sarif.NewPropertyBag().Add("tags", []string{"security", "multi-tenancy", r.Analyzer}))
	}
	for _, f := range fs {
		region := sarif.NewRegion().WithStartLine(f.Position.Line).WithStartColumn(max(f.Position.Column, 1))
		if f.Position.EndLine > 0 {
			region.WithEndLine(f.Position.EndLine)
			if f.Position.EndColumn > 0 {
				region.WithEndColumn(f.Position.EndColumn)
			}
		}
		res := run.CreateResultForRule(f.Rule).
			WithLevel(f.Severity).
			WithMessage(sarif.NewTextMessage(f.Message))
		if f.Position.File == "" && f.Object != "" {
			// A finding on a live database object has no file: SARIF's logical location names it.
			res.AddLocation(sarif.NewLocation().WithLogicalLocations([]*sarif.LogicalLocation{
				sarif.NewLogicalLocation().WithName(f.Object).WithFullyQualifiedName(f.Object).WithKind(objectKind(f.Object)),
			}))
		} else {
			res.AddLocation(sarif.NewLocationWithPhysicalLocation(
				sarif.NewPhysicalLocation().
					WithArtifactLocation(sarif.NewSimpleArtifactLocation(f.Position.File).WithURIBaseID("%SRCROOT%")).
					WithRegion(region)))
		}
		for i, r := range f.Related {
			// relatedLocations: the second places a finding names (GitHub shows them as links).
			res.AddRelatedLocation(sarif.NewLocationWithPhysicalLocation(
				sarif.NewPhysicalLocation().
					WithArtifactLocation(sarif.NewSimpleArtifactLocation(r.Position.File).WithURIBaseID("%SRCROOT%")).
					WithRegion(sarif.NewRegion().WithStartLine(max(r.Position.Line, 1)).WithStartColumn(max(r.Position.Column, 1)))).
				WithID(i).WithMessage(sarif.NewTextMessage(r.Message)))
		}
		res.WithPartialFingerprints(map[string]string{FingerprintKey: Fingerprint(f)})
		if f.Suppressed != nil {
			res.WithSuppressions([]*sarif.Suppression{
				sarif.NewSuppression().WithKind("inSource").WithJustification(f.Suppressed.Justification),
			})
		}
	}
	inv := sarif.NewInvocation().WithExecutionSuccessful(len(problems) == 0)
	for _, p := range problems {
		n := sarif.NewNotification().WithLevel("error").WithMessage(sarif.NewTextMessage(p.Message))
		if p.Position != nil {
			n.WithLocations([]*sarif.Location{sarif.NewLocationWithPhysicalLocation(
				sarif.NewPhysicalLocation().
					WithArtifactLocation(sarif.NewSimpleArtifactLocation(p.Position.File).WithURIBaseID("%SRCROOT%")).
					WithRegion(sarif.NewRegion().WithStartLine(max(p.Position.Line, 1)).WithStartColumn(max(p.Position.Column, 1))))})
		}
		inv.AddToolExecutionNotification(n)
	}
	run.AddInvocation(inv)
	rep.AddRun(run)
	return rep, nil
}

// objectKind is the kind of a database object named as `tenantvet db` names them: the first word
// of "policy p on public.t", "role r" or "view public.v", and "table" for a bare "schema.table".
func objectKind(object string) string {
	if kind, _, ok := strings.Cut(object, " "); ok {
		return kind
	}
	return "table"
}

// WriteSARIF writes the SARIF log of SARIF.
func WriteSARIF(w io.Writer, tool Tool, fs []Finding, problems []Problem) error {
	rep, err := SARIF(tool, fs, problems)
	if err != nil {
		return err
	}
	return rep.PrettyWrite(w)
}
