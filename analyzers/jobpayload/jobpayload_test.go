package jobpayload_test

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tenantvet/tenantvet/analyzers/jobpayload"
)

func TestRiver(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), jobpayload.Analyzer, "riverjobs")
}

func TestAsynq(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), jobpayload.Analyzer, "asynqjobs")
}

func TestCrossPackage(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), jobpayload.Analyzer, "crossdef", "crossuse")
}

func TestFlags(t *testing.T) {
	set(t, "job-tenant-field", "OrgID")
	set(t, "job-enqueue", "flagged.Queue.Publish:1")
	set(t, "job-envelopes", "flagged.NewTenantMessage")
	set(t, "job-handlers", "flagged.Handlers.HandleInvoice,flagged.Handlers.HandleReminder")
	set(t, "global-tables", "plans,countries")
	analysistest.Run(t, analysistest.TestData(), jobpayload.Analyzer, "flagged")
}

// TestSchemaGlobals: with migrations configured, the tables the schema does not make
// tenant-owned are global without listing them in -global-tables; the findings are those of
// TestFlags.
func TestSchemaGlobals(t *testing.T) {
	set(t, "job-tenant-field", "OrgID")
	set(t, "job-enqueue", "flagged.Queue.Publish:1")
	set(t, "job-envelopes", "flagged.NewTenantMessage")
	set(t, "job-handlers", "flagged.Handlers.HandleInvoice,flagged.Handlers.HandleReminder")
	set(t, "migrations", filepath.Join(analysistest.TestData(), "migrations"))
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	analysistest.Run(t, analysistest.TestData(), jobpayload.Analyzer, "flagged")
}

func TestBadFlag(t *testing.T) {
	set(t, "job-enqueue", "nodots")
	res := analysistest.Run(fakeT{t}, analysistest.TestData(), jobpayload.Analyzer, "crossdef")
	// The bad value fails the run of the first package analysed, a dependency of crossdef, so the
	// root reports failed prerequisites.
	for _, r := range res {
		if r.Err != nil && (strings.Contains(r.Err.Error(), "job-enqueue") || strings.Contains(r.Err.Error(), "failed prerequisites")) {
			return
		}
	}
	t.Fatalf("bad -job-enqueue value accepted")
}

// set sets an analyzer flag for one test and restores it afterwards.
func set(t *testing.T, name, value string) {
	t.Helper()
	f := jobpayload.Analyzer.Flags.Lookup(name)
	if f == nil {
		t.Fatalf("no flag %s", name)
	}
	old := f.Value.String()
	if err := f.Value.Set(value); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Value.Set(old) })
}

// fakeT swallows analysistest's errors for a run that is expected to fail.
type fakeT struct{ *testing.T }

func (fakeT) Errorf(string, ...any) {}
