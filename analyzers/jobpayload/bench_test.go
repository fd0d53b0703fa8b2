package jobpayload_test

import (
	"fmt"
	"go/ast"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/packages"

	"github.com/tenantvet/tenantvet/analyzers/jobpayload"
)

const benchPackages = 220

// astWalk is the baseline: one inspector Preorder over every call of the package.
var astWalk = &analysis.Analyzer{
	Name:     "astwalk",
	Doc:      "baseline: one Preorder over the calls of a package",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		n := 0
		for range pass.ResultOf[inspect.Analyzer].(*inspector.Inspector).Root().Preorder((*ast.CallExpr)(nil)) {
			n++
		}
		return nil, nil
	},
}

type nopFact struct{}

func (*nopFact) AFact() {}

// astWalkFacts is the baseline with a fact type, so the checker runs it on the same packages
// (dependencies included) as jobpayload, which exports facts.
var astWalkFacts = &analysis.Analyzer{
	Name:      "astwalkfacts",
	Doc:       astWalk.Doc,
	Requires:  astWalk.Requires,
	Run:       astWalk.Run,
	FactTypes: []analysis.Fact{new(nopFact)},
}

// BenchmarkJobpayload times jobpayload against an AST-walk-only analyzer on a generated module
// of benchPackages packages with river and asynq job code, loaded once. In "syntax" the asynq
// payloads are marshalled into a variable assigned once, which the syntax resolves; in "ssa"
// every package also has a task whose bytes come from two branches, so SSA is built for every
// package: the worst case.
// "ratio" compares with the baseline run on the module's packages only; "ratio-same-pkgs" with
// the baseline declaring a fact type, so that the checker runs it on the same packages
// (dependencies included) as jobpayload, which exports facts.
func BenchmarkJobpayload(b *testing.B) {
	b.Run("syntax", func(b *testing.B) { benchJobpayload(b, false) })
	b.Run("ssa", func(b *testing.B) { benchJobpayload(b, true) })
}

func benchJobpayload(b *testing.B, ssaTasks bool) {
	dir := b.TempDir()
	writeBenchModule(b, dir, ssaTasks)
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  dir,
		Env:  append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off"),
	}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		b.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 || len(pkgs) < benchPackages {
		b.Fatalf("loaded %d packages with errors", len(pkgs))
	}
	analyze := func(a *analysis.Analyzer) time.Duration {
		b.StopTimer()
		runtime.GC() // do not charge one analyzer for the garbage of the other
		b.StartTimer()
		start := time.Now()
		res, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
		if err != nil {
			b.Fatal(err)
		}
		for _, act := range res.Roots {
			if act.Err != nil {
				b.Fatal(act.Err)
			}
		}
		return time.Since(start)
	}
	var jp, ast, astf time.Duration
	b.ResetTimer()
	for b.Loop() {
		jp += analyze(jobpayload.Analyzer)
		ast += analyze(astWalk)
		astf += analyze(astWalkFacts)
	}
	n := float64(b.N)
	b.ReportMetric(float64(jp.Milliseconds())/n, "jobpayload-ms/op")
	b.ReportMetric(float64(ast.Milliseconds())/n, "astwalk-ms/op")
	b.ReportMetric(float64(astf.Milliseconds())/n, "astwalk+facts-ms/op")
	b.ReportMetric(float64(jp)/float64(ast), "ratio")
	b.ReportMetric(float64(jp)/float64(astf), "ratio-same-pkgs")
}

// writeBenchModule writes a module of benchPackages job packages plus the stand-ins of
// testdata/src as replaced modules.
func writeBenchModule(b *testing.B, dir string, ssaTasks bool) {
	b.Helper()
	write := func(name, content string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	mods := map[string]string{
		"github.com/riverqueue/river":    "river",
		"github.com/hibiken/asynq":       "asynq",
		"github.com/jackc/pgx/v5":        "pgx",
		"github.com/google/uuid":         "uuid",
		"github.com/tenantvet/tenantvet": "tenantvet",
	}
	var req, repl strings.Builder
	for mod, short := range mods {
		fmt.Fprintf(&req, "\t%s %s\n", mod, modVersion(mod))
		fmt.Fprintf(&repl, "\t%s => ./third_party/%s\n", mod, short)
		src := filepath.Join("testdata", "src", filepath.FromSlash(mod))
		err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, path)
			write(filepath.Join("third_party", short, rel), string(data))
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		write(filepath.Join("third_party", short, "go.mod"), "module "+mod+"\n\ngo 1.26\n")
	}
	// The stand-ins import each other; let each replaced module see the others.
	for _, short := range mods {
		gomod := filepath.Join(dir, "third_party", short, "go.mod")
		data, _ := os.ReadFile(gomod)
		var r strings.Builder
		for mod, s := range mods {
			if s != short {
				fmt.Fprintf(&r, "\t%s => ../%s\n", mod, s)
			}
		}
		write(filepath.Join("third_party", short, "go.mod"), string(data)+"\nrequire (\n"+strings.ReplaceAll(req.String(), "\t"+modOf(mods, short)+" "+modVersion(modOf(mods, short))+"\n", "")+")\n\nreplace (\n"+r.String()+")\n")
	}
	write("go.mod", "module bench.example\n\ngo 1.26\n\nrequire (\n"+req.String()+")\n\nreplace (\n"+repl.String()+")\n")
	for i := range benchPackages {
		write(fmt.Sprintf("p%03d/jobs.go", i), benchPackage(i))
		if ssaTasks {
			write(fmt.Sprintf("p%03d/tasks.go", i), fmt.Sprintf(benchSSATasks, i))
		}
	}
}

func modVersion(mod string) string {
	if strings.HasSuffix(mod, "/v5") {
		return "v5.0.0"
	}
	return "v0.0.0"
}

func modOf(mods map[string]string, short string) string {
	for m, s := range mods {
		if s == short {
			return m
		}
	}
	return ""
}

func benchPackage(i int) string {
	var dep, useDep string
	if i%10 != 0 {
		dep = fmt.Sprintf("\tdep \"bench.example/p%03d\"\n", i-1)
		useDep = "\t_ = dep.Count(3)\n"
	}
	tenantField := "\tTenantID  tenant.ID\n"
	if i%5 == 0 {
		tenantField = "" // a leak every fifth package
	}
	var filler strings.Builder
	for j := range 15 {
		fmt.Fprintf(&filler, `
func filler%d(xs []int) (int, error) {
	total := 0
	for i, x := range xs {
		if x%%2 == 0 {
			total += x * i
		} else if x > 100 {
			return 0, fmt.Errorf("value %%d too large", x)
		}
	}
	m := map[string]int{"a": total}
	return m["a"] + len(strings.Repeat("x", %d)), nil
}
`, j, j)
	}
	return fmt.Sprintf(`package p%03d

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hibiken/asynq"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
%s)

type DigestArgs struct {
%s	ProjectID string
}

func (DigestArgs) Kind() string { return "digest%d" }

type MailPayload struct {
	TenantID tenant.ID
	To       string
}

type Worker struct {
	pool   *pgxpool.Pool
	client *river.Client[pgx.Tx]
}

func Count(n int) int { return n * 2 }

func (w *Worker) Enqueue(ctx context.Context, projectID string) error {
	_, err := w.client.Insert(ctx, DigestArgs{ProjectID: projectID}, nil)
%s	return err
}

func (w *Worker) Work(ctx context.Context, job *river.Job[DigestArgs]) error {
	if _, err := w.pool.Exec(ctx, "SELECT 1"); err != nil {
		return err
	}
	return tenantdb.WithTenant(ctx, w.pool, tenant.MustParse("00000000-0000-0000-0000-000000000001"), func(tx pgx.Tx) error {
		return load(ctx, tx, job.Args)
	})
}

func load(ctx context.Context, tx pgx.Tx, args DigestArgs) error {
	_, err := tx.Exec(ctx, "SELECT title FROM notes WHERE project_id = $1", args.ProjectID)
	return err
}

func newMailTask(ctx context.Context, to string) *asynq.Task {
	tc, _ := tenant.FromContext(ctx)
	b, _ := json.Marshal(MailPayload{TenantID: tc.TenantID, To: to})
	return asynq.NewTask("mail", b)
}


func handleMail(ctx context.Context, t *asynq.Task) error {
	var p MailPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil {
		return err
	}
	return tenantdb.WithTenant(ctx, nil, p.TenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "UPDATE mails SET sent = true WHERE recipient = $1", p.To)
		return err
	})
}
%s`, i, dep, tenantField, i, useDep, filler.String())
}

const benchSSATasks = `package p%03d

import (
	"context"
	"encoding/json"

	"github.com/hibiken/asynq"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

// newMailTasks needs SSA: its bytes come from two branches.
func newMailTasks(ctx context.Context, to string, batch bool) *asynq.Task {
	tc, _ := tenant.FromContext(ctx)
	var b []byte
	if batch {
		b, _ = json.Marshal(MailPayload{TenantID: tc.TenantID, To: to + ",ops"})
	} else {
		b, _ = json.Marshal(MailPayload{To: to})
	}
	return asynq.NewTask("mail", b)
}
`
