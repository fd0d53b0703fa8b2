package logredact_test

import (
	"fmt"
	"go/ast"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/packages"

	"github.com/tenantvet/tenantvet/analyzers/logredact"
)

// benchPackages is the number of packages of the generated module.
const benchPackages = 200

// benchSource is the logging code of each generated package: handlers and helpers with slog,
// log and fmt calls, safe and unsafe, a request body read and structs logged whole.
const benchSource = `package %[1]s

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"os"
)

type Credentials%[2]d struct {
	Email    string
	Password string
}

type Note%[2]d struct {
	ID    string ` + "`json:\"id\"`" + `
	Title string ` + "`json:\"title\"`" + `
}

var logger%[2]d = slog.New(slog.NewJSONHandler(os.Stderr, nil))

func Handle%[2]d(w http.ResponseWriter, r *http.Request) {
	slog.Info("request", "method", r.Method, "path", r.URL.Path, "authorization", r.Header.Get("Authorization"))
	body, err := io.ReadAll(r.Body)
	if err != nil {
		log.Printf("read body: %%v", err)
		return
	}
	var n Note%[2]d
	if err := json.Unmarshal(body, &n); err != nil {
		slog.Error("bad body", "body", string(body), "err", err)
		return
	}
	logger%[2]d.InfoContext(r.Context(), "note", "id", n.ID, "title", n.Title, "bytes", len(body))
	for i := 0; i < 3; i++ {
		logger%[2]d.Debug("loop", "i", i, "token_count", i*2)
	}
	fmt.Fprintf(w, "ok %%s\n", n.ID)
}

func Login%[2]d(c Credentials%[2]d, key string) {
	slog.Info("login", "email", c.Email, "creds", c, "api_key", key)
	log.Printf("login %%s token=%%s", c.Email, key)
	slog.Info("config", "dsn", os.Getenv("DATABASE_URL"))
}

func Compute%[2]d(xs []int) int {
	total := 0
	for _, x := range xs {
		switch {
		case x%%2 == 0:
			total += x
		default:
			total -= x
		}
	}
	slog.Debug("computed", "total", total, "n", len(xs))
	return total
}
`

// writeBenchModule writes a module of benchPackages packages into dir.
func writeBenchModule(tb testing.TB, dir string) {
	tb.Helper()
	write := func(name, text string) {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	write("go.mod", "module bench.example\n\ngo 1.26\n")
	for i := range benchPackages {
		name := fmt.Sprintf("p%03d", i)
		write(filepath.Join(name, name+".go"), fmt.Sprintf(benchSource, name, i))
	}
}

// astWalk is the baseline: an analyzer that only walks the syntax once with the inspector.
var astWalk = &analysis.Analyzer{
	Name:     "astwalk",
	Doc:      "count call expressions (benchmark baseline)",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		n := 0
		ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		ins.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(ast.Node) { n++ })
		return n, nil
	},
	ResultType: reflect.TypeOf(0),
}

// ssaOnly builds SSA and does nothing else: the share of logredact's time that any SSA-based
// pass pays (ctrlflow runs over every dependency, buildssa over every root package).
var ssaOnly = &analysis.Analyzer{
	Name:     "ssaonly",
	Doc:      "build SSA only (benchmark baseline)",
	Requires: []*analysis.Analyzer{buildssa.Analyzer},
	Run:      func(pass *analysis.Pass) (any, error) { return nil, nil },
}

// BenchmarkLogredact times logredact against an AST-walk-only analyzer on the same generated
// module, loaded once, and reports both and their ratio. Each iteration runs each analyzer in a
// fresh checker.Analyze: logredact pays for SSA (and ctrlflow over the dependencies) every time,
// as a standalone driver would.
func BenchmarkLogredact(b *testing.B) {
	dir := b.TempDir()
	writeBenchModule(b, dir)
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Tests: false}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		b.Fatal(err)
	}
	if n := packages.PrintErrors(pkgs); n > 0 || len(pkgs) != benchPackages {
		b.Fatalf("loaded %d packages with %d errors, want %d clean ones", len(pkgs), n, benchPackages)
	}
	run := func(a *analysis.Analyzer) (time.Duration, int) {
		start := time.Now()
		g, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
		if err != nil {
			b.Fatal(err)
		}
		d := time.Since(start)
		diags := 0
		for act := range g.All() {
			if act.IsRoot {
				if act.Err != nil {
					b.Fatalf("%s: %v", act, act.Err)
				}
				diags += len(act.Diagnostics)
			}
		}
		return d, diags
	}
	var lr, aw, so time.Duration
	var diags int
	b.ResetTimer()
	for range b.N {
		d, n := run(logredact.Analyzer)
		lr += d
		diags = n
		d, _ = run(astWalk)
		aw += d
		d, _ = run(ssaOnly)
		so += d
	}
	b.StopTimer()
	if want := 6 * benchPackages; diags != want {
		b.Errorf("logredact reported %d diagnostics, want %d", diags, want)
	}
	b.ReportMetric(float64(lr.Nanoseconds())/float64(b.N), "logredact-ns/op")
	b.ReportMetric(float64(aw.Nanoseconds())/float64(b.N), "astwalk-ns/op")
	b.ReportMetric(float64(so.Nanoseconds())/float64(b.N), "ssaonly-ns/op")
	b.ReportMetric(float64(lr)/float64(aw), "ratio")
	b.ReportMetric(float64(lr)/float64(so), "ratio-to-ssa")
	b.ReportMetric(float64(benchPackages), "pkgs")
}
