package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/tenantvet/tenantvet/internal/report"
)

// The adoption tests build a temporary git repository holding a copy of the example service and
// run the binary on it as a team adopting tenantvet would: record a baseline, gate only on new
// code, and switch rules off and on.

func gitIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t",
		"GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// exampleRepo copies testdata/example into a new git repository with one commit and returns the
// leaky twin's directory in it.
func exampleRepo(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	copyTree(t, filepath.Join(exampleDir(t, "leaky"), ".."), root)
	gitIn(t, root, "init", "-q", "-b", "main")
	gitIn(t, root, "add", "-A")
	gitIn(t, root, "commit", "-qm", "base")
	return filepath.Join(root, "leaky")
}

func editFile(t *testing.T, path string, edit func(string) string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(edit(string(data))), 0o644); err != nil {
		t.Fatal(err)
	}
}

// newGoLeak is an unscoped query appended to the example's store.
const newGoLeak = `
// CountNotes counts notes on the shared pool: every tenant's.
func (s *Store) CountNotes(ctx context.Context) (int, error) {
	var n int
	err := s.Pool.QueryRow(ctx, "SELECT count(*) FROM notes").Scan(&n)
	return n, err
}
`

// newSQLLeak is a migration adding a tenant table without row level security.
const newSQLLeak = `CREATE TABLE reminders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  note_id uuid NOT NULL
);
CREATE INDEX reminders_tenant_idx ON reminders (tenant_id, id);
`

// insertAbove adds comment lines after a file's first line, above every old finding.
func insertAbove(comment string) func(string) string {
	return func(s string) string {
		first, rest, _ := strings.Cut(s, "\n")
		return first + "\n" + strings.Repeat(comment+" inserted above the old findings\n", 3) + rest
	}
}

// findingLines returns the finding lines of text output, without the related places indented
// under them.
func findingLines(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if l != "" && !strings.HasPrefix(l, "\t") {
			lines = append(lines, l)
		}
	}
	return lines
}

func TestBaselineHidesOldFindingsAndShowsNewLeak(t *testing.T) {
	dir := exampleRepo(t)
	env := freshCache(t)
	base := filepath.Join(dir, ".tenantvet-baseline.json")

	before := runIn(t, dir, env, binary, "./...")
	beforeSQL := runIn(t, dir, env, binary, "sql")
	if before.code != exitFindings || beforeSQL.code != exitFindings {
		t.Fatalf("the leaky example must have findings: %d %d", before.code, beforeSQL.code)
	}
	w := runIn(t, dir, env, binary, "-baseline-write", base, "./...")
	ws := runIn(t, dir, env, binary, "sql", "-baseline-write", base)
	if w.code != exitClean || w.stdout != "" || ws.code != exitClean || ws.stdout != "" {
		t.Fatalf("-baseline-write must accept what it records: %d %q %s / %d %q %s", w.code, w.stdout, w.stderr, ws.code, ws.stdout, ws.stderr)
	}
	var b report.Baseline
	data, _ := os.ReadFile(base)
	if err := json.Unmarshal(data, &b); err != nil {
		t.Fatal(err)
	}
	if len(b.Go) == 0 || len(b.SQL) == 0 {
		t.Fatalf("baseline sections: %d Go, %d SQL entries", len(b.Go), len(b.SQL))
	}
	// Writing again from the same tree gives the same bytes: the file is stable.
	runIn(t, dir, env, binary, "-baseline-write", base, "./...")
	if again, _ := os.ReadFile(base); string(again) != string(data) {
		t.Error("rewriting the baseline from an unchanged tree changed it")
	}

	for _, args := range [][]string{{"./..."}, {"sql"}} {
		r := runIn(t, dir, env, binary, append([]string{"-baseline", base}, args...)...)
		if args[0] == "sql" {
			r = runIn(t, dir, env, binary, "sql", "-baseline", base)
		}
		if r.code != exitClean || r.stdout != "" || strings.Contains(r.stderr, "no longer occur") {
			t.Errorf("%v with the baseline: exit %d, want 0 and no findings:\n%s\n%s", args, r.code, r.stdout, r.stderr)
		}
	}

	// Insert lines above every old finding, and add one new leak in Go and one in SQL.
	store := filepath.Join(dir, "internal", "store", "store.go")
	editFile(t, store, insertAbove("//"))
	editFile(t, store, func(s string) string { return s + newGoLeak })
	for _, m := range []string{"0001_init.up.sql", "0002_ai_and_audit.up.sql"} {
		editFile(t, filepath.Join(dir, "migrations", m), insertAbove("--"))
	}
	editFile(t, filepath.Join(dir, "internal", "logging", "logging.go"), insertAbove("//"))
	if err := os.WriteFile(filepath.Join(dir, "migrations", "0004_reminders.up.sql"), []byte(newSQLLeak), 0o644); err != nil {
		t.Fatal(err)
	}

	r := runIn(t, dir, env, binary, "-baseline", base, "./...")
	lines := findingLines(r.stdout)
	if r.code != exitFindings || len(lines) != 1 || !regexp.MustCompile(`^internal/store/store.go:\d+:\d+: sqlscope: query on \*pgxpool.Pool outside a tenant scope.*\(TV1001\)$`).MatchString(lines[0]) {
		t.Errorf("Go with the baseline after the edit: exit %d, want 1 and only the new leak:\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stderr, "no longer occur") {
		t.Errorf("inserting lines resurrected or lost baseline entries:\n%s", r.stderr)
	}
	rs := runIn(t, dir, env, binary, "sql", "-baseline", base)
	lines = findingLines(rs.stdout)
	if rs.code != exitFindings || len(lines) == 0 {
		t.Fatalf("SQL with the baseline after the edit: exit %d, want the new migration's findings:\n%s\n%s", rs.code, rs.stdout, rs.stderr)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "migrations/0004_reminders.up.sql:") {
			t.Errorf("an old SQL finding came back: %s", l)
		}
	}
	if !strings.Contains(rs.stdout, "(TV5004)") {
		t.Errorf("the new table's missing RLS is not reported:\n%s", rs.stdout)
	}

	// JSON keeps the accepted findings, marked as suppressed by the baseline.
	js := runIn(t, dir, env, binary, "-baseline", base, "-format", "json", "./...")
	var rep report.JSONReport
	if err := json.Unmarshal([]byte(js.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	external := 0
	for _, f := range rep.Findings {
		if f.Suppressed != nil && f.Suppressed.Kind == "external" {
			external++
		}
	}
	if external != len(findingLines(before.stdout)) {
		t.Errorf("%d findings suppressed by the baseline in JSON, want the %d old ones", external, len(findingLines(before.stdout)))
	}

	// Fixing an old leak makes its entry stale: it is listed so the baseline can shrink.
	editFile(t, filepath.Join(dir, "internal", "store", "keys.go"), func(s string) string {
		return strings.Replace(s, `"SELECT id, name FROM api_keys ORDER BY "+order`, `"SELECT id, name FROM api_keys ORDER BY name"`, 1)
	})
	st := runIn(t, dir, env, binary, "-baseline", base, "./...")
	if !strings.Contains(st.stderr, "1 entries no longer occur") || !strings.Contains(st.stderr, "SortedKeys") {
		t.Errorf("a fixed finding's baseline entry is not listed as stale:\n%s", st.stderr)
	}
}

func TestNewFromRevShowsOnlyTheLastCommitsLeak(t *testing.T) {
	dir := exampleRepo(t)
	env := freshCache(t)
	root := filepath.Dir(dir)
	editFile(t, filepath.Join(dir, "internal", "store", "store.go"), func(s string) string { return s + newGoLeak })
	if err := os.WriteFile(filepath.Join(dir, "migrations", "0004_reminders.up.sql"), []byte(newSQLLeak), 0o644); err != nil {
		t.Fatal(err)
	}
	gitIn(t, root, "add", "-A")
	gitIn(t, root, "commit", "-qm", "leak")

	r := runIn(t, dir, env, binary, "-new-from-rev", "HEAD~1", "./...")
	lines := findingLines(r.stdout)
	if r.code != exitFindings || len(lines) != 1 || !strings.Contains(lines[0], "internal/store/store.go:") || !strings.Contains(lines[0], "(TV1001)") {
		t.Errorf("-new-from-rev HEAD~1: exit %d, want only the new Go leak:\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	rs := runIn(t, dir, env, binary, "sql", "-new-from-rev", "HEAD~1")
	lines = findingLines(rs.stdout)
	if rs.code != exitFindings || len(lines) == 0 {
		t.Fatalf("sql -new-from-rev HEAD~1: exit %d:\n%s\n%s", rs.code, rs.stdout, rs.stderr)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "migrations/0004_reminders.up.sql:") {
			t.Errorf("an old migration's finding is reported as new: %s", l)
		}
	}
	// Against HEAD nothing is new; against the merge base with main (the same commit) neither.
	for _, args := range [][]string{{"-new-from-rev", "HEAD", "./..."}, {"sql", "-new-from-rev", "HEAD"}} {
		if r := runIn(t, dir, env, binary, args...); r.code != exitClean || r.stdout != "" {
			t.Errorf("%v: exit %d, want 0 and nothing:\n%s%s", args, r.code, r.stdout, r.stderr)
		}
	}
	gitIn(t, root, "checkout", "-qb", "feature")
	editFile(t, filepath.Join(dir, "internal", "logging", "logging.go"), func(s string) string {
		return s + "\nfunc LogToken(token string) { slog.Info(\"login\", \"token\", token) }\n"
	})
	gitIn(t, root, "commit", "-qam", "feature leak")
	mb := runIn(t, dir, env, binary, "-new-from-merge-base", "main", "./...")
	if lines := findingLines(mb.stdout); mb.code != exitFindings || len(lines) != 1 || !strings.Contains(lines[0], "(TV3001)") {
		t.Errorf("-new-from-merge-base main: exit %d, want only the branch's leak:\n%s\n%s", mb.code, mb.stdout, mb.stderr)
	}
	if bad := runIn(t, dir, env, binary, "-new-from-rev", "no-such-rev", "./..."); bad.code != exitError || !strings.Contains(bad.stderr, "no-such-rev") {
		t.Errorf("unknown revision: exit %d, stderr %q", bad.code, bad.stderr)
	}
}

// TestNewFromRevCountsTheCausingMigration checks that a finding positioned in an old migration
// but caused by a new one (an ALTER TABLE that makes an old table tenant-owned) is new, and that
// a new NO FORCE on an old table is reported at the new statement.
func TestNewFromRevCountsTheCausingMigration(t *testing.T) {
	root := t.TempDir()
	migs := filepath.Join(root, "migrations")
	os.MkdirAll(migs, 0o755)
	old := `CREATE TABLE tenants (id uuid PRIMARY KEY);
CREATE TABLE widgets (
  id uuid PRIMARY KEY
);
CREATE TABLE gadgets (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id)
);
CREATE INDEX gadgets_tenant_idx ON gadgets (tenant_id, id);
ALTER TABLE gadgets ENABLE ROW LEVEL SECURITY;
ALTER TABLE gadgets FORCE ROW LEVEL SECURITY;
CREATE POLICY gadgets_isolation ON gadgets
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE TABLE legacy (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id)
);
CREATE INDEX legacy_tenant_idx ON legacy (tenant_id, id);
`
	os.WriteFile(filepath.Join(migs, "0001_init.up.sql"), []byte(old), 0o644)
	os.WriteFile(filepath.Join(root, ".tenantvet.yaml"), []byte("migrations: [migrations]\n"), 0o644)
	gitIn(t, root, "init", "-q", "-b", "main")
	gitIn(t, root, "add", "-A")
	gitIn(t, root, "commit", "-qm", "base")
	all := runIn(t, root, nil, binary, "sql")
	if !strings.Contains(all.stdout, "public.legacy") {
		t.Fatalf("the old table's finding is missing from a full run:\n%s", all.stdout)
	}
	os.WriteFile(filepath.Join(migs, "0002_widgets_tenant.up.sql"), []byte(`ALTER TABLE widgets ADD COLUMN tenant_id uuid NOT NULL REFERENCES tenants (id);
ALTER TABLE gadgets NO FORCE ROW LEVEL SECURITY;
`), 0o644)
	gitIn(t, root, "add", "-A")
	gitIn(t, root, "commit", "-qm", "widgets become tenant-owned")

	r := runIn(t, root, nil, binary, "sql", "-new-from-rev", "HEAD~1")
	if r.code != exitFindings {
		t.Fatalf("exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !regexp.MustCompile(`(?m)^migrations/0001_init.up.sql:2:1: sql: row level security is not enabled on tenant table public.widgets.*\(TV5004\)$`).MatchString(r.stdout) {
		t.Errorf("the old CREATE TABLE's finding caused by the new ALTER TABLE is not new:\n%s", r.stdout)
	}
	if !regexp.MustCompile(`(?m)^migrations/0002_widgets_tenant.up.sql:2:1: .*NO FORCE.*\(TV5006\)$`).MatchString(r.stdout) {
		t.Errorf("the new NO FORCE is not reported:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout, "public.legacy") {
		t.Errorf("an old table's finding is reported as new:\n%s", r.stdout)
	}
	js := runIn(t, root, nil, binary, "sql", "-new-from-rev", "HEAD~1", "-format", "json")
	var rep report.JSONReport
	json.Unmarshal([]byte(js.stdout), &rep)
	found := false
	for _, f := range rep.Findings {
		if f.Rule == "TV5004" && f.Cause != nil && f.Cause.File == "migrations/0002_widgets_tenant.up.sql" && f.Cause.Line == 1 && f.Context == "public.widgets" {
			found = true
		}
	}
	if !found {
		t.Errorf("the TV5004 finding does not carry its cause and object in JSON:\n%s", js.stdout)
	}
}

func TestChecksTurnRulesOffAndOn(t *testing.T) {
	dir := exampleRepo(t)
	env := freshCache(t)
	cfg := filepath.Join(dir, ".tenantvet.yaml")
	all := runIn(t, dir, env, binary, "./...")
	allSQL := runIn(t, dir, env, binary, "sql")
	for _, want := range []string{"(TV3001)", "(TV1001)"} {
		if !strings.Contains(all.stdout, want) {
			t.Fatalf("the example lacks %s", want)
		}
	}
	if !strings.Contains(allSQL.stdout, "(TV5010)") || !strings.Contains(allSQL.stdout, "(TV5005)") {
		t.Fatal("the example lacks TV5010 or TV5005")
	}
	editFile(t, cfg, func(s string) string {
		return s + "checks: [all, -TV5010, -logredact, -TV1001]\nseverity: {TV5005: note}\n"
	})
	off := runIn(t, dir, env, binary, "./...")
	offSQL := runIn(t, dir, env, binary, "sql", "-format", "json")
	if strings.Contains(off.stdout, "logredact") || strings.Contains(off.stdout, "(TV1001)") || !strings.Contains(off.stdout, "(TV1003)") {
		t.Errorf("checks did not turn logredact and TV1001 off (and only them):\n%s", off.stdout)
	}
	if strings.Contains(offSQL.stdout, `"TV5010"`) || !strings.Contains(offSQL.stdout, `"TV5011"`) {
		t.Errorf("checks did not turn TV5010 off in tenantvet sql:\n%s", offSQL.stdout)
	}
	if !regexp.MustCompile(`"rule": "TV5005",\s+"analyzer": "sql",\s+"severity": "note"`).MatchString(offSQL.stdout) {
		t.Errorf("the severity override of TV5005 is not applied:\n%s", offSQL.stdout)
	}
	// Under go vet the analyzers read the same setting from the file.
	vet := runIn(t, dir, []string{"GOFLAGS=-count=1"}, "go", "vet", "-vettool="+binary, "./...")
	if strings.Contains(vet.stderr, "(TV3001)") || strings.Contains(vet.stderr, "(TV1001)") || !strings.Contains(vet.stderr, "(TV1003)") {
		t.Errorf("go vet did not honour checks:\n%s", vet.stderr)
	}
	// A flag turns a rule back on; the command line wins over the file.
	on := runIn(t, dir, env, binary, "-checks=all,-TV5010", "./...")
	if !strings.Contains(on.stdout, "(TV3001)") || !strings.Contains(on.stdout, "(TV1001)") {
		t.Errorf("-checks=all did not turn the rules back on:\n%s", on.stdout)
	}
	only := runIn(t, dir, env, binary, "sql", "-checks=TV5010")
	for _, l := range findingLines(only.stdout) {
		if !strings.HasSuffix(l, "(TV5010)") {
			t.Errorf("sql -checks=TV5010 reported another rule: %s", l)
		}
	}
	if len(findingLines(only.stdout)) == 0 {
		t.Error("sql -checks=TV5010 reported nothing")
	}

	// An unknown id fails with its position in the file, in every driver.
	editFile(t, cfg, func(s string) string {
		return strings.Replace(s, "checks: [all, -TV5010, -logredact, -TV1001]", "checks: [all, -TV5010, -TV9999]", 1)
	})
	line := strings.Count(strings.Split(mustRead(t, cfg), "checks:")[0], "\n") + 1
	want := regexp.MustCompile(regexp.QuoteMeta(cfg) + `:` + strconv.Itoa(line) + `:24: checks: unknown rule or analyzer "TV9999"`)
	for _, args := range [][]string{{"./..."}, {"sql"}} {
		r := runIn(t, dir, env, binary, args...)
		if r.code != exitError || !want.MatchString(r.stderr) {
			t.Errorf("%v with an unknown id: exit %d, stderr %q, want 2 and %s", args, r.code, r.stderr, want)
		}
	}
	vetBad := runIn(t, dir, []string{"GOFLAGS=-count=1"}, "go", "vet", "-vettool="+binary, "./...")
	// go vet prints the file relative to the package directory.
	if vetWant := regexp.MustCompile(`\.tenantvet\.yaml:` + strconv.Itoa(line) + `:24: checks: unknown rule or analyzer "TV9999"`); vetBad.code == 0 || !vetWant.MatchString(vetBad.stderr) {
		t.Errorf("go vet with an unknown id: exit %d, stderr %q", vetBad.code, vetBad.stderr)
	}
	if r := runIn(t, dir, env, binary, "-config", filepath.Join(exampleDir(t, "leaky"), ".tenantvet.yaml"), "-checks=-TV9998", "./..."); r.code != exitError || !strings.Contains(r.stderr, `"TV9998"`) {
		t.Errorf("-checks with an unknown id: exit %d, stderr %q", r.code, r.stderr)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestCIFormatsEndToEnd(t *testing.T) {
	dir := exampleDir(t, "leaky")
	env := freshCache(t)
	text := runIn(t, dir, env, binary, "sql")
	for _, format := range []string{"github", "checkstyle", "junit"} {
		r := runIn(t, dir, env, binary, "sql", "-format", format)
		if r.code != text.code {
			t.Errorf("-format %s exit code %d, want the text format's %d", format, r.code, text.code)
		}
		if format == "github" {
			if n, want := len(findingLines(r.stdout)), len(findingLines(text.stdout)); n != want {
				t.Errorf("-format github printed %d commands, want %d", n, want)
			}
			if !regexp.MustCompile(`(?m)^::error file=migrations/0001_init.up.sql,line=\d+,col=\d+,title=TV5005::row level security is not forced`).MatchString(r.stdout) {
				t.Errorf("-format github lacks the TV5005 annotation:\n%s", r.stdout)
			}
		}
	}
	fixed := runIn(t, exampleDir(t, "fixed"), env, binary, "-format", "github", "./...")
	if fixed.code != exitClean || fixed.stdout != "" {
		t.Errorf("fixed twin with -format github: exit %d\n%s", fixed.code, fixed.stdout)
	}
}

// TestActionScript runs the GitHub Action's check step, as the runner would, on a repository
// whose last commit adds a leak: it annotates only that leak and reports exit code 1.
func TestActionScript(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Runs struct {
			Using string
			Steps []struct {
				ID  string `yaml:"id"`
				Run string `yaml:"run"`
			}
		}
	}
	if err := yaml.Unmarshal(data, &action); err != nil {
		t.Fatal(err)
	}
	if action.Runs.Using != "composite" {
		t.Fatalf("action runs %q, want composite", action.Runs.Using)
	}
	var script string
	for _, s := range action.Runs.Steps {
		if s.ID == "check" {
			script = s.Run
		}
	}
	if script == "" {
		t.Fatal("action.yml has no step with id check")
	}
	dir := exampleRepo(t)
	editFile(t, filepath.Join(dir, "internal", "store", "store.go"), func(s string) string { return s + newGoLeak })
	gitIn(t, filepath.Dir(dir), "commit", "-qam", "leak")
	bin := t.TempDir()
	if err := os.Symlink(binary, filepath.Join(bin, "tenantvet")); err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	out := filepath.Join(tmp, "output")
	env := append(freshCache(t), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "GITHUB_OUTPUT="+out, "RUNNER_TEMP="+tmp,
		"TV_PACKAGES=./...", "TV_SQL=true", "TV_REV=HEAD~1", "TV_BASELINE=", "TV_ARGS=-checks=all", "TV_SARIF=true")
	r := runIn(t, dir, env, "bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
	if r.code != 0 {
		t.Fatalf("the check step failed (%d):\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	lines := findingLines(r.stdout)
	if len(lines) != 1 || !regexp.MustCompile(`^::error file=internal/store/store.go,line=\d+,col=\d+,.*title=TV1001::query on \*pgxpool.Pool`).MatchString(lines[0]) {
		t.Errorf("annotations = %q, want only the new leak", lines)
	}
	if got := mustRead(t, out); got != "exit-code=1\n" {
		t.Errorf("step output %q, want exit-code=1", got)
	}
	for _, f := range []string{"tenantvet-go.sarif", "tenantvet-sql.sarif"} {
		if _, err := os.Stat(filepath.Join(tmp, f)); err != nil {
			t.Errorf("SARIF for upload not written: %v", err)
		}
	}
}
