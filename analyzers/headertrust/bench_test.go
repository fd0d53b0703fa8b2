package headertrust_test

import (
	"fmt"
	"go/ast"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/packages"

	"github.com/tenantvet/tenantvet/analyzers/headertrust"
)

// astWalk is the baseline: the cheapest analyzer worth the name, one Preorder over the calls.
var astWalk = &analysis.Analyzer{
	Name:     "astwalk",
	Doc:      "count calls",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		n := 0
		pass.ResultOf[inspect.Analyzer].(*inspector.Inspector).Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(ast.Node) { n++ })
		return n, nil
	},
	ResultType: reflect.TypeOf(0),
}

// ssaFloor is what any fact-exporting SSA analyzer pays: SSA for every package, dependencies
// included, and nothing else. It shows how much of headertrust's time is its own.
var ssaFloor = &analysis.Analyzer{
	Name:      "ssafloor",
	Doc:       "build SSA everywhere",
	Requires:  []*analysis.Analyzer{buildssa.Analyzer},
	FactTypes: []analysis.Fact{new(noFact)},
	Run: func(pass *analysis.Pass) (any, error) {
		return len(pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs), nil
	},
	ResultType: reflect.TypeOf(0),
}

type noFact struct{}

func (*noFact) AFact() {}

const benchPackages = 200

// writeBenchModule generates a module of small HTTP handler packages, each importing the
// previous one so facts cross package boundaries.
func writeBenchModule(tb testing.TB, dir string, n int) {
	tb.Helper()
	write := func(name, text string) {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	write(filepath.Join(dir, "go.mod"), "module benchmod\n\ngo 1.26\n")
	for i := 0; i < n; i++ {
		var b strings.Builder
		fmt.Fprintf(&b, "package p%03d\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\t\"net/http\"\n\t\"os\"\n\t\"path/filepath\"\n\t\"strings\"\n", i)
		if i > 0 {
			fmt.Fprintf(&b, "\n\tprev \"benchmod/p%03d\"\n", i-1)
		}
		b.WriteString(`)

type OrgID string

type ExportPayload struct {
	TenantID string
	Kind     string
}

// Load reaches a storage path through its parameter.
func Load(root, tenantID string) error {
	_, err := os.Open(filepath.Join(root, tenantID, "notes.csv"))
	return err
}

var members = map[string]string{}

// Verify maps the claim to the tenant the session belongs to (a lookup, not the claim itself).
func Verify(ctx context.Context, claim string) (string, error) {
	return members[strings.TrimSpace(claim)], nil
}

func Handler(w http.ResponseWriter, r *http.Request) {
	claim := r.Header.Get("X-Tenant-ID")
	fmt.Fprintln(w, "request", r.Header.Get("X-Request-ID"), claim)
	if r.Method == http.MethodPost {
		_ = Load("/data", claim)
	}
	v, err := Verify(r.Context(), claim)
	if err != nil {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	_ = ExportPayload{TenantID: v, Kind: "export"}
	_ = OrgID(r.URL.Query().Get("page"))
	_ = Load("/verified", v)
`)
		if i > 0 {
			b.WriteString("\t_ = prev.Load(\"/prev\", v)\n")
		}
		b.WriteString(`}

func words(s string) map[string]int {
	m := map[string]int{}
	for _, w := range strings.Fields(s) {
		m[strings.ToLower(w)]++
	}
	return m
}

func top(m map[string]int) (string, int) {
	best, n := "", 0
	for k, v := range m {
		if v > n || (v == n && k < best) {
			best, n = k, v
		}
	}
	return best, n
}

func Summary(w http.ResponseWriter, r *http.Request) {
	k, n := top(words(r.URL.Query().Get("q")))
	fmt.Fprintf(w, "%s=%d\n", k, n)
}
`)
		write(filepath.Join(dir, fmt.Sprintf("p%03d", i), "p.go"), b.String())
	}
}

// BenchmarkHeadertrust compares headertrust with the AST-walk baseline over the same loaded
// module of benchPackages packages. Both run through checker.Analyze in each iteration; the
// metrics are the mean time per run of each and their ratio, and the same for ssafloor. headertrust has facts, so it also
// runs (with SSA) over every dependency, the standard library included; the baseline runs on
// the module's packages only.
func BenchmarkHeadertrust(b *testing.B) {
	dir := b.TempDir()
	writeBenchModule(b, dir, benchPackages)
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Env: append(os.Environ(), "GOWORK=off", "GOFLAGS=")}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		b.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 || len(pkgs) != benchPackages {
		b.Fatalf("loaded %d packages with errors", len(pkgs))
	}
	run := func(a *analysis.Analyzer) (time.Duration, int) {
		start := time.Now()
		g, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
		if err != nil {
			b.Fatal(err)
		}
		d := time.Since(start)
		diags := 0
		for _, act := range g.Roots {
			if act.Err != nil {
				b.Fatal(act.Err)
			}
			diags += len(act.Diagnostics)
		}
		return d, diags
	}
	var ht, walk, floor time.Duration
	var diags int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d, n := run(headertrust.Analyzer)
		ht += d
		diags = n
		d, _ = run(astWalk)
		walk += d
		d, _ = run(ssaFloor)
		floor += d
	}
	if want := benchPackages; diags != want {
		b.Fatalf("headertrust reported %d findings, want %d (one unverified claim reaching Load per package)", diags, want)
	}
	b.ReportMetric(float64(ht.Nanoseconds())/float64(b.N), "headertrust-ns/op")
	b.ReportMetric(float64(walk.Nanoseconds())/float64(b.N), "astwalk-ns/op")
	b.ReportMetric(float64(floor.Nanoseconds())/float64(b.N), "ssafloor-ns/op")
	b.ReportMetric(float64(ht)/float64(walk), "ratio")
	b.ReportMetric(float64(ht)/float64(floor), "ratio-to-ssafloor")
}
