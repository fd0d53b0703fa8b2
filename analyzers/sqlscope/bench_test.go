package sqlscope_test

import (
	"fmt"
	"go/ast"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/packages"

	"github.com/tenantvet/tenantvet/analyzers/sqlscope"
)

const benchPackages = 220

// astWalk is the baseline: an analyzer that only walks every call once with the inspector.
var astWalk = &analysis.Analyzer{
	Name:     "astwalk",
	Doc:      "walk every call expression once",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		n := 0
		pass.ResultOf[inspect.Analyzer].(*inspector.Inspector).Preorder(nil, func(ast.Node) { n++ })
		return n, nil
	},
}

// ssaOnly isolates the cost of SSA construction: it requires buildssa and, like sqlscope, has a
// fact type, so the checker runs it (and buildssa) on every dependency too.
var ssaOnly = &analysis.Analyzer{
	Name:      "ssaonly",
	Doc:       "build SSA for every package",
	Requires:  []*analysis.Analyzer{buildssa.Analyzer},
	FactTypes: []analysis.Fact{new(benchFact)},
	Run:       func(pass *analysis.Pass) (any, error) { return nil, nil },
}

type benchFact struct{}

func (*benchFact) AFact() {}

// BenchmarkSqlscope analyses a generated module of benchPackages store packages (pgx and runtime
// stand-ins, facts flowing along import chains) with sqlscope and with the AST-walk baseline,
// loading the packages once, and reports both times per run and their ratio (sqlscope /
// astwalk). ssaonly-ms/op is the share of SSA construction on all packages and dependencies,
// which a driver running several SSA-based analyzers pays once.
func BenchmarkSqlscope(b *testing.B) {
	dir := b.TempDir()
	writeBenchModule(b, dir)
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Tests: false, Env: append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		b.Fatal(err)
	}
	if n := packages.PrintErrors(pkgs); n > 0 {
		b.Fatalf("%d errors loading the generated module", n)
	}
	if len(pkgs) < benchPackages {
		b.Fatalf("loaded %d packages, want >= %d", len(pkgs), benchPackages)
	}
	var tScope, tWalk, tSSA time.Duration
	findings := 0
	for b.Loop() {
		t0 := time.Now()
		g, err := checker.Analyze([]*analysis.Analyzer{sqlscope.Analyzer}, pkgs, nil)
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := checker.Analyze([]*analysis.Analyzer{astWalk}, pkgs, nil); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		if _, err := checker.Analyze([]*analysis.Analyzer{ssaOnly}, pkgs, nil); err != nil {
			b.Fatal(err)
		}
		tScope += t1.Sub(t0)
		tWalk += t2.Sub(t1)
		tSSA += time.Since(t2)
		findings = 0
		for act := range g.All() {
			if act.IsRoot && act.Analyzer == sqlscope.Analyzer {
				findings += len(act.Diagnostics)
			}
		}
	}
	if want := benchPackages * 2; findings != want {
		b.Errorf("sqlscope reported %d findings, want %d", findings, want)
	}
	n := float64(b.N)
	b.ReportMetric(float64(tScope.Milliseconds())/n, "sqlscope-ms/op")
	b.ReportMetric(float64(tWalk.Milliseconds())/n, "astwalk-ms/op")
	b.ReportMetric(float64(tSSA.Milliseconds())/n, "ssaonly-ms/op")
	b.ReportMetric(float64(tScope)/float64(tWalk), "ratio")
	b.ReportMetric(float64(len(pkgs)), "packages")
}

func writeBenchModule(b *testing.B, dir string) {
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
	src, err := filepath.Abs(filepath.Join("testdata", "src"))
	if err != nil {
		b.Fatal(err)
	}
	// The stand-ins become local modules the generated module replaces its imports with.
	copyDir := func(from, to, module string) {
		b.Helper()
		err := filepath.Walk(filepath.Join(src, from), func(p string, info os.FileInfo, err error) error {
			if err != nil || info.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(filepath.Join(src, from), p)
			write(filepath.Join(to, rel), string(data))
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		write(filepath.Join(to, "go.mod"), "module "+module+"\n\ngo 1.26\n")
	}
	copyDir("github.com/jackc/pgx/v5", "_deps/pgx", "github.com/jackc/pgx/v5")
	copyDir("github.com/tenantvet/tenantvet", "_deps/tenantvet", "github.com/tenantvet/tenantvet")
	write("_deps/tenantvet/go.mod", "module github.com/tenantvet/tenantvet\n\ngo 1.26\n\nrequire github.com/jackc/pgx/v5 v5.0.0\n\nreplace github.com/jackc/pgx/v5 => ../pgx\n")
	write("go.mod", `module bench

go 1.26

require (
	github.com/jackc/pgx/v5 v5.0.0
	github.com/tenantvet/tenantvet v0.0.0
)

replace (
	github.com/jackc/pgx/v5 => ./_deps/pgx
	github.com/tenantvet/tenantvet => ./_deps/tenantvet
)
`)
	for i := range benchPackages {
		var prevImport, prevCall string
		if i%10 != 0 {
			prevImport = fmt.Sprintf("\tprev \"bench/store%03d\"\n", i-1)
			prevCall = "\t\tif err := prev.Archive(ctx, tx, id); err != nil {\n\t\t\treturn err\n\t\t}\n"
		}
		code := fmt.Sprintf(`package store%03d

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
%s)

type Note struct{ ID, Body string }

type Store struct{ pool *pgxpool.Pool }

// Get leaks: the shared pool, a lookup by id.
func (s *Store) Get(ctx context.Context, id string) (Note, error) {
	var n Note
	err := s.pool.QueryRow(ctx, "SELECT id, body FROM notes WHERE id = $1", id).Scan(&n.ID, &n.Body)
	return n, err
}

// Archive queries through its transaction: a fact for its callers.
func Archive(ctx context.Context, tx pgx.Tx, id string) error {
	_, err := tx.Exec(ctx, "UPDATE notes SET archived = true WHERE id = $1", id)
	return err
}

// Update is scoped and calls the previous package's Archive with the scoped transaction.
func (s *Store) Update(ctx context.Context, tc tenant.Context, id, body string) error {
	return tenantdb.WithTenant(ctx, s.pool, tc.TenantID, func(tx pgx.Tx) error {
%s		_, err := tx.Exec(ctx, "UPDATE notes SET body = $1 WHERE id = $2", body, id)
		if err != nil {
			return err
		}
		return Archive(ctx, tx, id)
	})
}

// List forgets its project.
func (s *Store) List(ctx context.Context, tx pgx.Tx, projectID string) ([]Note, error) {
	rows, err := tx.Query(ctx, "SELECT id, body FROM notes ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Note
	for rows.Next() {
		var n Note
		if err := rows.Scan(&n.ID, &n.Body); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

func (s *Store) Plans(ctx context.Context) error {
	_, err := s.pool.Exec(ctx, "SELECT 1")
	return err
}
`, i, prevImport, prevCall)
		write(fmt.Sprintf("store%03d/store.go", i), strings.ReplaceAll(code, "\t\n", "\n"))
	}
}
