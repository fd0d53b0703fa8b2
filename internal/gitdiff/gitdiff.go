// Package gitdiff answers which lines of a working tree are new since a git revision: the lines
// `git diff REV` adds or changes, and every line of a file git does not track yet. Drivers use
// it for -new-from-rev and -new-from-merge-base, so a pull request is judged by the code it adds.
package gitdiff

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// Changes is the set of new lines of a working tree, by file.
type Changes struct {
	root  string                  // the work tree's top-level directory
	files map[string]map[int]bool // slash path relative to root -> new lines
	whole map[string]bool         // untracked files: every line is new
}

// Since returns the lines that the working tree of the repository holding dir adds or changes
// relative to rev (committed, staged and unstaged changes, and untracked files).
func Since(dir, rev string) (*Changes, error) {
	root, err := git(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, err
	}
	c := &Changes{root: filepath.Clean(strings.TrimSpace(string(root))), files: map[string]map[int]bool{}, whole: map[string]bool{}}
	if _, err := git(dir, "rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
		return nil, fmt.Errorf("git: %q is not a commit of the repository at %s", rev, c.root)
	}
	out, err := git(c.root, "-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff", "--no-textconv",
		"--find-renames", "--unified=0", "--src-prefix=a/", "--dst-prefix=b/", rev, "--")
	if err != nil {
		return nil, err
	}
	if err := c.parse(out); err != nil {
		return nil, err
	}
	untracked, err := git(c.root, "ls-files", "--others", "--exclude-standard", "-z")
	if err != nil {
		return nil, err
	}
	for _, f := range strings.Split(string(untracked), "\x00") {
		if f != "" {
			c.whole[f] = true
		}
	}
	return c, nil
}

// SinceMergeBase is Since from the merge base of rev and HEAD: on a pull request branch, the
// lines the branch adds, whatever happened on rev since the branch started.
func SinceMergeBase(dir, rev string) (*Changes, error) {
	base, err := git(dir, "merge-base", rev, "HEAD")
	if err != nil {
		return nil, fmt.Errorf("git: no merge base of %s and HEAD: %w", rev, err)
	}
	return Since(dir, strings.TrimSpace(string(base)))
}

// Contains reports whether line of file is new. file is absolute or relative to dir.
func (c *Changes) Contains(dir, file string, line int) bool {
	if !filepath.IsAbs(file) {
		file = filepath.Join(dir, file)
	}
	rel, err := filepath.Rel(c.root, file)
	if err != nil || strings.HasPrefix(filepath.ToSlash(rel), "../") {
		// A work tree reached through a symbolic link: git names the resolved directory.
		real, e := filepath.EvalSymlinks(file)
		if e != nil {
			return false
		}
		if rel, err = filepath.Rel(c.root, real); err != nil {
			return false
		}
	}
	rel = filepath.ToSlash(rel)
	return c.whole[rel] || c.files[rel][line]
}

// parse reads `git diff --unified=0` output: each "+++ b/FILE" names the new side of a file and
// each "@@ -a,b +c,d @@" hunk adds or changes lines c to c+d-1 of it.
func (c *Changes) parse(out []byte) error {
	var cur map[int]bool
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "+++ "):
			// git ends a name holding a space with a tab, as GNU diff does.
			name := strings.TrimSuffix(strings.TrimPrefix(line, "+++ "), "\t")
			if name == "/dev/null" {
				cur = nil
				continue
			}
			if strings.HasPrefix(name, `"`) {
				if u, err := strconv.Unquote(name); err == nil {
					name = u
				}
			}
			name = strings.TrimPrefix(name, "b/")
			cur = map[int]bool{}
			c.files[name] = cur
		case strings.HasPrefix(line, "@@ ") && cur != nil:
			start, n, err := newRange(line)
			if err != nil {
				return fmt.Errorf("git diff: %w", err)
			}
			for l := start; l < start+n; l++ {
				cur[l] = true
			}
		}
	}
	return sc.Err()
}

// newRange parses the "+c,d" part of a hunk header; d is 1 when omitted.
func newRange(header string) (start, n int, err error) {
	fields := strings.Fields(header)
	if len(fields) < 3 || !strings.HasPrefix(fields[2], "+") {
		return 0, 0, fmt.Errorf("malformed hunk header %q", header)
	}
	s, count, found := strings.Cut(fields[2][1:], ",")
	start, err = strconv.Atoi(s)
	if err != nil {
		return 0, 0, fmt.Errorf("malformed hunk header %q", header)
	}
	n = 1
	if found {
		if n, err = strconv.Atoi(count); err != nil {
			return 0, 0, fmt.Errorf("malformed hunk header %q", header)
		}
	}
	return start, n, nil
}

func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", args[0], msg)
	}
	return out, nil
}
