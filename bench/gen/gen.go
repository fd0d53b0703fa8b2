package main

import (
	"bytes"
	"fmt"
	"go/format"
	"math/rand/v2"
	"path"
	"sort"
	"strings"
)

// Config selects what Generate builds. The same Config always yields the same files.
type Config struct {
	Seed     uint64
	Packages int    // minimum number of packages in the main module
	Tables   int    // approximate number of tenant-owned tables (0: derived from Packages)
	Module   string // module path of the generated module
	// TenantvetDir is the directory of the tenantvet checkout the generated go.mod replaces
	// github.com/tenantvet/tenantvet with. It is only used when a real runtime package is used.
	TenantvetDir string
	// Runtime lists the runtime packages (tenant, tenantdb, jobs, safelog) imported from
	// github.com/tenantvet/tenantvet/runtime; the others are generated as local stand-ins
	// with the same API under internal/platform/rt.
	Runtime map[string]bool
	// LeakPermille is the chance, in 1/1000, that a leak-eligible function is generated leaky.
	LeakPermille int
}

// RuntimePkgs are the tenantvet runtime packages the generated code uses.
var RuntimePkgs = []string{"tenant", "tenantdb", "jobs", "safelog"}

// Stats summarises a generated module.
type Stats struct {
	Packages, GoFiles, GoLines, Tables, SQLFiles, Leaks int
}

// gen holds the state of one generation.
type gen struct {
	cfg   Config
	rng   *rand.Rand
	files map[string][]byte
	pkgs  map[string]bool
	leaks []leak

	domains []*domain
}

type leak struct{ File, Func, Kind string }

// Generate returns the files of the module, keyed by slash-separated relative path.
func Generate(cfg Config) (map[string][]byte, Stats, error) {
	if cfg.Module == "" {
		cfg.Module = "example.com/saasbench"
	}
	if cfg.Packages < 20 {
		cfg.Packages = 20
	}
	g := &gen{
		cfg:   cfg,
		rng:   rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x7e4a9c1d5b3f2e60)),
		files: map[string][]byte{},
		pkgs:  map[string]bool{},
	}
	g.plan()
	g.third()
	g.platform()
	for _, d := range g.domains {
		g.domainPkgs(d)
	}
	g.cmds()
	g.migrations()
	g.meta()

	var st Stats
	for name, b := range g.files {
		if strings.HasSuffix(name, ".go") {
			src, err := format.Source(b)
			if err != nil {
				return nil, st, fmt.Errorf("generated %s does not parse: %v\n%s", name, err, numbered(b))
			}
			g.files[name] = src
			if strings.HasPrefix(name, "third_party/") {
				continue // separate modules, not part of the benchmarked module
			}
			st.GoFiles++
			st.GoLines += bytes.Count(src, []byte("\n"))
		}
		if strings.HasPrefix(name, "migrations/") {
			st.SQLFiles++
		}
	}
	st.Packages = len(g.pkgs)
	for _, d := range g.domains {
		st.Tables += len(d.ents)
	}
	st.Leaks = len(g.leaks)
	return g.files, st, nil
}

func numbered(b []byte) string {
	var sb strings.Builder
	for i, l := range strings.Split(string(b), "\n") {
		fmt.Fprintf(&sb, "%4d %s\n", i+1, l)
	}
	return sb.String()
}

// chance reports true with probability permille/1000.
func (g *gen) chance(permille int) bool { return g.rng.IntN(1000) < permille }

// leaky decides whether the function fn in file is generated with a seeded leak of kind.
func (g *gen) leaky(file, fn, kind string) bool {
	if !g.chance(g.cfg.LeakPermille) {
		return false
	}
	g.leaks = append(g.leaks, leak{file, fn, kind})
	return true
}

// rt returns the import path of runtime package name (real or local stand-in).
func (g *gen) rt(name string) string {
	if g.cfg.Runtime[name] {
		return "github.com/tenantvet/tenantvet/runtime/" + name
	}
	return g.cfg.Module + "/internal/platform/rt/" + name
}

func (g *gen) anyRealRuntime() bool {
	for _, n := range RuntimePkgs {
		if g.cfg.Runtime[n] {
			return true
		}
	}
	return false
}

// gofile builds one Go source file; imports are collected while the body is written.
type gofile struct {
	g       *gen
	path    string
	pkg     string
	doc     string
	imports map[string]string // path -> name used (alias if it differs from the last element)
	body    bytes.Buffer
}

func (g *gen) file(p, pkg string) *gofile {
	g.pkgs[path.Dir(p)] = true
	return &gofile{g: g, path: p, pkg: pkg, imports: map[string]string{}}
}

// imp imports p and returns the name to refer to it by.
func (f *gofile) imp(p string) string {
	return f.impAs(p, defaultName(p))
}

func (f *gofile) impAs(p, name string) string {
	if n, ok := f.imports[p]; ok {
		return n
	}
	f.imports[p] = name
	return name
}

func defaultName(p string) string {
	el := strings.Split(p, "/")
	n := el[len(el)-1]
	if len(n) >= 2 && n[0] == 'v' && n[1] >= '0' && n[1] <= '9' && len(el) > 1 {
		n = el[len(el)-2]
	}
	return n
}

func (f *gofile) p(format string, args ...any) {
	fmt.Fprintf(&f.body, format, args...)
	f.body.WriteByte('\n')
}

func (f *gofile) done() {
	var b bytes.Buffer
	if f.doc != "" {
		b.WriteString(f.doc)
		if !strings.HasSuffix(f.doc, "\n") {
			b.WriteByte('\n')
		}
	}
	fmt.Fprintf(&b, "package %s\n\n", f.pkg)
	if len(f.imports) > 0 {
		paths := make([]string, 0, len(f.imports))
		for p := range f.imports {
			paths = append(paths, p)
		}
		sort.Slice(paths, func(i, j int) bool {
			si, sj := !strings.Contains(strings.Split(paths[i], "/")[0], "."), !strings.Contains(strings.Split(paths[j], "/")[0], ".")
			if si != sj {
				return si
			}
			return paths[i] < paths[j]
		})
		b.WriteString("import (\n")
		prevStd := true
		for i, p := range paths {
			std := !strings.Contains(strings.Split(p, "/")[0], ".")
			if i > 0 && std != prevStd {
				b.WriteByte('\n')
			}
			prevStd = std
			n := f.imports[p]
			switch {
			case n == "_":
				fmt.Fprintf(&b, "\t_ %q\n", p)
			case n != defaultName(p) || (strings.HasSuffix(p, "/v5") && false):
				fmt.Fprintf(&b, "\t%s %q\n", n, p)
			default:
				fmt.Fprintf(&b, "\t%q\n", p)
			}
		}
		b.WriteString(")\n\n")
	}
	b.Write(f.body.Bytes())
	f.g.files[f.path] = b.Bytes()
}

// raw stores a non-Go file.
func (g *gen) raw(p, content string) { g.files[p] = []byte(content) }

func exported(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		if r == '_' {
			up = true
			continue
		}
		if up {
			b.WriteString(strings.ToUpper(string(r)))
			up = false
		} else {
			b.WriteRune(r)
		}
	}
	out := b.String()
	out = strings.ReplaceAll(out, "Id", "ID")
	out = strings.ReplaceAll(out, "Url", "URL")
	return out
}

func unexported(s string) string {
	e := exported(s)
	if strings.HasPrefix(e, "ID") {
		return "id" + e[2:]
	}
	return strings.ToLower(e[:1]) + e[1:]
}
