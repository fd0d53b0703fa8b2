package driver

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/types/objectpath"

	"github.com/tenantvet/tenantvet/internal/directive"
	"github.com/tenantvet/tenantvet/internal/report"
)

// The modular driver analyses one package at a time, in dependency order, the way go vet and
// Bazel's nogo do, but inside one process. go/packages only lists the packages (no syntax, no
// types); each package is then parsed and type-checked against its dependencies' types, the
// analyzers run on it, and everything but its types and its facts is dropped before the next
// one. Peak memory is therefore the type information of the program plus the few packages in
// flight, instead of every package's syntax, type information and SSA form at once, which is
// what go/analysis/checker holds (it needs packages.LoadAllSyntax).
//
// As in unitchecker, analyzers that produce no facts run only on the root packages, and the
// others run on every dependency, the standard library included, for their facts.

// unit is one package of the import graph.
type unit struct {
	pkg     *packages.Package
	root    bool
	imports []*unit // dependencies, in the order of pkg.Imports' sorted keys
	users   []*unit // packages that import this one
	pending int     // dependencies not yet done (guarded by the scheduler's mutex)

	types  *types.Package
	broken bool // list, parse or type errors here or in a dependency: not analysed

	// Facts this package's analysis exported, keyed by object (or package) and fact type.
	// Written only while the package is analysed, read only by packages that import it, after.
	objFacts map[objFactKey]analysis.Fact
	pkgFacts map[reflect.Type]analysis.Fact
}

type objFactKey struct {
	obj types.Object
	t   reflect.Type
}

// modular holds one run's state.
type modular struct {
	fset      *token.FileSet
	roots     []*analysis.Analyzer // ours and what they require, in dependency order
	factOnly  []*analysis.Analyzer // those that produce facts and what they require, in order
	ours      map[*analysis.Analyzer]bool
	units     map[string]*unit // by package ID
	byTypes   sync.Map         // *types.Package -> *unit
	mu        sync.Mutex
	problems  []report.Problem
	seenProbs map[string]bool
	results   map[string][]report.Finding
	fixes     []Fix
	store     unitStore         // types and facts of packages analysed by earlier runs; may be nil
	reused    atomic.Int64      // packages whose types and facts came from the store
	overlay   map[string][]byte // unsaved buffers by absolute file name
}

// analyzeModular lists the packages matching patterns and analyses them one by one. It returns
// the same things as analyze, the go/analysis/checker driver.
// units, if not nil, stores the types and facts of the packages analysed and gives those of
// packages analysed by earlier runs; the count of packages it gave is returned.
func analyzeModular(cwd string, patterns []string, tests bool, analyzers []*analysis.Analyzer, units unitStore, overlay map[string][]byte, partial bool) (map[string][]report.Finding, []report.Problem, []Fix, int64, error) {
	mode := packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
		packages.NeedDeps | packages.NeedModule | packages.NeedTypesSizes
	pkgs, err := packages.Load(&packages.Config{Mode: mode, Tests: tests, Dir: cwd, Overlay: overlay}, patterns...)
	if err != nil {
		return nil, nil, nil, 0, fmt.Errorf("load packages: %w", err)
	}
	m := &modular{
		fset:      token.NewFileSet(),
		ours:      map[*analysis.Analyzer]bool{},
		units:     map[string]*unit{},
		seenProbs: map[string]bool{},
		results:   map[string][]report.Finding{},
		store:     units,
		overlay:   overlay,
	}
	for _, a := range analyzers {
		m.ours[a] = true
	}
	if units != nil {
		for _, a := range requirementOrder(analyzers) {
			for _, f := range a.FactTypes {
				gob.Register(f)
			}
		}
	}
	m.roots = requirementOrder(analyzers)
	var factful []*analysis.Analyzer
	for _, a := range m.roots {
		if len(a.FactTypes) > 0 {
			factful = append(factful, a)
		}
	}
	m.factOnly = requirementOrder(factful)

	// Build the graph. As go vet does, a package whose tests are analysed ("p [p.test]") stands
	// in for the package itself as a root; the plain package is still analysed for its facts
	// when another package imports it.
	tested := map[string]bool{}
	for _, p := range pkgs {
		if p.ForTest != "" && p.PkgPath == p.ForTest {
			tested[p.ForTest] = true
		}
	}
	var add func(p *packages.Package) *unit
	add = func(p *packages.Package) *unit {
		if u, ok := m.units[p.ID]; ok {
			return u
		}
		u := &unit{pkg: p}
		m.units[p.ID] = u
		paths := make([]string, 0, len(p.Imports))
		for path := range p.Imports {
			paths = append(paths, path)
		}
		sort.Strings(paths)
		for _, path := range paths {
			d := add(p.Imports[path])
			u.imports = append(u.imports, d)
			d.users = append(d.users, u)
		}
		u.pending = len(u.imports)
		return u
	}
	for _, p := range pkgs {
		u := add(p)
		if p.ForTest == "" && tested[p.PkgPath] {
			continue
		}
		if p.Name == "main" && strings.HasSuffix(p.PkgPath, ".test") {
			continue // the test main the go command generates: nothing of the user's
		}
		u.root = true
	}
	if len(pkgs) == 0 {
		return nil, []report.Problem{{Message: fmt.Sprintf("no packages match %s", strings.Join(patterns, " "))}}, nil, 0, nil
	}
	for _, u := range m.units {
		for _, e := range u.pkg.Errors {
			m.listError(cwd, e)
		}
	}
	if len(m.problems) > 0 {
		return nil, m.problems, nil, m.reused.Load(), nil
	}

	gov := newMemoryGovernor()
	m.schedule(gov)
	gov.release()

	if len(m.problems) > 0 {
		// Like the checker driver: a package that does not build gives errors, not findings.
		for _, p := range m.problems {
			if p.Position != nil {
				p.Position.File = RelPath(cwd, p.Position.File)
			}
		}
		if partial {
			return m.results, m.problems, m.fixes, m.reused.Load(), nil
		}
		return nil, m.problems, nil, m.reused.Load(), nil
	}
	return m.results, nil, m.fixes, m.reused.Load(), nil
}

// requirementOrder returns as and everything they require, each after its requirements.
func requirementOrder(as []*analysis.Analyzer) []*analysis.Analyzer {
	var out []*analysis.Analyzer
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, r := range a.Requires {
			visit(r)
		}
		out = append(out, a)
	}
	for _, a := range as {
		visit(a)
	}
	return out
}

// schedule analyses every unit after its dependencies, GOMAXPROCS at a time.
func (m *modular) schedule(gov *memoryGovernor) {
	workers := runtime.GOMAXPROCS(0)
	ready := make(chan *unit, len(m.units))
	remaining := len(m.units)
	for _, u := range m.units {
		if u.pending == 0 {
			ready <- u
		}
	}
	if remaining == 0 {
		return
	}
	var wg sync.WaitGroup
	done := make(chan struct{})
	var left = remaining
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case u := <-ready:
					m.process(u)
					m.mu.Lock()
					gov.check()
					for _, r := range u.users {
						r.pending--
						if r.pending == 0 {
							ready <- r
						}
					}
					left--
					finished := left == 0
					m.mu.Unlock()
					if finished {
						close(done)
					}
				case <-done:
					return
				}
			}
		}()
	}
	wg.Wait()
}

// process parses, type-checks and analyses one package.
func (m *modular) process(u *unit) {
	p := u.pkg
	if p.PkgPath == "unsafe" {
		u.types = types.Unsafe
		return
	}
	for _, d := range u.imports {
		if d.broken {
			u.broken = true
			return
		}
	}
	if m.store != nil && !u.root && p.ID == p.PkgPath && m.loadStored(u) {
		m.reused.Add(1)
		return
	}
	files := make([]*ast.File, 0, len(p.CompiledGoFiles))
	for _, name := range p.CompiledGoFiles {
		var src any
		if b, ok := m.overlay[name]; ok {
			src = b
		}
		f, err := parser.ParseFile(m.fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			m.typeError(err)
			u.broken = true
			return
		}
		files = append(files, f)
	}
	info := newTypesInfo()
	var firstErr error
	tc := &types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			d, ok := p.Imports[path]
			if !ok {
				return nil, fmt.Errorf("no package for import %q", path)
			}
			du := m.units[d.ID]
			if du == nil || du.types == nil {
				return nil, fmt.Errorf("package %q was not type-checked", path)
			}
			return du.types, nil
		}),
		Sizes: p.TypesSizes,
		Error: func(err error) {
			if firstErr == nil {
				firstErr = err
			}
		},
	}
	if p.Module != nil && p.Module.GoVersion != "" {
		tc.GoVersion = "go" + p.Module.GoVersion
	}
	tpkg, _ := tc.Check(p.PkgPath, m.fset, files, info)
	u.types = tpkg
	m.byTypes.Store(tpkg, u)
	if firstErr != nil {
		m.typeError(firstErr)
		u.broken = true
		return
	}
	failed := map[*analysis.Analyzer]bool{}
	defer func() {
		exported := m.compact(u)
		if m.store != nil && exported != nil && len(failed) == 0 && p.ID == p.PkgPath {
			if facts, err := encodeUnitFacts(u); err == nil {
				m.store.storeUnit(p.PkgPath, exported, facts)
			}
		}
	}()

	order := m.factOnly
	if u.root {
		order = m.roots
	}
	if len(order) == 0 {
		return
	}
	u.objFacts = map[objFactKey]analysis.Fact{}
	u.pkgFacts = map[reflect.Type]analysis.Fact{}
	results := map[*analysis.Analyzer]any{}
	var module *analysis.Module
	if p.Module != nil {
		module = &analysis.Module{Path: p.Module.Path, Version: p.Module.Version, GoVersion: p.Module.GoVersion}
	} else {
		module = &analysis.Module{}
	}
	root := rootPath(p)
	for _, a := range order {
		skip := false
		for _, r := range a.Requires {
			if failed[r] {
				skip = true
			}
		}
		if skip {
			failed[a] = true
			continue
		}
		var diags []analysis.Diagnostic
		pass := &analysis.Pass{
			Analyzer:     a,
			Fset:         m.fset,
			Files:        files,
			OtherFiles:   p.OtherFiles,
			IgnoredFiles: p.IgnoredFiles,
			Pkg:          tpkg,
			TypesInfo:    info,
			TypesSizes:   p.TypesSizes,
			Module:       module,
			ResultOf:     results,
			Report:       func(d analysis.Diagnostic) { diags = append(diags, d) },
			ReadFile:     os.ReadFile,
		}
		m.bindFacts(pass, u, a)
		res, err := runAnalyzer(a, pass)
		if err != nil {
			failed[a] = true
			m.addProblem(report.Problem{Message: fmt.Sprintf("%s: %v", a.Name, err)})
			continue
		}
		results[a] = res
		if !u.root || !m.ours[a] {
			continue
		}
		m.mu.Lock()
		if _, ok := m.results[root]; !ok {
			m.results[root] = nil
		}
		for _, d := range diags {
			m.results[root] = append(m.results[root], toFinding(m.fset, a.Name, d, nil))
			for _, sf := range d.SuggestedFixes {
				m.fixes = append(m.fixes, Fix{fset: m.fset, fix: sf})
				break // apply the first fix of a diagnostic only
			}
		}
		if dr, ok := res.(*directive.Result); ok && dr != nil {
			for _, s := range dr.Suppressed {
				m.results[root] = append(m.results[root], toFinding(m.fset, a.Name, s.Diagnostic, &report.Suppression{Kind: "inSource", Justification: s.Reason}))
			}
		}
		m.mu.Unlock()
	}
}

// compact replaces the package's types, type-checked from source, by the same types read back
// from export data once its analysis is done. Dependents need only the package-level API, while
// the source-checked form also holds every function's scopes and local variables, about half of
// what a run keeps in memory. Facts move to the new objects by their object paths; a fact about
// an object without one (a local) could not be imported by another package anyway. If the
// round trip fails, the source-checked types stay: slower to hold, never wrong.
//
// It returns the export data, for the unit store, or nil if the round trip failed.
func (m *modular) compact(u *unit) (exported []byte) {
	defer func() {
		if recover() != nil { // an export data bug keeps the source-checked types, as an error does
			exported = nil
		}
	}()
	old := u.types
	var buf bytes.Buffer
	if err := gcexportdata.Write(&buf, m.fset, old); err != nil {
		return nil
	}
	data := buf.Bytes()
	pkg, err := gcexportdata.Read(bytes.NewReader(data), m.fset, dependencyTypes(u), old.Path())
	if err != nil {
		return nil
	}
	facts := make(map[objFactKey]analysis.Fact, len(u.objFacts))
	for k, f := range u.objFacts {
		path, err := objectpath.For(k.obj)
		if err != nil {
			continue
		}
		obj, err := objectpath.Object(pkg, path)
		if err != nil {
			continue
		}
		facts[objFactKey{obj, k.t}] = f
	}
	if u.objFacts != nil {
		u.objFacts = facts
	}
	u.types = pkg
	m.byTypes.Store(pkg, u)
	m.byTypes.Delete(old)
	return data
}

// dependencyTypes maps the package paths of u's dependencies, direct or not, to their types:
// what export data of u may refer to.
func dependencyTypes(u *unit) map[string]*types.Package {
	imports := map[string]*types.Package{}
	seen := map[*unit]bool{}
	var visit func(d *unit)
	visit = func(d *unit) {
		for _, i := range d.imports {
			if !seen[i] {
				seen[i] = true
				if i.types != nil {
					imports[i.types.Path()] = i.types
				}
				visit(i)
			}
		}
	}
	visit(u)
	return imports
}

// loadStored gives u the types and facts an earlier run stored for the same package contents
// (the store's key covers the files of the package and of its dependencies, the Go version, the
// tenantvet executable and the settings), instead of parsing, type-checking and analysing it.
// It reports false, and leaves u untouched, when there is no usable entry.
func (m *modular) loadStored(u *unit) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	exported, facts, found := m.store.loadUnit(u.pkg.PkgPath)
	if !found {
		return false
	}
	pkg, err := gcexportdata.Read(bytes.NewReader(exported), m.fset, dependencyTypes(u), u.pkg.PkgPath)
	if err != nil {
		return false
	}
	objs, pkgs, err := decodeUnitFacts(pkg, facts)
	if err != nil {
		return false
	}
	u.types, u.objFacts, u.pkgFacts = pkg, objs, pkgs
	m.byTypes.Store(pkg, u)
	return true
}

// unitStore keeps, across runs, the export data and facts of analysed packages.
type unitStore interface {
	loadUnit(pkgPath string) (exported, facts []byte, ok bool)
	storeUnit(pkgPath string, exported, facts []byte)
}

// encodeUnitFacts encodes the facts u's analysis exported, by object path.
func encodeUnitFacts(u *unit) ([]byte, error) {
	var out []vetFact
	enc := new(objectpath.Encoder)
	for k, f := range u.objFacts {
		path, err := enc.For(k.obj)
		if err != nil {
			continue // not reachable from the package's API: no importer can ask for it
		}
		out = append(out, vetFact{PkgPath: u.types.Path(), Object: path, Fact: f})
	}
	for _, f := range u.pkgFacts {
		out = append(out, vetFact{PkgPath: u.types.Path(), Fact: f})
	}
	sortFacts(out)
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// decodeUnitFacts reads facts encodeUnitFacts wrote for pkg.
func decodeUnitFacts(pkg *types.Package, data []byte) (map[objFactKey]analysis.Fact, map[reflect.Type]analysis.Fact, error) {
	var in []vetFact
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&in); err != nil {
		return nil, nil, err
	}
	objs := map[objFactKey]analysis.Fact{}
	pkgs := map[reflect.Type]analysis.Fact{}
	for _, f := range in {
		if f.Fact == nil || f.PkgPath != pkg.Path() {
			return nil, nil, fmt.Errorf("stored fact of another package")
		}
		if f.Object == "" {
			pkgs[reflect.TypeOf(f.Fact)] = f.Fact
			continue
		}
		obj, err := objectpath.Object(pkg, f.Object)
		if err != nil {
			return nil, nil, err
		}
		objs[objFactKey{obj, reflect.TypeOf(f.Fact)}] = f.Fact
	}
	return objs, pkgs, nil
}

// runAnalyzer runs one pass, turning a panic into an error so that one bad package does not end
// the run with a stack trace.
func runAnalyzer(a *analysis.Analyzer, pass *analysis.Pass) (res any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error on package %s: %v", pass.Pkg.Path(), r)
		}
	}()
	return a.Run(pass)
}

// bindFacts gives the pass access to the facts of its package and of the packages it imports,
// directly or not. Facts are plain values shared in memory: a fact is copied into the caller's
// variable on import, as the other drivers do after decoding.
func (m *modular) bindFacts(pass *analysis.Pass, u *unit, a *analysis.Analyzer) {
	allowed := map[reflect.Type]bool{}
	for _, f := range a.FactTypes {
		allowed[reflect.TypeOf(f)] = true
	}
	owner := func(pkg *types.Package) *unit {
		if pkg == u.types {
			return u
		}
		if v, ok := m.byTypes.Load(pkg); ok {
			return v.(*unit)
		}
		return nil
	}
	pass.ImportObjectFact = func(obj types.Object, ptr analysis.Fact) bool {
		if obj == nil || obj.Pkg() == nil {
			return false
		}
		o := owner(obj.Pkg())
		if o == nil || o.objFacts == nil {
			return false
		}
		f, ok := o.objFacts[objFactKey{obj, reflect.TypeOf(ptr)}]
		if ok {
			reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(f).Elem())
		}
		return ok
	}
	pass.ExportObjectFact = func(obj types.Object, f analysis.Fact) {
		if obj.Pkg() != u.types {
			panic(fmt.Sprintf("%s: fact about %s, which belongs to another package", a.Name, obj))
		}
		if !allowed[reflect.TypeOf(f)] {
			panic(fmt.Sprintf("%s: fact type %T not declared", a.Name, f))
		}
		u.objFacts[objFactKey{obj, reflect.TypeOf(f)}] = f
	}
	pass.ImportPackageFact = func(pkg *types.Package, ptr analysis.Fact) bool {
		o := owner(pkg)
		if o == nil || o.pkgFacts == nil {
			return false
		}
		f, ok := o.pkgFacts[reflect.TypeOf(ptr)]
		if ok {
			reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(f).Elem())
		}
		return ok
	}
	pass.ExportPackageFact = func(f analysis.Fact) {
		if !allowed[reflect.TypeOf(f)] {
			panic(fmt.Sprintf("%s: fact type %T not declared", a.Name, f))
		}
		u.pkgFacts[reflect.TypeOf(f)] = f
	}
	// The transitive closure of the package, for the All*Facts queries.
	closure := func() []*unit {
		seen := map[*unit]bool{u: true}
		out := []*unit{u}
		for i := 0; i < len(out); i++ {
			for _, d := range out[i].imports {
				if !seen[d] {
					seen[d] = true
					out = append(out, d)
				}
			}
		}
		return out
	}
	pass.AllObjectFacts = func() []analysis.ObjectFact {
		var out []analysis.ObjectFact
		for _, o := range closure() {
			for k, f := range o.objFacts {
				if allowed[k.t] {
					out = append(out, analysis.ObjectFact{Object: k.obj, Fact: f})
				}
			}
		}
		return out
	}
	pass.AllPackageFacts = func() []analysis.PackageFact {
		var out []analysis.PackageFact
		for _, o := range closure() {
			for t, f := range o.pkgFacts {
				if allowed[t] {
					out = append(out, analysis.PackageFact{Package: o.types, Fact: f})
				}
			}
		}
		return out
	}
}

func (m *modular) listError(cwd string, e packages.Error) {
	pr := report.Problem{Message: e.Msg}
	if e.Pos != "" && e.Pos != "-" {
		pos := parsePos(e.Pos)
		pos.File = RelPath(cwd, pos.File)
		pr.Position = &pos
	}
	m.addProblem(pr)
}

// typeError records a parse or type error with its position.
func (m *modular) typeError(err error) {
	pr := report.Problem{Message: err.Error()}
	var pos token.Position
	switch e := err.(type) {
	case types.Error:
		pos, pr.Message = e.Fset.Position(e.Pos), e.Msg
	case scanner.ErrorList:
		if len(e) > 0 {
			pos, pr.Message = e[0].Pos, e[0].Msg
		}
	case *scanner.Error:
		pos, pr.Message = e.Pos, e.Msg
	}
	if pos.IsValid() {
		pr.Position = &report.Position{File: pos.Filename, Line: pos.Line, Column: pos.Column}
	}
	m.addProblem(pr)
}

func (m *modular) addProblem(p report.Problem) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := ProblemString(p)
	if m.seenProbs[k] {
		return
	}
	m.seenProbs[k] = true
	m.problems = append(m.problems, p)
	slices.SortStableFunc(m.problems, func(a, b report.Problem) int { return strings.Compare(ProblemString(a), ProblemString(b)) })
}

// newTypesInfo returns a types.Info recording everything the analyzers may ask for.
func newTypesInfo() *types.Info {
	return &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Instances:    map[*ast.Ident]types.Instance{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		Scopes:       map[ast.Node]*types.Scope{},
		FileVersions: map[*ast.File]string{},
	}
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
