package gitdiff

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func run(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t",
		"GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestSinceMarksAddedChangedAndUntrackedLines(t *testing.T) {
	dir := t.TempDir()
	run(t, dir, "init", "-q", "-b", "main")
	write(t, dir, "a.go", "one\ntwo\nthree\nfour\n")
	write(t, dir, "sub dir/b.sql", "x\ny\n")
	write(t, dir, "gone.go", "g\n")
	write(t, dir, "moved.go", "m1\nm2\n")
	run(t, dir, "add", "-A")
	run(t, dir, "commit", "-qm", "base")
	base := run(t, dir, "rev-parse", "HEAD")

	write(t, dir, "a.go", "zero\none\nTWO\nthree\n") // insert line 1, change line 3, delete "four"
	run(t, dir, "commit", "-qam", "edit")
	write(t, dir, "sub dir/b.sql", "x\ny\nz\n") // unstaged: line 3 added
	os.Remove(filepath.Join(dir, "gone.go"))
	run(t, dir, "mv", "moved.go", "renamed.go")
	write(t, dir, "new.go", "n1\nn2\n") // untracked

	c, err := Since(dir, base)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		file string
		line int
		want bool
	}{
		{"a.go", 1, true}, {"a.go", 2, false}, {"a.go", 3, true}, {"a.go", 4, false},
		{"sub dir/b.sql", 1, false}, {"sub dir/b.sql", 3, true},
		{"new.go", 1, true}, {"new.go", 2, true},
		{"renamed.go", 1, false}, // a pure rename adds no line
		{filepath.Join(dir, "a.go"), 3, true},
	}
	for _, tc := range cases {
		if got := c.Contains(dir, tc.file, tc.line); got != tc.want {
			t.Errorf("Contains(%s, %d) = %v, want %v", tc.file, tc.line, got, tc.want)
		}
	}
	// From a subdirectory, relative names are relative to it.
	if !c.Contains(filepath.Join(dir, "sub dir"), "b.sql", 3) {
		t.Error("Contains from a subdirectory missed b.sql:3")
	}

	head, err := Since(dir, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	if head.Contains(dir, "a.go", 1) || !head.Contains(dir, "sub dir/b.sql", 3) {
		t.Error("Since(HEAD) must hold only the uncommitted changes")
	}
}

func TestSinceMergeBase(t *testing.T) {
	dir := t.TempDir()
	run(t, dir, "init", "-q", "-b", "main")
	write(t, dir, "a.go", "one\n")
	run(t, dir, "add", "-A")
	run(t, dir, "commit", "-qm", "base")
	run(t, dir, "checkout", "-qb", "feature")
	write(t, dir, "a.go", "one\nfeature\n")
	run(t, dir, "commit", "-qam", "feature")
	run(t, dir, "checkout", "-q", "main")
	write(t, dir, "main.go", "main only\n")
	run(t, dir, "add", "-A")
	run(t, dir, "commit", "-qm", "main moves on")
	run(t, dir, "checkout", "-q", "feature")

	c, err := SinceMergeBase(dir, "main")
	if err != nil {
		t.Fatal(err)
	}
	if !c.Contains(dir, "a.go", 2) || c.Contains(dir, "a.go", 1) {
		t.Error("merge base diff lacks the branch's line or has an old one")
	}
	// Against main itself, main's own new file would count as deleted, never as new lines here.
	if c.Contains(dir, "main.go", 1) {
		t.Error("a file added on main after the branch point counted as new on the branch")
	}
}

func TestSinceErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Since(dir, "HEAD"); err == nil || !strings.Contains(err.Error(), "git") {
		t.Errorf("outside a repository: err = %v", err)
	}
	run(t, dir, "init", "-q", "-b", "main")
	write(t, dir, "a.go", "one\n")
	run(t, dir, "add", "-A")
	run(t, dir, "commit", "-qm", "base")
	if _, err := Since(dir, "no-such-rev"); err == nil || !strings.Contains(err.Error(), `"no-such-rev" is not a commit`) {
		t.Errorf("unknown revision: err = %v", err)
	}
}

func TestNewRange(t *testing.T) {
	for _, c := range []struct {
		h        string
		start, n int
	}{{"@@ -1,0 +2,3 @@", 2, 3}, {"@@ -5 +5 @@ func x()", 5, 1}, {"@@ -3,2 +2,0 @@", 2, 0}} {
		s, n, err := newRange(c.h)
		if err != nil || s != c.start || n != c.n {
			t.Errorf("newRange(%q) = %d, %d, %v", c.h, s, n, err)
		}
	}
	if _, _, err := newRange("@@ garbage"); err == nil {
		t.Error("malformed header accepted")
	}
}
