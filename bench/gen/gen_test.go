package main

import (
	"bytes"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func smallConfig(seed uint64, rt map[string]bool) Config {
	return Config{Seed: seed, Packages: 40, Tables: 20, TenantvetDir: "/src/tenantvet", Runtime: rt, LeakPermille: 100}
}

func all() map[string]bool {
	m := map[string]bool{}
	for _, n := range RuntimePkgs {
		m[n] = true
	}
	return m
}

func TestDeterministic(t *testing.T) {
	for _, rt := range []map[string]bool{all(), {}} {
		a, sa, err := Generate(smallConfig(7, rt))
		if err != nil {
			t.Fatal(err)
		}
		b, sb, err := Generate(smallConfig(7, rt))
		if err != nil {
			t.Fatal(err)
		}
		if sa != sb {
			t.Errorf("stats differ: %+v vs %+v", sa, sb)
		}
		if len(a) != len(b) {
			t.Fatalf("file counts differ: %d vs %d", len(a), len(b))
		}
		for name, content := range a {
			if !bytes.Equal(content, b[name]) {
				t.Errorf("%s differs between two runs with the same seed", name)
			}
		}
		c, _, err := Generate(smallConfig(8, rt))
		if err != nil {
			t.Fatal(err)
		}
		if equalFiles(a, c) {
			t.Errorf("seeds 7 and 8 produced the same module")
		}
	}
}

// TestWriteIsByteIdentical writes the same seed twice to disk and compares the trees.
func TestWriteIsByteIdentical(t *testing.T) {
	dirs := []string{t.TempDir(), t.TempDir()}
	for _, d := range dirs {
		files, _, err := Generate(smallConfig(3, all()))
		if err != nil {
			t.Fatal(err)
		}
		if err := write(d, files); err != nil {
			t.Fatal(err)
		}
	}
	a, b := readTree(t, dirs[0]), readTree(t, dirs[1])
	if !equalFiles(a, b) {
		t.Fatal("two writes of the same seed differ")
	}
	// Writing again over a generated tree replaces it; over a foreign tree it refuses.
	files, _, _ := Generate(smallConfig(4, all()))
	if err := write(dirs[0], files); err != nil {
		t.Fatalf("rewrite of a generated tree: %v", err)
	}
	foreign := t.TempDir()
	os.WriteFile(filepath.Join(foreign, "keep.txt"), []byte("x"), 0o644)
	if err := write(foreign, files); err == nil {
		t.Fatal("write replaced a directory it did not generate")
	}
}

func TestShape(t *testing.T) {
	files, st, err := Generate(smallConfig(1, all()))
	if err != nil {
		t.Fatal(err)
	}
	if st.Packages < 40 {
		t.Errorf("packages = %d, want >= 40", st.Packages)
	}
	if st.Tables != 20 {
		t.Errorf("tables = %d, want 20", st.Tables)
	}
	if st.Leaks == 0 {
		t.Errorf("no seeded leaks at 10%%")
	}
	fset := token.NewFileSet()
	for name, src := range files {
		if !strings.HasSuffix(name, ".go") {
			continue
		}
		if _, err := parser.ParseFile(fset, name, src, parser.ImportsOnly); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if f, err := format.Source(src); err != nil || !bytes.Equal(f, src) {
			t.Errorf("%s is not gofmt-formatted", name)
		}
	}
	mod := string(files["go.mod"])
	for _, want := range []string{
		"github.com/jackc/pgx/v5 v5.12.0",
		"github.com/tenantvet/tenantvet => /src/tenantvet",
		"github.com/riverqueue/river => ./third_party/river",
		"github.com/hibiken/asynq => ./third_party/asynq",
	} {
		if !strings.Contains(mod, want) {
			t.Errorf("go.mod lacks %q:\n%s", want, mod)
		}
	}
	if _, ok := files["migrations/000001_core.up.sql"]; !ok {
		t.Error("no core migration")
	}
	manifest := string(files["BENCH_MANIFEST"])
	for _, k := range []string{"edit.leaf=", "edit.base="} {
		if !strings.Contains(manifest, k) {
			t.Errorf("manifest lacks %s", k)
		}
	}
	for _, l := range strings.Split(manifest, "\n") {
		if k, ok := strings.CutPrefix(l, "edit.leaf="); ok {
			if _, ok := files[k]; !ok {
				t.Errorf("leaf edit file %s not generated", k)
			}
		}
	}
}

func TestNoRuntime(t *testing.T) {
	files, _, err := Generate(smallConfig(1, map[string]bool{}))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(files["go.mod"]), "tenantvet") {
		t.Error("go.mod requires tenantvet although no runtime package is used")
	}
	for name, src := range files {
		if strings.Contains(string(src), `"github.com/tenantvet/tenantvet/runtime`) && strings.HasSuffix(name, ".go") {
			t.Errorf("%s imports the real runtime", name)
		}
	}
	if _, ok := files["internal/platform/rt/tenantdb/tenantdb.go"]; !ok {
		t.Error("no tenantdb stand-in")
	}
}

func equalFiles(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

func readTree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	var names []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		m[filepath.ToSlash(rel)] = b
		names = append(names, rel)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	return m
}
