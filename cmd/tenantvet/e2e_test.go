package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/tenantvet/tenantvet/analyzers/suite"
	"github.com/tenantvet/tenantvet/internal/report"
	"github.com/tenantvet/tenantvet/internal/rules"
)

// The end-to-end tests build the binary and run it, as a user would, on the example service in
// testdata/example: the leaky twin must produce exactly the golden findings and the fixed twin
// none, through the standalone driver and through go vet. UPDATE_GOLDEN=1 rewrites the goldens.

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tenantvet-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	binary = filepath.Join(dir, "tenantvet")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build tenantvet:", err)
		os.Exit(2)
	}
	if err := uniqueIdentity(binary); err != nil {
		fmt.Fprintln(os.Stderr, "build tenantvet:", err)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// uniqueIdentity appends a nonce to the built executable, which runs as before but hashes
// differently, so its go vet identity (-V=full folds in the executable's hash) is new to this
// test run. The go command caches a vet run's facts before it copies the tool's output to its
// own stdout; a run killed in between (a test timeout, a broken pipe) leaves a cache entry that
// replays as "no findings". With a fresh identity no earlier process's entry can answer.
func uniqueIdentity(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(f, "\x00tenantvet-e2e %d %d\n", os.Getpid(), time.Now().UnixNano()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func exampleDir(t *testing.T, twin string) string {
	t.Helper()
	d, err := filepath.Abs(filepath.Join("..", "..", "testdata", "example", twin))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

type result struct {
	stdout, stderr string
	code           int
}

func runIn(t *testing.T, dir string, env []string, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	if strings.Contains(stderr.String(), "goroutine ") && strings.Contains(stderr.String(), "panic") {
		t.Fatalf("%s %v printed a panic trace:\n%s", name, args, stderr.String())
	}
	return result{stdout.String(), stderr.String(), code}
}

func freshCache(t *testing.T) []string {
	return []string{"TENANTVET_CACHE=" + t.TempDir()}
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "example", "golden", name)
	if os.Getenv("UPDATE_GOLDEN") != "" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with UPDATE_GOLDEN=1 to create it): %v", err)
	}
	if got != string(want) {
		t.Errorf("%s: output differs from the golden file\n--- got ---\n%s--- want ---\n%s", name, got, want)
	}
}

func TestExampleStandalone(t *testing.T) {
	for _, c := range []struct {
		twin string
		code int
	}{{"leaky", exitFindings}, {"fixed", exitClean}} {
		t.Run(c.twin, func(t *testing.T) {
			r := runIn(t, exampleDir(t, c.twin), freshCache(t), binary, "./...")
			if r.code != c.code {
				t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, c.code, r.stdout, r.stderr)
			}
			checkGolden(t, c.twin+".txt", r.stdout)
			if c.twin == "fixed" && r.stdout != "" {
				t.Errorf("the fixed twin has findings:\n%s", r.stdout)
			}
		})
	}
}

// TestModularMatchesChecker runs both standalone drivers, the modular one (the default) and the
// go/analysis/checker one, on the leaky example, with JSON output so that suppressed findings
// and suggested fixes are compared too.
func TestModularMatchesChecker(t *testing.T) {
	dir := exampleDir(t, "leaky")
	modular := runIn(t, dir, append(freshCache(t), "TENANTVET_DRIVER=modular"), binary, "-no-cache", "-format", "json", "./...")
	checker := runIn(t, dir, append(freshCache(t), "TENANTVET_DRIVER=checker"), binary, "-no-cache", "-format", "json", "./...")
	if modular.code != exitFindings || checker.code != exitFindings {
		t.Fatalf("exit codes %d and %d, want %d\n%s\n%s", modular.code, checker.code, exitFindings, modular.stderr, checker.stderr)
	}
	if modular.stdout != checker.stdout {
		t.Errorf("the drivers disagree\n--- modular ---\n%s\n--- checker ---\n%s", modular.stdout, checker.stdout)
	}
}

// TestExampleLeakyCoversEveryRule: the leaky twin seeds a violation of every rule, in its Go code
// or in its migrations, except the rules listed here with the reason and the test that covers
// them instead.
func TestExampleLeakyCoversEveryRule(t *testing.T) {
	notSeeded := map[string]string{
		// The rule fires only when no policy uses the configured tenant column and setting; the
		// example uses the defaults throughout. TestSQLInferredSettings covers it end to end.
		"TV5022": "tenant-inferred",
		// Drift and the probe compare the migrations with a live database and read its rows:
		// static files cannot show either. sqlcheck/live's TestDrift and TestProbe cover them on
		// a real PostgreSQL.
		"TV5026": "schema-drift",
		"TV5027": "probe-failed",
		// The rule fires only when no table has row level security; the example enables it on
		// most tables to show the other rules. sqlcheck's TestRLSNowhere covers it.
		"TV5025": "rls-nowhere",
	}
	dir := exampleDir(t, "leaky")
	goRun := runIn(t, dir, freshCache(t), binary, "-format", "json", "./...")
	sqlRun := runIn(t, dir, nil, binary, "sql", "-format", "json")
	seen := map[string]bool{}
	for _, out := range []string{goRun.stdout, sqlRun.stdout} {
		var rep struct {
			Findings []struct {
				Rule       string
				Suppressed *struct{}
			}
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("bad JSON report: %v\n%s", err, out)
		}
		for _, f := range rep.Findings {
			seen[f.Rule] = true
		}
	}
	for _, r := range rules.All() {
		if _, ok := notSeeded[r.ID]; ok {
			if seen[r.ID] {
				t.Errorf("%s is seeded now: drop it from notSeeded", r.ID)
			}
			continue
		}
		if !seen[r.ID] {
			t.Errorf("the leaky example has no %s (%s) finding", r.ID, r.Name)
		}
	}
}

func TestExampleSQL(t *testing.T) {
	for _, c := range []struct {
		twin string
		code int
	}{{"leaky", exitFindings}, {"fixed", exitClean}} {
		t.Run(c.twin, func(t *testing.T) {
			r := runIn(t, exampleDir(t, c.twin), nil, binary, "sql")
			if r.code != c.code {
				t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, c.code, r.stdout, r.stderr)
			}
			checkGolden(t, c.twin+"-sql.txt", r.stdout)
		})
	}
}

// vetFindings normalises go vet output to "file:line:col: message (RULE)" lines, and the
// related places go vet prints after a finding ("file:line:col: \tmessage", as unitchecker
// does) to "related file:line:col: message" lines.
func vetFindings(dir, out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		related := strings.Contains(l, ": \t")
		l = strings.Replace(l, ": \t", ": ", 1)
		l = strings.TrimPrefix(l, "./")
		if strings.HasPrefix(l, dir+"/") {
			l = strings.TrimPrefix(l, dir+"/")
		}
		if related {
			l = "related " + l
		}
		lines = append(lines, l)
	}
	slices.Sort(lines)
	return slices.Compact(lines)
}

// standaloneFindings drops the analyzer name from standalone text lines, which go vet does not
// print, and turns the tab-indented related places into "related file:line:col: message" lines.
func standaloneFindings(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if l == "" {
			continue
		}
		if rest, ok := strings.CutPrefix(l, "\t"); ok {
			lines = append(lines, "related "+rest)
			continue
		}
		parts := strings.SplitN(l, ": ", 3)
		if len(parts) == 3 {
			l = parts[0] + ": " + parts[2]
		}
		lines = append(lines, l)
	}
	slices.Sort(lines)
	return slices.Compact(lines)
}

func TestExampleGoVetMatchesStandalone(t *testing.T) {
	for _, twin := range []string{"leaky", "fixed"} {
		t.Run(twin, func(t *testing.T) {
			dir := exampleDir(t, twin)
			std := runIn(t, dir, freshCache(t), binary, "./...")
			vet := runIn(t, dir, []string{"GOFLAGS=-count=1"}, "go", "vet", "-vettool="+binary, "./...")
			if twin == "fixed" && vet.code != 0 {
				t.Fatalf("go vet on the fixed twin exited %d:\n%s", vet.code, vet.stderr)
			}
			got, want := vetFindings(dir, vet.stderr), standaloneFindings(std.stdout)
			if !slices.Equal(got, want) {
				t.Errorf("go vet -vettool findings differ from the standalone driver's\n--- go vet ---\n%s\n--- standalone ---\n%s",
					strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// TestGoVetWithFlagsAlone runs every analyzer under unitchecker configured only by flags, with
// configuration discovery off (as Bazel nogo and golangci-lint run them), and expects the same
// findings as with the example's .tenantvet.yaml.
func TestGoVetWithFlagsAlone(t *testing.T) {
	dir := exampleDir(t, "leaky")
	withFile := runIn(t, dir, nil, "go", "vet", "-vettool="+binary, "./...")
	args := []string{"vet", "-vettool=" + binary}
	for _, a := range suite.Analyzers() {
		if a.Flags.Lookup("migrations") != nil {
			args = append(args, "-"+a.Name+".migrations="+filepath.Join(dir, "migrations"))
		}
		if a.Flags.Lookup("app-role") != nil {
			args = append(args, "-"+a.Name+".app-role=notes_app")
		}
	}
	args = append(args, "./...")
	// Through tenantvet's own unit driver, and through x/tools' unitchecker, the driver other
	// go/analysis tools (and Bazel's nogo, in its own way) build on.
	for _, env := range [][]string{{"TENANTVET_CONFIG=off"}, {"TENANTVET_CONFIG=off", "TENANTVET_UNITCHECKER=1"}} {
		flagsOnly := runIn(t, dir, env, "go", args...)
		if got, want := vetFindings(dir, flagsOnly.stderr), vetFindings(dir, withFile.stderr); !slices.Equal(got, want) || len(got) == 0 {
			t.Errorf("flags-only go vet run (%s) differs from the configured run\n--- flags ---\n%s\n--- config ---\n%s",
				strings.Join(env, " "), strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

func TestExampleJSONAndSARIF(t *testing.T) {
	dir := exampleDir(t, "leaky")
	js := runIn(t, dir, freshCache(t), binary, "-format", "json", "./...")
	var rep report.JSONReport
	if err := json.Unmarshal([]byte(js.stdout), &rep); err != nil {
		t.Fatalf("JSON output does not parse: %v\n%s", err, js.stdout)
	}
	if rep.Version != report.SchemaVersion || len(rep.Findings) == 0 {
		t.Errorf("JSON report version %d with %d findings", rep.Version, len(rep.Findings))
	}
	var suppressed int
	for _, f := range rep.Findings {
		if f.Rule == "" || f.Position.File == "" || f.Position.Line == 0 || f.Position.Column == 0 {
			t.Errorf("finding without rule or exact position: %+v", f)
		}
		if f.Suppressed != nil {
			suppressed++
			if f.Suppressed.Justification == "" {
				t.Errorf("suppressed finding without a justification: %+v", f)
			}
		}
	}
	if suppressed == 0 {
		t.Error("the leaky example has no suppressed finding in the JSON report")
	}
	for _, args := range [][]string{{"-format", "sarif", "./..."}, {"sql", "-format", "sarif"}} {
		sr := runIn(t, dir, freshCache(t), binary, args...)
		log, err := sarif.FromBytes([]byte(sr.stdout))
		if err != nil {
			t.Fatalf("%v: SARIF does not parse: %v", args, err)
		}
		if err := log.Validate(); err != nil {
			t.Errorf("%v: SARIF does not validate: %v", args, err)
		}
		if len(log.Runs) != 1 || len(log.Runs[0].Results) == 0 {
			t.Errorf("%v: SARIF has no results", args)
		}
	}
}

func TestCacheReusesAndInvalidates(t *testing.T) {
	// Copy the leaky example so an edit does not touch the repository.
	src := exampleDir(t, "leaky")
	root := t.TempDir()
	copyTree(t, filepath.Join(src, ".."), root)
	dir := filepath.Join(root, "leaky")
	env := freshCache(t)
	cold := runIn(t, dir, env, binary, "-stats", "./...")
	warm := runIn(t, dir, env, binary, "-stats", "./...")
	if cold.stdout != warm.stdout {
		t.Fatalf("cached run differs:\n%s\nvs\n%s", cold.stdout, warm.stdout)
	}
	if !strings.Contains(warm.stderr, " 0 analysed") {
		t.Errorf("nothing changed but packages were analysed again: %s", warm.stderr)
	}
	main := filepath.Join(dir, "cmd", "server", "main.go")
	data, err := os.ReadFile(main)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(main, append(data, []byte("\n// edited\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	edited := runIn(t, dir, env, binary, "-stats", "./...")
	if !strings.Contains(edited.stderr, " 1 analysed") {
		t.Errorf("after editing one leaf package: %s (want exactly 1 analysed)", edited.stderr)
	}
	if edited.stdout != cold.stdout {
		t.Errorf("findings changed after a comment edit:\n%s", edited.stdout)
	}
	// The edited package's dependencies were not type-checked and analysed again: their types
	// and facts came from the cache.
	if m := regexp.MustCompile(`types and facts of (\d+) dependencies reused`).FindStringSubmatch(edited.stderr); m == nil || m[1] == "0" {
		t.Errorf("after editing a leaf package, no dependency's types and facts were reused: %s", edited.stderr)
	}

	// Stored types and facts that do not decode are ignored: the packages are analysed again.
	units, _ := filepath.Glob(filepath.Join(strings.TrimPrefix(env[0], "TENANTVET_CACHE="), "*", "*.unit"))
	if len(units) == 0 {
		t.Fatal("no stored units")
	}
	for _, u := range units {
		if err := os.WriteFile(u, []byte("tvx1garbage!"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(main, append(data, []byte("\n// edited again\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	corrupt := runIn(t, dir, env, binary, "-stats", "./...")
	if corrupt.stdout != cold.stdout || !strings.Contains(corrupt.stderr, "types and facts of 0 dependencies reused") {
		t.Errorf("with corrupt stored units: %s\n%s", corrupt.stderr, corrupt.stdout)
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	// The copy's replace directive must still find this repository.
	gomod := filepath.Join(to, "go.mod")
	data, err := os.ReadFile(gomod)
	if err != nil {
		t.Fatal(err)
	}
	repo, _ := filepath.Abs(filepath.Join("..", ".."))
	data = bytes.Replace(data, []byte("=> ../.."), []byte("=> "+repo), 1)
	if err := os.WriteFile(gomod, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestErrorsAreClear(t *testing.T) {
	dir := exampleDir(t, "leaky")
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("tenant_columns: [tenant_id]\ntenant_colums: [org_id]\n"), 0o644)
	badSQL := filepath.Join(t.TempDir(), "0001_bad.up.sql")
	os.WriteFile(badSQL, []byte("CREATE TABLE ok (id int);\nCREATE TABLE é (id int,, x int);\n"), 0o644)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown config key", []string{"-config", bad, "./..."}, bad + ":2:1: tenant_colums: unknown key"},
		{"unknown config key in sql", []string{"sql", "-config", bad}, bad + ":2:1: tenant_colums: unknown key"},
		{"bad format", []string{"-format", "xml", "./..."}, `-format "xml" is not text, json, sarif, github, checkstyle or junit`},
		{"unknown analyzer", []string{"-enable", "nosuch", "./..."}, `unknown analyzer "nosuch"`},
		{"unknown flag", []string{"-nosuchflag"}, "flag provided but not defined"},
		{"unknown rule", []string{"explain", "TV9999"}, `unknown rule "TV9999"`},
		{"syntax error in migration", []string{"sql", badSQL}, badSQL + ":2:"},
		{"package does not load", []string{"./nosuchdir/..."}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runIn(t, dir, freshCache(t), binary, c.args...)
			if r.code != exitError {
				t.Errorf("exit code %d, want %d\nstdout: %s\nstderr: %s", r.code, exitError, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stderr, c.want) {
				t.Errorf("stderr %q does not contain %q", r.stderr, c.want)
			}
		})
	}
}

func TestRulesAndExplain(t *testing.T) {
	r := runIn(t, ".", nil, binary, "rules")
	if r.code != 0 || !strings.Contains(r.stdout, "TV0001") {
		t.Fatalf("rules: exit %d\n%s", r.code, r.stdout)
	}
	e := runIn(t, ".", nil, binary, "explain", "TV0001")
	if e.code != 0 || !strings.Contains(e.stdout, "## Bad") || !strings.Contains(e.stdout, "## Good") {
		t.Errorf("explain: exit %d\n%s", e.code, e.stdout)
	}
}
