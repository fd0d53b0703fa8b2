package driver

import (
	"bufio"
	"bytes"
	"cmp"
	binenc "encoding/binary"
	"encoding/gob"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"io"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/types/objectpath"
)

// This file is tenantvet's own driver for one package under go vet (`go vet -vettool`). It
// follows the protocol of x/tools' unitchecker (the .cfg file, the flags, the text and JSON
// output) but differs where unitchecker's choices cost us:
//
//   - Types of imports come from the compiler's export data (the .cfg's PackageFile, which the
//     go command fills for every import, as cmd/vet reads it), not from type information that
//     every process re-exports into its .vetx file. Writing that export took about 6% of the
//     processes' time, and unitchecker's fact decoder walked every imported object (4%).
//   - In VetxOnly mode (a dependency analysed only for its facts) only the analyzers that
//     produce facts, and what they require, run. unitchecker also runs every analyzer that
//     merely requires a fact-producing one (logredact and its SSA on every dependency).
//   - The passes run one after another: go vet already runs one process per core.
//
// The .vetx file is private to tenantvet: a magic word, the lengths of the two sections, the
// package's types (only when the go command gave no export data for some import, so that
// consumers may lack it too) and its facts, gob-encoded as unitchecker's are, with the same
// re-export rule: facts about imported package-level functions and variables are not passed
// on, facts about types, fields and methods are.
//
// -fix and -diff, which apply suggested fixes, stay with unitchecker (runVet sends them there);
// within one go vet run every process gets the same flags, so the two .vetx formats never meet.

// VetUnitConfig is the JSON the go command writes for each package (cmd/go's vetConfig).
type VetUnitConfig struct {
	ID                        string
	Compiler                  string
	Dir                       string
	ImportPath                string
	GoVersion                 string
	GoFiles                   []string
	NonGoFiles                []string
	IgnoredFiles              []string
	ModulePath                string
	ModuleVersion             string
	ImportMap                 map[string]string
	PackageFile               map[string]string
	Standard                  map[string]bool
	PackageVetx               map[string]string
	VetxOnly                  bool
	VetxOutput                string
	Stdout                    string
	FixArchive                string
	SucceedOnTypecheckFailure bool
}

const vetxMagic = "tvx1"

// triState is an analyzer's enable flag: unset, true or false.
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (t *triState) IsBoolFlag() bool { return true }
func (t *triState) String() string {
	switch *t {
	case setTrue:
		return "true"
	case setFalse:
		return "false"
	}
	return "unset"
}
func (t *triState) Set(v string) error {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return err
	}
	*t = setFalse
	if b {
		*t = setTrue
	}
	return nil
}

// VetUnitFlags are the flags unitchecker accepts, which go vet passes on to every process.
type VetUnitFlags struct {
	JSON    bool // -json: print JSON
	Context int  // -c=N: print N lines of context
	Fix     bool // -fix: apply suggested fixes
	Diff    bool // -diff: with -fix, print a diff instead
}

// ParseVetUnitFlags parses args as unitchecker does: -NAME enables an analyzer (if any is
// enabled, only those run; otherwise those disabled with -NAME=false do not), -NAME.flag sets an
// analyzer's flag, and -json, -c, -fix and -diff choose the output. It returns the analyzers to
// run and the remaining arguments.
func ParseVetUnitFlags(analyzers []*analysis.Analyzer, args []string, stderr io.Writer) ([]*analysis.Analyzer, VetUnitFlags, []string, error) {
	fs := flag.NewFlagSet("tenantvet", flag.ContinueOnError)
	fs.SetOutput(stderr)
	enabled := map[*analysis.Analyzer]*triState{}
	for _, a := range analyzers {
		ts := new(triState)
		fs.Var(ts, a.Name, fmt.Sprintf("enable %q analysis", a.Name))
		enabled[a] = ts
		a.Flags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, a.Name+"."+f.Name, f.Usage) })
	}
	var fl VetUnitFlags
	fs.BoolVar(&fl.JSON, "json", false, "emit JSON output")
	fs.IntVar(&fl.Context, "c", -1, "display offending line with this many lines of context")
	fs.BoolVar(&fl.Fix, "fix", false, "apply all suggested fixes")
	fs.BoolVar(&fl.Diff, "diff", false, "with -fix, don't update the files, but print a unified diff")
	for _, name := range []string{"source", "v", "all"} {
		fs.Bool(name, false, "no effect (deprecated)")
	}
	fs.String("tags", "", "no effect (deprecated)")
	if err := fs.Parse(args); err != nil {
		return nil, fl, nil, err
	}
	var hasTrue, hasFalse bool
	for _, ts := range enabled {
		hasTrue = hasTrue || *ts == setTrue
		hasFalse = hasFalse || *ts == setFalse
	}
	var keep []*analysis.Analyzer
	for _, a := range analyzers {
		if hasTrue && *enabled[a] == setTrue || !hasTrue && *enabled[a] != setFalse {
			keep = append(keep, a)
		}
	}
	return keep, fl, fs.Args(), nil
}

// RunVetUnit analyses the package described by the .cfg file cfgFile and returns the exit code.
func RunVetUnit(cfgFile string, analyzers, all []*analysis.Analyzer, fl VetUnitFlags, stderr io.Writer) int {
	data, err := os.ReadFile(cfgFile)
	if err != nil {
		fmt.Fprintf(stderr, "tenantvet: %v\n", err)
		return ExitError
	}
	var cfg VetUnitConfig
	if err := json.Unmarshal(data, &cfg); err != nil {
		fmt.Fprintf(stderr, "tenantvet: cannot decode JSON config file %s: %v\n", cfgFile, err)
		return ExitError
	}
	if len(cfg.GoFiles) == 0 {
		// The go command only runs vet on packages with Go files; be safe anyway.
		fmt.Fprintf(stderr, "tenantvet: package has no files: %s\n", cfg.ImportPath)
		return ExitError
	}
	stdout := io.Writer(os.Stdout)
	if cfg.Stdout != "" {
		f, err := os.Create(cfg.Stdout)
		if err != nil {
			fmt.Fprintf(stderr, "tenantvet: %v\n", err)
			return ExitError
		}
		defer f.Close()
		stdout = f
	}
	// Every fact type is registered, so that facts of analyzers not run here still decode.
	for _, a := range requirementOrder(all) {
		for _, f := range a.FactTypes {
			gob.Register(f)
		}
	}
	u, err := newVetUnit(&cfg)
	if err == nil {
		err = u.check()
	}
	if err != nil {
		if cfg.SucceedOnTypecheckFailure {
			// go test reports the build failure itself.
			_ = u.writeVetx(nil)
			return ExitClean
		}
		if cfg.VetxOnly {
			return ExitFindings
		}
		switch err.(type) {
		case types.Error, *scanner.Error, scanner.ErrorList:
			fmt.Fprintln(stderr, err)
		default:
			fmt.Fprintf(stderr, "tenantvet: %v\n", err)
		}
		return ExitFindings
	}

	order := requirementOrder(analyzers)
	if cfg.VetxOnly {
		var factful []*analysis.Analyzer
		for _, a := range order {
			if len(a.FactTypes) > 0 {
				factful = append(factful, a)
			}
		}
		order = requirementOrder(factful)
	}
	roots := map[*analysis.Analyzer]bool{}
	for _, a := range analyzers {
		roots[a] = true
	}
	type outcome struct {
		a     *analysis.Analyzer
		diags []analysis.Diagnostic
		err   error
	}
	var outcomes []outcome
	results := map[*analysis.Analyzer]any{}
	failed := map[*analysis.Analyzer]bool{}
	for _, a := range order {
		var missing []string
		for _, r := range a.Requires {
			if failed[r] {
				missing = append(missing, r.Name)
			}
		}
		var diags []analysis.Diagnostic
		var err error
		if len(missing) > 0 {
			sort.Strings(missing)
			err = fmt.Errorf("failed prerequisites: %s", strings.Join(missing, ", "))
		} else {
			pass := u.pass(a, results, func(d analysis.Diagnostic) { diags = append(diags, d) })
			results[a], err = runAnalyzer(a, pass)
		}
		if err != nil {
			failed[a] = true
		}
		if roots[a] {
			outcomes = append(outcomes, outcome{a, diags, err})
		}
	}
	if err := u.writeVetx(u.facts.encode(u.pkg)); err != nil {
		fmt.Fprintf(stderr, "tenantvet: fact export failed: %v\n", err)
		return ExitError
	}
	if cfg.VetxOnly {
		return ExitClean
	}

	code := ExitClean
	if fl.JSON {
		tree := map[string]map[string]any{}
		for _, o := range outcomes {
			var v any
			if o.err != nil {
				v = struct {
					Err string `json:"error"`
				}{o.err.Error()}
			} else if len(o.diags) > 0 {
				v = vetJSONDiagnostics(u.fset, o.diags)
			} else {
				continue
			}
			if tree[cfg.ID] == nil {
				tree[cfg.ID] = map[string]any{}
			}
			tree[cfg.ID][o.a.Name] = v
		}
		out, err := json.MarshalIndent(tree, "", "\t")
		if err != nil {
			fmt.Fprintf(stderr, "tenantvet: %v\n", err)
			return ExitError
		}
		fmt.Fprintf(stdout, "%s\n", out)
		return code
	}
	for _, o := range outcomes {
		if o.err != nil {
			fmt.Fprintf(stderr, "tenantvet: %v\n", o.err)
			code = ExitFindings
		}
	}
	for _, o := range outcomes {
		for _, d := range o.diags {
			printVetPlain(stderr, u.fset, fl.Context, d)
			code = ExitFindings
		}
	}
	return code
}

// vetUnit is one package being analysed under go vet.
type vetUnit struct {
	cfg     *VetUnitConfig
	fset    *token.FileSet
	files   []*ast.File
	pkg     *types.Package
	info    *types.Info
	sizes   types.Sizes
	imports map[string]*types.Package // by package path, direct and indirect
	vetx    map[string]*vetxEntry     // by package path, direct imports
	facts   *vetFacts
}

type vetxEntry struct{ types, facts []byte }

func newVetUnit(cfg *VetUnitConfig) (*vetUnit, error) {
	u := &vetUnit{cfg: cfg, fset: token.NewFileSet(), imports: map[string]*types.Package{}, vetx: map[string]*vetxEntry{}}
	for path, file := range cfg.PackageVetx {
		e, err := readVetx(file)
		if err != nil {
			return u, fmt.Errorf("invalid vetx file for %q: %v", path, err)
		}
		u.vetx[path] = e
	}
	return u, nil
}

func readVetx(file string) (*vetxEntry, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	return unpackVetx(data)
}

// packVetx lays out a vetx file: the magic word, the lengths of the two sections, the types
// (export data, possibly empty) and the facts. tenantvet's own cache stores units the same way.
func packVetx(typesData, facts []byte) []byte {
	out := make([]byte, 12, 12+len(typesData)+len(facts))
	copy(out, vetxMagic)
	binenc.LittleEndian.PutUint32(out[4:8], uint32(len(typesData)))
	binenc.LittleEndian.PutUint32(out[8:12], uint32(len(facts)))
	return append(append(out, typesData...), facts...)
}

func unpackVetx(data []byte) (*vetxEntry, error) {
	if len(data) < 12 || string(data[:4]) != vetxMagic {
		return nil, errors.New("not a tenantvet vetx file")
	}
	nt, nf := binenc.LittleEndian.Uint32(data[4:8]), binenc.LittleEndian.Uint32(data[8:12])
	if uint64(12)+uint64(nt)+uint64(nf) > uint64(len(data)) {
		return nil, errors.New("truncated vetx file")
	}
	return &vetxEntry{types: data[12 : 12+nt], facts: data[12+nt : 12+nt+nf]}, nil
}

// check parses and type-checks the package and reads its imports' facts.
func (u *vetUnit) check() error {
	for _, name := range u.cfg.GoFiles {
		f, err := parser.ParseFile(u.fset, name, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		u.files = append(u.files, f)
	}
	u.sizes = types.SizesFor("gc", build.Default.GOARCH)
	tc := &types.Config{
		Importer:  importerFunc(u.importPackage),
		Sizes:     u.sizes,
		GoVersion: u.cfg.GoVersion,
	}
	u.info = newTypesInfo()
	pkg, err := tc.Check(u.cfg.ImportPath, u.fset, u.files, u.info)
	if err != nil {
		return err
	}
	u.pkg = pkg
	u.facts = &vetFacts{pkg: pkg, objs: map[objFactKey]analysis.Fact{}, pkgs: map[pkgFactKey]analysis.Fact{}}
	return u.facts.decode(u.vetx, u.imports)
}

// importPackage gives the types of an import: from the compiler's export data when the go
// command names it, else from the types section of the import's vetx file.
func (u *vetUnit) importPackage(importPath string) (*types.Package, error) {
	path, ok := u.cfg.ImportMap[importPath]
	if !ok {
		return nil, fmt.Errorf("can't resolve import %q", importPath)
	}
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	if p, ok := u.imports[path]; ok && p.Complete() {
		return p, nil
	}
	if file := u.cfg.PackageFile[path]; file != "" {
		f, err := os.Open(file)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r, err := gcexportdata.NewReader(bufio.NewReader(f))
		if err != nil {
			return nil, fmt.Errorf("reading export data for %q: %v", path, err)
		}
		return gcexportdata.Read(r, u.fset, u.imports, path)
	}
	if e := u.vetx[path]; e != nil && len(e.types) > 0 {
		return gcexportdata.Read(bytes.NewReader(e.types), u.fset, u.imports, path)
	}
	return nil, fmt.Errorf("no type information for %q", path)
}

// writeVetx writes the package's vetx file: its types when some import came without compiler
// export data (then its users may lack it too), and its facts.
func (u *vetUnit) writeVetx(facts []byte) error {
	if u.cfg.VetxOutput == "" {
		return nil
	}
	var typesData []byte
	if u.pkg != nil && u.needTypes() {
		var buf bytes.Buffer
		if err := gcexportdata.Write(&buf, u.fset, u.pkg); err != nil {
			return err
		}
		typesData = buf.Bytes()
	}
	return os.WriteFile(u.cfg.VetxOutput, packVetx(typesData, facts), 0o666)
}

func (u *vetUnit) needTypes() bool {
	n := 0
	for _, path := range u.cfg.ImportMap {
		if path == "unsafe" {
			continue
		}
		n++
		if u.cfg.PackageFile[path] == "" {
			return true
		}
	}
	return n == 0 // a package without imports cannot tell; its types are small
}

// pass builds the analysis.Pass of analyzer a.
func (u *vetUnit) pass(a *analysis.Analyzer, results map[*analysis.Analyzer]any, report func(analysis.Diagnostic)) *analysis.Pass {
	module := &analysis.Module{}
	if u.cfg.ModulePath != "" {
		module = &analysis.Module{Path: u.cfg.ModulePath, Version: u.cfg.ModuleVersion, GoVersion: strings.TrimPrefix(u.cfg.GoVersion, "go")}
	}
	inputs := map[*analysis.Analyzer]any{}
	for _, r := range a.Requires {
		inputs[r] = results[r]
	}
	allowed := map[reflect.Type]bool{}
	for _, f := range a.FactTypes {
		allowed[reflect.TypeOf(f)] = true
	}
	fs := u.facts
	return &analysis.Pass{
		Analyzer:     a,
		Fset:         u.fset,
		Files:        u.files,
		OtherFiles:   u.cfg.NonGoFiles,
		IgnoredFiles: u.cfg.IgnoredFiles,
		Pkg:          u.pkg,
		TypesInfo:    u.info,
		TypesSizes:   u.sizes,
		Module:       module,
		ResultOf:     inputs,
		Report:       report,
		ReadFile:     os.ReadFile,
		ImportObjectFact: func(obj types.Object, ptr analysis.Fact) bool {
			if obj == nil {
				return false
			}
			f, ok := fs.objs[objFactKey{obj, reflect.TypeOf(ptr)}]
			if ok {
				reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(f).Elem())
			}
			return ok
		},
		ExportObjectFact: func(obj types.Object, f analysis.Fact) {
			if obj.Pkg() != u.pkg {
				panic(fmt.Sprintf("%s: fact about %s, which belongs to another package", a.Name, obj))
			}
			if !allowed[reflect.TypeOf(f)] {
				panic(fmt.Sprintf("%s: fact type %T not declared", a.Name, f))
			}
			fs.objs[objFactKey{obj, reflect.TypeOf(f)}] = f
		},
		ImportPackageFact: func(pkg *types.Package, ptr analysis.Fact) bool {
			f, ok := fs.pkgs[pkgFactKey{pkg, reflect.TypeOf(ptr)}]
			if ok {
				reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(f).Elem())
			}
			return ok
		},
		ExportPackageFact: func(f analysis.Fact) {
			if !allowed[reflect.TypeOf(f)] {
				panic(fmt.Sprintf("%s: fact type %T not declared", a.Name, f))
			}
			fs.pkgs[pkgFactKey{u.pkg, reflect.TypeOf(f)}] = f
		},
		AllObjectFacts: func() []analysis.ObjectFact {
			var out []analysis.ObjectFact
			for k, f := range fs.objs {
				if allowed[k.t] {
					out = append(out, analysis.ObjectFact{Object: k.obj, Fact: f})
				}
			}
			return out
		},
		AllPackageFacts: func() []analysis.PackageFact {
			var out []analysis.PackageFact
			for k, f := range fs.pkgs {
				if allowed[k.t] {
					out = append(out, analysis.PackageFact{Package: k.pkg, Fact: f})
				}
			}
			return out
		},
	}
}

type pkgFactKey struct {
	pkg *types.Package
	t   reflect.Type
}

// vetFacts holds the facts of a package and those read from its imports.
type vetFacts struct {
	pkg  *types.Package
	objs map[objFactKey]analysis.Fact
	pkgs map[pkgFactKey]analysis.Fact
}

// vetFact is one fact in a vetx file. The fields are those of unitchecker's encoding.
type vetFact struct {
	PkgPath string
	Object  objectpath.Path // empty for a package fact
	Fact    analysis.Fact
}

// decode reads the facts in the direct imports' vetx files. A fact about a package or object
// this package's types do not reach is dropped: nothing here can ask for it.
func (s *vetFacts) decode(vetx map[string]*vetxEntry, imports map[string]*types.Package) error {
	for _, imp := range s.pkg.Imports() {
		e := vetx[imp.Path()]
		if e == nil || len(e.facts) == 0 {
			continue
		}
		var facts []vetFact
		if err := gob.NewDecoder(bytes.NewReader(e.facts)).Decode(&facts); err != nil {
			return fmt.Errorf("decoding facts for %q: %v", imp.Path(), err)
		}
		for _, f := range facts {
			pkg := imports[f.PkgPath]
			if pkg == nil || f.Fact == nil {
				continue
			}
			t := reflect.TypeOf(f.Fact)
			if f.Object == "" {
				s.pkgs[pkgFactKey{pkg, t}] = f.Fact
				continue
			}
			obj, err := objectpath.Object(pkg, f.Object)
			if err != nil {
				continue // most likely an unexported object this package cannot see
			}
			s.objs[objFactKey{obj, t}] = f.Fact
		}
	}
	return nil
}

// encode returns the facts to pass on to the package's importers: its own, and imported facts
// about types, fields and methods (imported package facts and facts about other package-level
// objects are read from direct imports only, as with unitchecker).
func (s *vetFacts) encode(pkg *types.Package) []byte {
	if s == nil {
		return nil
	}
	enc := new(objectpath.Encoder)
	var out []vetFact
	for k, f := range s.objs {
		if k.obj.Pkg() != pkg {
			if _, isType := k.obj.(*types.TypeName); !isType && k.obj.Parent() == k.obj.Pkg().Scope() {
				continue
			}
		}
		path, err := enc.For(k.obj)
		if err != nil {
			continue // not reachable from the package's API
		}
		out = append(out, vetFact{PkgPath: k.obj.Pkg().Path(), Object: path, Fact: f})
	}
	for k, f := range s.pkgs {
		if k.pkg == pkg {
			out = append(out, vetFact{PkgPath: pkg.Path(), Fact: f})
		}
	}
	if len(out) == 0 {
		return nil
	}
	sortFacts(out)
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(out); err != nil {
		panic(fmt.Sprintf("tenantvet: encoding facts of %s: %v", pkg.Path(), err))
	}
	return buf.Bytes()
}

// sortFacts puts facts in a deterministic order, so that the same input gives the same file
// (the go command and tenantvet's own cache key files by content).
func sortFacts(out []vetFact) {
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.PkgPath != b.PkgPath {
			return a.PkgPath < b.PkgPath
		}
		if a.Object != b.Object {
			return a.Object < b.Object
		}
		return reflect.TypeOf(a.Fact).String() < reflect.TypeOf(b.Fact).String()
	})
}

// printVetPlain prints a diagnostic as unitchecker does: position and message, then with -c=N
// the offending lines and N lines of context.
func printVetPlain(out io.Writer, fset *token.FileSet, contextLines int, d analysis.Diagnostic) {
	print := func(pos, end token.Pos, message string) {
		posn := fset.Position(pos)
		fmt.Fprintf(out, "%s: %s\n", posn, message)
		if contextLines < 0 {
			return
		}
		endPosn := fset.Position(end)
		if !endPosn.IsValid() {
			endPosn = posn
		}
		data, _ := os.ReadFile(posn.Filename)
		lines := strings.Split(string(data), "\n")
		for i := posn.Line - contextLines; i <= endPosn.Line+contextLines; i++ {
			if 1 <= i && i <= len(lines) {
				fmt.Fprintf(out, "%d\t%s\n", i, lines[i-1])
			}
		}
	}
	print(d.Pos, d.End, d.Message)
	for _, r := range d.Related {
		print(r.Pos, r.End, "\t"+r.Message)
	}
}

// The JSON form of diagnostics, as unitchecker prints them with -json.
type vetJSONTextEdit struct {
	Filename string `json:"filename"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	New      string `json:"new"`
}

type vetJSONSuggestedFix struct {
	Message string            `json:"message"`
	Edits   []vetJSONTextEdit `json:"edits"`
}

type vetJSONRelated struct {
	Posn    string `json:"posn"`
	End     string `json:"end"`
	Message string `json:"message"`
}

// VetJSONDiagnostic is one diagnostic of the -json output, as unitchecker prints it.
type VetJSONDiagnostic struct {
	Category       string                `json:"category,omitempty"`
	Posn           string                `json:"posn"`
	End            string                `json:"end"`
	Message        string                `json:"message"`
	SuggestedFixes []vetJSONSuggestedFix `json:"suggested_fixes,omitempty"`
	Related        []vetJSONRelated      `json:"related,omitempty"`
}

func vetJSONDiagnostics(fset *token.FileSet, diags []analysis.Diagnostic) []VetJSONDiagnostic {
	out := make([]VetJSONDiagnostic, 0, len(diags))
	for _, d := range diags {
		var fixes []vetJSONSuggestedFix
		for _, fix := range d.SuggestedFixes {
			var edits []vetJSONTextEdit
			for _, e := range fix.TextEdits {
				edits = append(edits, vetJSONTextEdit{
					Filename: fset.Position(e.Pos).Filename,
					Start:    fset.Position(e.Pos).Offset,
					End:      fset.Position(e.End).Offset,
					New:      string(e.NewText),
				})
			}
			fixes = append(fixes, vetJSONSuggestedFix{Message: fix.Message, Edits: edits})
		}
		var related []vetJSONRelated
		for _, r := range d.Related {
			related = append(related, vetJSONRelated{
				Posn:    fset.Position(r.Pos).String(),
				End:     fset.Position(cmp.Or(r.End, r.Pos)).String(),
				Message: r.Message,
			})
		}
		out = append(out, VetJSONDiagnostic{
			Category:       d.Category,
			Posn:           fset.Position(d.Pos).String(),
			End:            fset.Position(cmp.Or(d.End, d.Pos)).String(),
			Message:        d.Message,
			SuggestedFixes: fixes,
			Related:        related,
		})
	}
	return out
}
