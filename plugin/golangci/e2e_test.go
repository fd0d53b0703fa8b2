package golangci

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
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tenantvet/tenantvet/internal/report"
)

// golangciVersion is the golangci-lint release the end-to-end test builds: its x/tools must be
// the one tenantvet uses.
const golangciVersion = "v2.15.0"

// TestGolangciLintCustomBuild builds a custom golangci-lint as `golangci-lint custom` would (a
// copy of the golangci-lint module from the module cache, this plugin blank-imported into its
// main package, a replace directive pointing at this checkout), runs it on the example service
// and expects the command line's Go findings on the leaky twin, none on the fixed one, and
// //nolint:tenantvet to silence a line.
func TestGolangciLintCustomBuild(t *testing.T) {
	if testing.Short() && os.Getenv("CI") != "true" {
		t.Skip("builds golangci-lint: minutes")
	}
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	gcl := buildCustomGolangci(t, repo, work)

	tv := filepath.Join(work, "tenantvet")
	run(t, repo, nil, "go", "build", "-o", tv, "./cmd/tenantvet")

	example := filepath.Join(work, "example")
	copyExample(t, filepath.Join(repo, "testdata", "example"), example)
	// A //nolint:tenantvet on a line with findings silences them in golangci-lint only.
	const nolintFile, nolintLine = "internal/logging/logging.go", 18
	logging := filepath.Join(example, "leaky", nolintFile)
	src, err := os.ReadFile(logging)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	lines[nolintLine-1] += " //nolint:tenantvet // checked by the end-to-end test"
	if err := os.WriteFile(logging, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}

	cfg := filepath.Join(work, "golangci.yml")
	if err := os.WriteFile(cfg, []byte(`version: "2"
run:
  relative-path-mode: wd
linters:
  default: none
  enable: [tenantvet]
  settings:
    custom:
      tenantvet:
        type: module
        description: tenant isolation checks
issues:
  max-issues-per-linter: 0
  max-same-issues: 0
  uniq-by-line: false
`), 0o644); err != nil {
		t.Fatal(err)
	}
	env := []string{"GOLANGCI_LINT_CACHE=" + filepath.Join(work, "gcl-cache"), "TENANTVET_CACHE=" + filepath.Join(work, "tv-cache")}

	for _, twin := range []string{"leaky", "fixed"} {
		dir := filepath.Join(example, twin)
		out, _ := run(t, dir, env, gcl, "run", "--config", cfg, "--output.json.path=stdout", "./...")
		got := golangciFindings(t, out)
		// golangci-lint shows a finding's related places as issues of their own
		// ("headertrust(related information): ..."): they must be the CLI's related places.
		var gotRelated []string
		got = slices.DeleteFunc(got, func(l string) bool {
			if strings.Contains(l, "(related information): ") {
				gotRelated = append(gotRelated, l)
				return true
			}
			return false
		})
		jsonOut, _ := run(t, dir, env, tv, "-format", "json", "./...")
		var cli struct {
			Findings []report.Finding
		}
		if err := json.Unmarshal([]byte(jsonOut), &cli); err != nil {
			t.Fatalf("tenantvet -format json: %v\n%s", err, jsonOut)
		}
		var wantRelated []string
		for _, f := range cli.Findings {
			if f.Suppressed != nil || strings.HasPrefix(f.Position.File, nolintFile) && f.Position.Line == nolintLine {
				continue
			}
			for _, r := range f.Related {
				wantRelated = append(wantRelated, fmt.Sprintf("%s:%d:%d: %s(related information): %s", filepath.ToSlash(r.Position.File), r.Position.Line, r.Position.Column, f.Analyzer, r.Message))
			}
		}
		slices.Sort(gotRelated)
		slices.Sort(wantRelated)
		wantRelated = slices.Compact(wantRelated)
		gotRelated = slices.Compact(gotRelated)
		if !slices.Equal(gotRelated, wantRelated) {
			t.Errorf("%s: golangci-lint related places differ from the CLI's\n--- golangci-lint ---\n%s\n--- tenantvet ---\n%s",
				twin, strings.Join(gotRelated, "\n"), strings.Join(wantRelated, "\n"))
		}
		if twin == "leaky" && len(wantRelated) == 0 {
			t.Errorf("the leaky example's findings name no related place")
		}
		cliOut, _ := run(t, dir, env, tv, "./...")
		var want []string
		silenced := 0
		for _, l := range strings.Split(strings.TrimSpace(cliOut), "\n") {
			if l == "" || strings.HasPrefix(l, "\t") {
				continue // the related places the text output indents under a finding
			}
			if strings.HasPrefix(l, nolintFile+":"+itoa(nolintLine)+":") {
				silenced++
				continue
			}
			want = append(want, withoutAnalyzer(l))
		}
		slices.Sort(want)
		if twin == "leaky" && (len(want) < 20 || silenced == 0) {
			t.Fatalf("the leaky example should have many findings, some on %s:%d; the CLI gives:\n%s", nolintFile, nolintLine, cliOut)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: golangci-lint findings differ from the CLI's\n--- golangci-lint ---\n%s\n--- tenantvet ---\n%s",
				twin, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// buildCustomGolangci builds golangci-lint with the plugin and returns the binary.
func buildCustomGolangci(t *testing.T, repo, work string) string {
	t.Helper()
	out, _ := run(t, work, nil, "go", "mod", "download", "-json", "github.com/golangci/golangci-lint/v2@"+golangciVersion)
	var mod struct{ Dir, Error string }
	if err := json.Unmarshal([]byte(out), &mod); err != nil || mod.Dir == "" {
		t.Fatalf("go mod download golangci-lint: %v %s\n%s", err, mod.Error, out)
	}
	// A fixed directory, reused by later runs: the go command's build cache keys a main
	// module's packages by their directory, so a new directory each run would rebuild all of
	// golangci-lint (tens of minutes on two cores) instead of only what changed here.
	src := filepath.Join(os.TempDir(), "gclb", "src")
	if _, err := os.Stat(filepath.Join(src, "go.mod")); err != nil {
		os.RemoveAll(src)
		if err := os.CopyFS(src, os.DirFS(mod.Dir)); err != nil {
			t.Fatal(err)
		}
	}
	plugin := "// Code generated by the tenantvet end-to-end test, as golangci-lint custom does.\n\npackage main\n\nimport _ \"github.com/tenantvet/tenantvet/plugin/golangci\"\n"
	if err := os.WriteFile(filepath.Join(src, "cmd", "golangci-lint", "plugins.go"), []byte(plugin), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, src, nil, "go", "mod", "edit", "-require=github.com/tenantvet/tenantvet@v0.0.0", "-replace=github.com/tenantvet/tenantvet="+repo)
	bin := filepath.Join(work, "custom-gcl")
	start := time.Now()
	run(t, src, []string{"GOFLAGS=" + strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=mod")}, "go", "build", "-o", bin, "./cmd/golangci-lint")
	t.Logf("custom golangci-lint %s built in %v", golangciVersion, time.Since(start).Round(time.Second))
	return bin
}

// golangciFindings renders golangci-lint's JSON issues as the CLI's text lines
// ("file:line:col: analyzer: message (RULE)"), sorted.
func golangciFindings(t *testing.T, out string) []string {
	t.Helper()
	var rep struct {
		Issues []struct {
			FromLinter string
			Text       string
			Pos        struct {
				Filename     string
				Line, Column int
			}
		}
	}
	// The JSON report, then (on the same output) the text summary.
	if err := json.NewDecoder(strings.NewReader(out)).Decode(&rep); err != nil {
		t.Fatalf("golangci-lint JSON: %v\n%s", err, out)
	}
	var got []string
	for _, is := range rep.Issues {
		if is.FromLinter != "tenantvet" {
			t.Errorf("issue from linter %q: %s", is.FromLinter, is.Text)
		}
		got = append(got, withoutAnalyzer(filepath.ToSlash(is.Pos.Filename)+":"+itoa(is.Pos.Line)+":"+itoa(is.Pos.Column)+": "+is.Text))
	}
	slices.Sort(got)
	return got
}

// withoutAnalyzer drops the analyzer label of "file:line:col: analyzer: message (RULE)": the CLI
// names the rule's analyzer, golangci-lint the pass that reported it (an unused directive, TV0003,
// is reported by the pass whose rule it names). Position, message and rule id must match.
func withoutAnalyzer(l string) string {
	if m := analyzerLabel.FindStringSubmatchIndex(l); m != nil {
		return l[:m[2]] + l[m[3]:]
	}
	return l
}

var analyzerLabel = regexp.MustCompile(`^[^ ]+:\d+:\d+: ([a-z]+: )`)

func itoa(n int) string { return strconv.Itoa(n) }

// run runs a command in dir and returns its standard output and error; exit code 1 (findings)
// is not a failure, anything else is.
func run(t *testing.T, dir string, env []string, name string, args ...string) (string, string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 1) {
		t.Fatalf("%s %s: %v\n%s\n%s", name, strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String(), stderr.String()
}

// copyExample copies the example module and points its replace directive at this checkout.
func copyExample(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
	gomod := filepath.Join(to, "go.mod")
	data, err := os.ReadFile(gomod)
	if err != nil {
		t.Fatal(err)
	}
	repo, _ := filepath.Abs(filepath.Join(from, "..", ".."))
	data = bytes.Replace(data, []byte("=> ../.."), []byte("=> "+repo), 1)
	if err := os.WriteFile(gomod, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
