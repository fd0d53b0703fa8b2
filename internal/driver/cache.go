package driver

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/tenantvet/tenantvet/internal/diskcache"
	"github.com/tenantvet/tenantvet/internal/report"
)

// resultCache stores each root package's findings under a key that covers everything the result
// depends on: the content of the package's files and of all its dependencies' files (a "deep"
// hash over the import graph, as the go command keys its own caches), the Go version, the
// tenantvet executable, the effective settings, the enabled analyzers and the schema inputs.
// A run where nothing changed loads nothing; after an edit, only the edited package and the
// packages that import it (directly or not) miss and are analysed again.
//
// It also stores the export data and facts of every package analysed (unitStore), under a key
// made the same way from the package's own deep hash, so that a run re-analysing a few packages
// reads their dependencies' types and facts instead of type-checking and analysing them again.
type resultCache struct {
	dir   string
	roots map[string]string // root import path -> cache key
	units map[string]string // import path of every listed package -> key of its types and facts
}

type listedPackage struct {
	ImportPath string
	Dir        string
	Standard   bool
	DepOnly    bool
	ForTest    string
	GoFiles    []string
	CgoFiles   []string
	CFiles     []string
	HFiles     []string
	SFiles     []string
	EmbedFiles []string
	Imports    []string
	Module     *struct {
		Path, Version string
		Main          bool
		Replace       *struct{ Path, Version string }
	}
	Error      *struct{ Err string }
	DepsErrors []*struct{ Err string }
	Incomplete bool
}

func cacheDir() (string, error) {
	if d := os.Getenv("TENANTVET_CACHE"); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "tenantvet", "results"), nil
}

func openCache(cwd string, patterns []string, tests bool, analyzers []*analysis.Analyzer, overlay map[string][]byte) (*resultCache, error) {
	dir, err := cacheDir()
	if err != nil {
		return nil, err
	}
	args := []string{"list", "-e", "-deps", "-json=ImportPath,Dir,Standard,DepOnly,ForTest,GoFiles,CgoFiles,CFiles,HFiles,SFiles,EmbedFiles,Imports,Module,Error,DepsErrors,Incomplete"}
	if tests {
		args = append(args, "-test")
	}
	if len(overlay) > 0 {
		// Unsaved editor buffers: go list must see their imports, and the key their content.
		file, cleanup, err := writeOverlay(overlay)
		if err != nil {
			return nil, err
		}
		defer cleanup()
		args = append(args, "-overlay="+file)
	}
	args = append(args, "--")
	args = append(args, patterns...)
	cmd := exec.Command("go", args...)
	cmd.Dir = cwd
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	pkgs := map[string]*listedPackage{}
	var order []*listedPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		p := new(listedPackage)
		if err := dec.Decode(p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("go list output: %w", err)
		}
		if p.Error != nil || len(p.DepsErrors) > 0 || p.Incomplete {
			return nil, errors.New("packages have errors; not using the cache")
		}
		pkgs[p.ImportPath] = p
		order = append(order, p)
	}

	global := sha256.New()
	fmt.Fprintf(global, "tenantvet-cache-v1\n%s\n%s\n", executableHash(), goEnvIdentity(cwd))
	fmt.Fprintf(global, "tests=%v\n", tests)
	for _, a := range analyzers {
		fmt.Fprintf(global, "analyzer=%s\n", a.Name)
	}
	io.WriteString(global, effectiveSettings(analyzers))
	hashSchemaInputs(global, analyzers)
	globalSum := global.Sum(nil)

	deep := map[string][]byte{}
	var deepHash func(path string) []byte
	var mu sync.Mutex
	deepHash = func(path string) []byte {
		mu.Lock()
		if h, ok := deep[path]; ok {
			mu.Unlock()
			return h
		}
		mu.Unlock()
		p := pkgs[path]
		h := sha256.New()
		io.WriteString(h, path+"\n")
		switch {
		case p == nil:
			io.WriteString(h, "missing\n")
		case p.Standard:
			io.WriteString(h, "std\n")
		case p.Module != nil && !p.Module.Main && p.Module.Replace == nil && p.Module.Version != "":
			// Module cache contents are immutable for a version.
			fmt.Fprintf(h, "module %s@%s\n", p.Module.Path, p.Module.Version)
		default:
			for _, group := range [][]string{p.GoFiles, p.CgoFiles, p.CFiles, p.HFiles, p.SFiles, p.EmbedFiles} {
				for _, f := range group {
					name := filepath.Join(p.Dir, f)
					if src, ok := overlay[name]; ok {
						fmt.Fprintf(h, "file %s\n", name)
						h.Write(src)
						continue
					}
					hashFile(h, name)
				}
			}
		}
		if p != nil {
			imports := slices.Clone(p.Imports)
			slices.Sort(imports)
			for _, imp := range imports {
				if imp == "C" || imp == "unsafe" {
					continue
				}
				h.Write(deepHash(imp))
			}
		}
		sum := h.Sum(nil)
		mu.Lock()
		deep[path] = sum
		mu.Unlock()
		return sum
	}

	c := &resultCache{dir: dir, roots: map[string]string{}, units: map[string]string{}}
	variants := map[string][]string{} // root -> its test variants
	for _, p := range order {
		if p.ForTest != "" && !strings.HasSuffix(p.ImportPath, ".test") {
			variants[p.ForTest] = append(variants[p.ForTest], p.ImportPath)
		}
	}
	for _, p := range order {
		if p.ForTest != "" || strings.HasSuffix(p.ImportPath, ".test") || strings.Contains(p.ImportPath, " ") {
			continue
		}
		h := sha256.New()
		h.Write(globalSum)
		io.WriteString(h, "unit\n")
		h.Write(deepHash(p.ImportPath))
		c.units[p.ImportPath] = hex.EncodeToString(h.Sum(nil))
		if p.DepOnly {
			continue
		}
		h = sha256.New()
		h.Write(globalSum)
		h.Write(deepHash(p.ImportPath))
		vs := variants[p.ImportPath]
		slices.Sort(vs)
		for _, v := range vs {
			h.Write(deepHash(v))
		}
		c.roots[p.ImportPath] = hex.EncodeToString(h.Sum(nil))
	}
	if len(c.roots) == 0 {
		return nil, errors.New("no root packages")
	}
	return c, nil
}

// lookup returns the cached findings of the root packages that hit and the import paths of those
// that must be analysed.
func (c *resultCache) lookup() (hits map[string][]report.Finding, misses []string) {
	hits = map[string][]report.Finding{}
	for root, key := range c.roots {
		path := filepath.Join(c.dir, key[:2], key+".json")
		data, err := os.ReadFile(path)
		if err != nil {
			misses = append(misses, root)
			continue
		}
		diskcache.Touch(path)
		var fs []report.Finding
		if err := json.Unmarshal(data, &fs); err != nil {
			misses = append(misses, root)
			continue
		}
		hits[root] = fs
	}
	slices.Sort(misses)
	return hits, misses
}

// store writes the findings of freshly analysed roots.
func (c *resultCache) store(results map[string][]report.Finding) {
	for root, fs := range results {
		key, ok := c.roots[root]
		if !ok {
			continue
		}
		if fs == nil {
			fs = []report.Finding{}
		}
		data, err := json.Marshal(fs)
		if err != nil {
			continue
		}
		if c.write(key, ".json", data) != nil {
			return
		}
	}
}

// trim removes entries no run has used for days (at most one walk of the directory a day).
func (c *resultCache) trim() { diskcache.Trim(c.dir) }

// write stores an entry atomically (temp file + rename), so concurrent runs never read a torn
// entry.
func (c *resultCache) write(key, ext string, data []byte) error {
	sub := filepath.Join(c.dir, key[:2])
	if err := os.MkdirAll(sub, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(sub, "tmp-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := cmp.Or(werr, cerr, os.Rename(tmp.Name(), filepath.Join(sub, key+ext))); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// loadUnit returns the export data and facts stored for the package (unitStore).
func (c *resultCache) loadUnit(pkgPath string) (exported, facts []byte, ok bool) {
	key, ok := c.units[pkgPath]
	if !ok {
		return nil, nil, false
	}
	path := filepath.Join(c.dir, key[:2], key+".unit")
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, false
	}
	e, err := unpackVetx(data)
	if err != nil || len(e.types) == 0 {
		return nil, nil, false
	}
	diskcache.Touch(path)
	return e.types, e.facts, true
}

// storeUnit stores the export data and facts of a package analysed in this run (unitStore).
func (c *resultCache) storeUnit(pkgPath string, exported, facts []byte) {
	if key, ok := c.units[pkgPath]; ok {
		_ = c.write(key, ".unit", packVetx(exported, facts)) // the cache is an optimisation only
	}
}

func hashFile(h io.Writer, name string) {
	f, err := os.Open(name)
	if err != nil {
		fmt.Fprintf(h, "unreadable %s\n", name)
		return
	}
	defer f.Close()
	fmt.Fprintf(h, "file %s\n", name)
	io.Copy(h, f)
}

// hashSchemaInputs folds the content of the schema model and migration files named by the
// analyzers' flags into the key: a changed migration changes what sqlscope reports.
func hashSchemaInputs(h io.Writer, analyzers []*analysis.Analyzer) {
	seen := map[string]bool{}
	for _, a := range analyzers {
		for _, name := range []string{"schema", "migrations"} {
			f := a.Flags.Lookup(name)
			if f == nil {
				continue
			}
			for _, p := range strings.Split(f.Value.String(), ",") {
				if p == "" || seen[p] {
					continue
				}
				seen[p] = true
				filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
					if err == nil && !d.IsDir() {
						hashFile(h, path)
					}
					return nil
				})
			}
		}
	}
}

var executableHash = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	f, err := os.Open(exe)
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	h := sha256.New()
	io.Copy(h, f)
	return hex.EncodeToString(h.Sum(nil))
})

func goEnvIdentity(dir string) string {
	cmd := exec.Command("go", "env", "GOVERSION", "GOOS", "GOARCH", "GOFLAGS", "CGO_ENABLED", "GOEXPERIMENT")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "go-env-unknown"
	}
	return string(out)
}

// writeOverlay writes the go command's -overlay file for the buffers (absolute path -> content)
// and the files it names. cleanup removes them.
func writeOverlay(overlay map[string][]byte) (file string, cleanup func(), err error) {
	dir, err := os.MkdirTemp("", "tenantvet-overlay")
	if err != nil {
		return "", nil, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	replace := map[string]string{}
	i := 0
	for name, src := range overlay {
		i++
		f := filepath.Join(dir, fmt.Sprintf("%d%s", i, filepath.Ext(name)))
		if err := os.WriteFile(f, src, 0o600); err != nil {
			cleanup()
			return "", nil, err
		}
		replace[name] = f
	}
	data, err := json.Marshal(struct{ Replace map[string]string }{replace})
	if err == nil {
		file = filepath.Join(dir, "overlay.json")
		err = os.WriteFile(file, data, 0o600)
	}
	if err != nil {
		cleanup()
		return "", nil, err
	}
	return file, cleanup, nil
}
