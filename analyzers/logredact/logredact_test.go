package logredact_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tenantvet/tenantvet/analyzers/logredact"
)

// TestAnalyzer runs every case package in one load (loading net/http once keeps the suite fast):
// slogcases (keys, attrs, secrets read by name, whole requests), logcases (log and fmt printing,
// printf keys), zapcases, zerologcases, logruscases, bodycases (request bodies through SSA),
// conncases (connection strings, URLs with user info), structcases (structs with secret fields,
// LogValuer and other redacting methods) and safecases (loggers built on safelog.NewHandler).
// Every positive case has a negative twin in the same package.
func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), logredact.Analyzer,
		"slogcases", "logcases", "zapcases", "zerologcases", "logruscases",
		"bodycases", "conncases", "structcases", "safecases")
}

// TestBodyFacts: bodyhelp's functions return the request body (facts, gin GetRawData and
// ShouldBindJSON included); bodyuse logs their results, and the length or one field as twins.
func TestBodyFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), logredact.Analyzer, "bodyhelp", "bodyuse")
}

// TestMessageBodies: the bodies of queue, stream and event messages (asynq, AMQP, NATS, Kafka,
// SQS, Lambda events, Pub/Sub, watermill) are TV3003 like request bodies, also when a helper in
// another package returns them.
func TestMessageBodies(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), logredact.Analyzer, "msghelp", "msgcases")
}

func TestFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), logredact.Analyzer, "fixcases")
}

func TestFlags(t *testing.T) {
	set := func(name, value string) {
		t.Helper()
		f := logredact.Analyzer.Flags.Lookup(name)
		old := f.Value.String()
		if err := f.Value.Set(value); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = f.Value.Set(old) })
	}
	set("sensitive-keys", "ssn")
	set("safe-keys", "token_kind")
	set("log-functions", "flagcases.Audit,flagcases.Event:2")
	analysistest.Run(t, analysistest.TestData(), logredact.Analyzer, "flagcases")
}

func TestBadLogFunctions(t *testing.T) {
	f := logredact.Analyzer.Flags.Lookup("log-functions")
	old := f.Value.String()
	t.Cleanup(func() { _ = f.Value.Set(old) })
	if err := f.Value.Set("nodot"); err != nil {
		t.Fatal(err)
	}
	results := analysistest.Run(&errorRecorder{T: t}, analysistest.TestData(), logredact.Analyzer, "flagcases")
	for _, r := range results {
		if r.Err == nil {
			t.Errorf("analysis of %s succeeded with log-functions=nodot, want an error", r.Pass.Pkg.Path())
		}
	}
}

// errorRecorder swallows the errors analysistest reports, so a test can inspect the results.
type errorRecorder struct{ *testing.T }

func (e *errorRecorder) Errorf(format string, args ...any) {}
