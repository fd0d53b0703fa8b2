package lsp

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/tenantvet/tenantvet/analyzers/suite"
	"github.com/tenantvet/tenantvet/internal/driver"
	"github.com/tenantvet/tenantvet/internal/report"
)

// relatedModule has one finding of each rule that names a second place: TV1005 (the query
// that ignores the tenant parameter) and TV4001 (where the header claim was read).
var relatedModule = map[string]string{
	"go.mod":                      "module example.com/m\n\ngo 1.22\n",
	".tenantvet.yaml":             "migrations: [migrations]\n",
	"migrations/0001_init.up.sql": plansOwned,
	"store/store.go": `package store

import (
	"context"
	"database/sql"
)

// PlanNames lists the tenant's plans.
func PlanNames(ctx context.Context, db *sql.DB, tenantID string) (*sql.Rows, error) {
	return db.QueryContext(ctx,
		"SELECT name FROM plans")
}
`,
	"api/api.go": `package api

import (
	"database/sql"
	"net/http"
)

type Server struct{ DB *sql.DB }

func (s *Server) Plans(w http.ResponseWriter, r *http.Request) {
	/* é */ tid := r.Header.Get("X-Tenant-ID")
	rows, err := s.DB.QueryContext(r.Context(), "SELECT name FROM plans WHERE tenant_id = $1", tid)
	if err != nil {
		return
	}
	rows.Close()
}
`,
}

// wantRelated are the related places of relatedModule's findings, by rule: byte columns.
var wantRelated = map[string][]report.Related{
	"TV1005": {{Message: "the query on plans", Position: report.Position{File: "store/store.go", Line: 10, Column: 9, EndLine: 11, EndColumn: 28}}},
	"TV4001": {{Message: `header "X-Tenant-ID" is read here`, Position: report.Position{File: "api/api.go", Line: 11, Column: 18, EndLine: 11, EndColumn: 45}}},
}

func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// configured sets the analyzers' flags from dir's .tenantvet.yaml until the test ends.
func configured(t *testing.T, dir string) []*analysis.Analyzer {
	t.Helper()
	as := suite.Analyzers()
	saved := map[*flag.Flag]string{}
	for _, a := range as {
		a.Flags.VisitAll(func(f *flag.Flag) { saved[f] = f.Value.String() })
	}
	t.Cleanup(func() {
		for f, v := range saved {
			f.Value.Set(v)
		}
	})
	cfg, err := driver.LoadConfig("", dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := driver.Configure(as, cfg, nil); err != nil {
		t.Fatal(err)
	}
	return as
}

// TestDriversCarryRelatedPlaces: the Diagnostic.Related of the analyzers become the findings'
// Related, positions exact, with either driver and when the finding is read back from the cache.
func TestDriversCarryRelatedPlaces(t *testing.T) {
	root := writeModule(t, relatedModule)
	t.Setenv("TENANTVET_CACHE", t.TempDir())
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	as := configured(t, root)
	for _, c := range []struct {
		name    string
		checker bool
	}{{"checker", true}, {"modular", false}, {"modular from the cache", false}} {
		t.Run(c.name, func(t *testing.T) {
			res, err := driver.Run(driver.Options{Dir: root, Patterns: []string{"./..."}, Analyzers: as, Checker: c.checker})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Problems) > 0 {
				t.Fatalf("problems: %v", res.Problems)
			}
			if c.name == "modular from the cache" && res.Stats.RootsReused == 0 {
				t.Errorf("nothing was read from the cache: %+v", res.Stats)
			}
			got := map[string][]report.Related{}
			for _, f := range res.Findings {
				if _, ok := wantRelated[f.Rule]; ok {
					got[f.Rule] = f.Related
				}
			}
			if !reflect.DeepEqual(got, wantRelated) {
				t.Errorf("related places\n got %+v\nwant %+v", got, wantRelated)
			}
		})
	}
}

// TestRelatedInformationInTheEditor: the editor shows the related places of Go findings as
// relatedInformation, in UTF-16 columns, in the file they name.
func TestRelatedInformationInTheEditor(t *testing.T) {
	c := startSession(t, relatedModule)
	for _, file := range []string{"store/store.go", "api/api.go"} {
		c.open(file, "go", relatedModule[file])
	}
	related := func(rule string) []DiagnosticRelatedInformation {
		r := wantRelated[rule][0]
		content := []byte(relatedModule[r.Position.File])
		ls := lineStarts(content)
		return []DiagnosticRelatedInformation{{Message: r.Message, Location: Location{URI: c.uri(r.Position.File), Range: Range{
			Start: position(content, ls, r.Position.Line, r.Position.Column), End: position(content, ls, r.Position.EndLine, r.Position.EndColumn)}}}}
	}
	want := map[string][]DiagnosticRelatedInformation{"TV1005": related("TV1005"), "TV4001": related("TV4001")}
	// "/* é */ " is 9 bytes and 8 UTF-16 units: the claim's column differs between the two.
	if got := want["TV4001"][0].Location.Range.Start; got != (Position{Line: 10, Character: 16}) {
		t.Fatalf("the test's own conversion: %+v", got)
	}
	c.waitFor(fmt.Sprintf("the related places %+v", want), func() bool {
		got := map[string][]DiagnosticRelatedInformation{}
		for _, file := range []string{"store/store.go", "api/api.go"} {
			for _, d := range c.diags[c.uri(file)] {
				if _, ok := want[d.Code]; ok {
					got[d.Code] = d.RelatedInformation
				}
			}
		}
		return reflect.DeepEqual(got, want)
	})
}
