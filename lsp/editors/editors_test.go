package editors

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// A session runs one editor headless on one file of the leaky example and returns the lines its
// script wrote: "attached: NAME" per server on the buffer, then "line:col: CODE message" per
// tenantvet diagnostic, line and byte column as the editor itself places them.
type session struct {
	name    string
	program string
	// programEnv names the variable that holds the program's path, when the program is not the
	// one on PATH (scripts/editors.sh prints it).
	programEnv string
	args       []string // the script is the last argument
	gopls      bool     // gopls attaches to the same buffer
	sql        bool     // the editor is also tried on a migration
}

var sessions = []session{
	{name: "neovim", program: "nvim", args: []string{"--headless", "-u", "neovim.lua"}, sql: true},
	{name: "neovim+gopls", program: "nvim", args: []string{"--headless", "-u", "neovim.lua"}, gopls: true},
	// Neovim 0.11 and later, with docs/editors.md's vim.lsp.config/vim.lsp.enable setup: Neovim
	// chooses the servers from the file type and the root markers.
	{name: "neovim-0.11+", program: "nvim", programEnv: "TENANTVET_NVIM_NEW", args: []string{"--headless", "-u", "neovim011.lua"}, sql: true},
	{name: "neovim-0.11+/gopls", program: "nvim", programEnv: "TENANTVET_NVIM_NEW", args: []string{"--headless", "-u", "neovim011.lua"}, gopls: true},
	// eglot manages one server per buffer: tenantvet alone (docs/editors.md says so).
	{name: "eglot", program: "emacs", args: []string{"--batch", "-l", "eglot.el"}, sql: true},
	{name: "lsp-mode+gopls", program: "emacs", args: []string{"--batch", "-l", "lspmode.el"}, gopls: true, sql: true},
}

const (
	goFile  = "internal/store/keys.go"
	sqlFile = "migrations/0001_init.up.sql"
)

func TestEditorSessions(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", "..", "testdata", "example", "leaky"))
	if err != nil {
		t.Fatal(err)
	}
	testdata, _ := filepath.Abs("testdata")
	gopls := os.Getenv("TENANTVET_GOPLS")
	if gopls == "" {
		gopls, _ = exec.LookPath("gopls")
	}
	missing := func(what string) {
		t.Helper()
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing: scripts/editors.sh installs it (and prints TENANTVET_GOPLS)", what)
		}
		t.Skipf("%s is missing: run scripts/editors.sh", what)
	}
	bin := filepath.Join(t.TempDir(), "tenantvet")
	build := exec.Command("go", "build", "-o", bin, "github.com/tenantvet/tenantvet/cmd/tenantvet")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cache := t.TempDir()
	env := append(os.Environ(), "TENANTVET_CACHE="+cache)

	want := map[string][]string{
		goFile:  cliFindings(t, root, env, bin, goFile, "-format", "json", "./..."),
		sqlFile: cliFindings(t, root, env, bin, sqlFile, "sql", "-format", "json"),
	}
	for f, w := range want {
		if len(w) == 0 {
			t.Fatalf("the CLI reports nothing for %s: the comparison would prove nothing", f)
		}
	}

	for _, s := range sessions {
		files := []string{goFile}
		if s.sql {
			files = append(files, sqlFile)
		}
		for _, file := range files {
			t.Run(s.name+"/"+filepath.Ext(file)[1:], func(t *testing.T) {
				program := s.program
				if s.programEnv != "" {
					if program = os.Getenv(s.programEnv); program == "" {
						missing(s.programEnv)
					}
				}
				if _, err := exec.LookPath(program); err != nil {
					missing(program)
				}
				withGopls := s.gopls && strings.HasSuffix(file, ".go")
				if withGopls && gopls == "" {
					missing("gopls")
				}
				home := lingeringDir(t)
				out := filepath.Join(t.TempDir(), "out")
				args := slices.Clone(s.args)
				args[len(args)-1] = filepath.Join(testdata, args[len(args)-1])
				cmd := exec.Command(program, args...)
				cmd.Dir = root
				cmd.Env = append(slices.Clone(env), "HOME="+home, "XDG_CONFIG_HOME="+home, "XDG_DATA_HOME="+home,
					"XDG_STATE_HOME="+home, "XDG_CACHE_HOME="+home,
					"TV_ROOT="+root, "TV_FILE="+file, "TV_OUT="+out, "TV_BIN="+bin, "TV_GOPLS=",
					// The documented configurations name `tenantvet` and find it on PATH.
					"PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
				if withGopls {
					cmd.Env = append(cmd.Env, "TV_GOPLS="+gopls)
				}
				// Keep the Go build and module caches: HOME moved, the caches did not.
				for _, k := range []string{"GOCACHE", "GOMODCACHE", "GOPATH"} {
					if v, err := exec.Command("go", "env", k).Output(); err == nil {
						cmd.Env = append(cmd.Env, k+"="+strings.TrimSpace(string(v)))
					}
				}
				log, err := cmd.CombinedOutput()
				b, _ := os.ReadFile(out)
				if err != nil {
					t.Fatalf("%s: %v\nits output:\n%s\nits log:\n%s", s.name, err, b, log)
				}
				var got, attached []string
				for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
					if a, ok := strings.CutPrefix(line, "attached: "); ok {
						attached = append(attached, a)
					} else if line != "" {
						got = append(got, line)
					}
				}
				slices.Sort(got)
				if !slices.Equal(got, want[file]) {
					t.Errorf("%s shows on %s:\n%s\nthe CLI reports:\n%s\nlog:\n%s", s.name, file,
						strings.Join(got, "\n"), strings.Join(want[file], "\n"), log)
				}
				if !slices.Contains(attached, "tenantvet") {
					t.Errorf("tenantvet is not attached to the buffer: %v", attached)
				}
				if withGopls && !slices.Contains(attached, "gopls") {
					t.Errorf("gopls is not attached beside tenantvet: %v", attached)
				}
			})
		}
	}
}

// cliFindings runs the command line in root and returns its unsuppressed findings for file as
// "line:col: RULE message", sorted.
func cliFindings(t *testing.T, root string, env []string, bin, file string, args ...string) []string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = root
	cmd.Env = env
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 2 || err != nil && !ok {
		t.Fatalf("tenantvet %v: %v\n%s", args, err, out)
	}
	var rep struct {
		Findings []struct {
			Rule       string
			Message    string
			Suppressed any
			Position   struct {
				File         string
				Line, Column int
			}
		}
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("tenantvet %v: %v", args, err)
	}
	var lines []string
	for _, f := range rep.Findings {
		if f.Position.File == file && f.Suppressed == nil {
			lines = append(lines, fmt.Sprintf("%d:%d: %s %s", f.Position.Line, f.Position.Column, f.Rule, f.Message))
		}
	}
	slices.Sort(lines)
	return lines
}

// lingeringDir is a temporary directory for an editor's HOME and caches. A language server the
// editor started (gopls) may still be writing its cache there for a moment after the editor has
// exited, so removal is retried for a few seconds rather than failing the test the way
// t.TempDir's cleanup does.
func lingeringDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "tenantvet-editor-home")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		var err error
		for range 50 {
			if err = os.RemoveAll(dir); err == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Logf("left %s: %v", dir, err)
	})
	return dir
}

// TestNeovimSetupIsTheDocumented keeps the Neovim 0.11+ session honest: the vim.lsp.config
// block it runs is the one docs/editors.md gives, line for line.
func TestNeovimSetupIsTheDocumented(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "editors.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(doc), "## Neovim (0.11 or later)")
	_, block, ok2 := strings.Cut(section, "```lua\n")
	block, _, ok3 := strings.Cut(block, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("docs/editors.md has no lua block under \"## Neovim (0.11 or later)\"")
	}
	config, _, _ := strings.Cut(block, "vim.lsp.enable(")
	script, err := os.ReadFile(filepath.Join("testdata", "neovim011.lua"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(config) == "" || !strings.Contains(string(script), config) {
		t.Errorf("testdata/neovim011.lua does not run the documented setup:\n%s", config)
	}
	if !strings.Contains(block, "vim.lsp.enable({ 'gopls', 'tenantvet' })") || !strings.Contains(string(script), "vim.lsp.enable(servers)") {
		t.Error("the documented setup and the session both enable the servers with vim.lsp.enable")
	}
}
