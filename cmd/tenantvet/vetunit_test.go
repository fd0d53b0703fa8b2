package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tenantvet/tenantvet/analyzers/suite"
	"github.com/tenantvet/tenantvet/internal/driver"
)

// TestGoVetEnableFlags: as with unitchecker, -NAME runs only the named analyzers and
// -NAME=false runs all but those.
func TestGoVetEnableFlags(t *testing.T) {
	dir := exampleDir(t, "leaky")
	all := vetFindings(dir, runIn(t, dir, nil, "go", "vet", "-vettool="+binary, "./...").stderr)
	only := vetFindings(dir, runIn(t, dir, nil, "go", "vet", "-vettool="+binary, "-logredact", "./...").stderr)
	without := vetFindings(dir, runIn(t, dir, nil, "go", "vet", "-vettool="+binary, "-logredact=false", "./...").stderr)
	// logredact reports its own findings and the suppressions of its rules that match nothing.
	isLog := func(l string) bool { return strings.Contains(l, "(TV30") || strings.Contains(l, "for TV30") }
	var wantOnly, wantWithout []string
	for _, l := range all {
		if isLog(l) {
			wantOnly = append(wantOnly, l)
		} else {
			wantWithout = append(wantWithout, l)
		}
	}
	if len(wantOnly) == 0 || len(wantWithout) == 0 {
		t.Fatalf("the example should have logredact findings and others:\n%s", strings.Join(all, "\n"))
	}
	if !slices.Equal(only, wantOnly) {
		t.Errorf("-logredact: got\n%s\nwant\n%s", strings.Join(only, "\n"), strings.Join(wantOnly, "\n"))
	}
	if !slices.Equal(without, wantWithout) {
		t.Errorf("-logredact=false: got\n%s\nwant\n%s", strings.Join(without, "\n"), strings.Join(wantWithout, "\n"))
	}
}

// TestGoVetTypeError: a package that does not type-check fails go vet with the error's
// position, and a package importing it is not analysed against broken types.
func TestGoVetTypeError(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/broken\n\ngo 1.22\n")
	write("a/a.go", "package a\n\nfunc F() int { return \"x\" }\n")
	r := runIn(t, dir, []string{"GOFLAGS=-mod=mod"}, "go", "vet", "-vettool="+binary, "./...")
	if r.code == 0 || !strings.Contains(r.stderr, "a.go:3:23") {
		t.Errorf("exit %d, stderr:\n%s\nwant a failure at a.go:3:23", r.code, r.stderr)
	}
}

// TestVetUnitPlainOutput runs the tool the way a go command that does not ask for -json would:
// on a .cfg file written by go vet, printing file:line:col: message lines (and, with -c=N, the
// lines around them) and exiting 1.
func TestVetUnitPlainOutput(t *testing.T) {
	dir := exampleDir(t, "leaky")
	work := t.TempDir()
	// Capture the .cfg files go vet writes, through a tool that records them and runs ours.
	wrapper := filepath.Join(work, "wrap.sh")
	script := "#!/bin/sh\nfor a in \"$@\"; do last=$a; done\ncase \"$last\" in *.cfg) cp \"$last\" " + work + "/$(basename $(dirname \"$last\")).cfg;; esac\nexec " + binary + " \"$@\"\n"
	if err := os.WriteFile(wrapper, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	// -work keeps the files the .cfg names (the dependencies' vetx files, the output file).
	vet := runIn(t, dir, []string{"GOCACHE=" + filepath.Join(work, "gocache")}, "go", "vet", "-work", "-vettool="+wrapper, "./internal/logging")
	for _, l := range strings.Split(vet.stderr, "\n") {
		if w, ok := strings.CutPrefix(l, "WORK="); ok {
			t.Cleanup(func() { os.RemoveAll(w) })
		}
	}
	cfgs, _ := filepath.Glob(filepath.Join(work, "*.cfg"))
	var cfg string
	for _, c := range cfgs {
		data, _ := os.ReadFile(c)
		var v driver.VetUnitConfig
		if json.Unmarshal(data, &v) == nil && strings.HasSuffix(v.ImportPath, "/internal/logging") {
			cfg = c
		}
	}
	if cfg == "" {
		t.Fatalf("no .cfg captured for internal/logging among %v", cfgs)
	}
	r := runIn(t, dir, nil, binary, "-c=0", cfg)
	if r.code != exitFindings {
		t.Fatalf("exit %d, want %d; stderr:\n%s", r.code, exitFindings, r.stderr)
	}
	if !strings.Contains(r.stderr, "logging.go:26:32: log key \"api_key\" carries a secret") ||
		!strings.Contains(r.stderr, "26\t\tslog.Info(\"integration call\", \"api_key\"") {
		t.Errorf("plain output lacks the finding or its line:\n%s", r.stderr)
	}
	j := runIn(t, dir, nil, binary, "-json", cfg)
	var tree map[string]map[string][]driver.VetJSONDiagnostic
	if j.code != exitClean {
		t.Fatalf("-json exit %d, want 0; stderr:\n%s", j.code, j.stderr)
	}
	var v driver.VetUnitConfig
	raw, _ := os.ReadFile(cfg)
	json.Unmarshal(raw, &v)
	out, err := os.ReadFile(v.Stdout)
	if err != nil {
		t.Fatalf("JSON output file: %v", err)
	}
	if err := json.Unmarshal(out, &tree); err != nil {
		t.Fatalf("JSON output does not parse: %v\n%s", err, out)
	}
	ds := tree[v.ID]["logredact"]
	if len(ds) == 0 || ds[0].Category == "" || !strings.Contains(ds[0].Posn, "logging.go:") {
		t.Errorf("JSON output lacks logredact findings with categories and positions:\n%s", out)
	}
}

func TestParseVetUnitFlags(t *testing.T) {
	as := suite.Analyzers()
	names := func(args ...string) []string {
		sel, _, rest, err := driver.ParseVetUnitFlags(as, args, os.Stderr)
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		if len(rest) != 1 || rest[0] != "x.cfg" {
			t.Fatalf("%v: rest %v", args, rest)
		}
		var out []string
		for _, a := range sel {
			out = append(out, a.Name)
		}
		return out
	}
	if got := names("x.cfg"); len(got) != len(as) {
		t.Errorf("no flags: %v", got)
	}
	if got := names("-sqlscope", "-logredact", "x.cfg"); !slices.Equal(got, []string{"sqlscope", "logredact"}) && !slices.Equal(got, []string{"logredact", "sqlscope"}) {
		t.Errorf("-sqlscope -logredact: %v", got)
	}
	if got := names("-sqlscope=false", "-json", "-c=2", "x.cfg"); len(got) != len(as)-1 || slices.Contains(got, "sqlscope") {
		t.Errorf("-sqlscope=false: %v", got)
	}
	if _, _, _, err := driver.ParseVetUnitFlags(as, []string{"-nosuch", "x.cfg"}, &strings.Builder{}); err == nil {
		t.Error("an unknown flag was accepted")
	}
}
