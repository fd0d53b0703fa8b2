package sqlscope_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/tenantvet/tenantvet/analyzers/sqlscope"
)

const benchORMPackages = 40

// BenchmarkSqlscopeORM analyses, in one run, benchORMPackages packages written with gorm and
// the same number running the same queries with pgx, and reports sqlscope's time on each and
// their ratio (gorm / pgx). Both halves find the same leaks.
func BenchmarkSqlscopeORM(b *testing.B) {
	dir := b.TempDir()
	writeBenchModule(b, dir)
	writeORMBench(b, dir)
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Env: append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")}
	pkgs, err := packages.Load(cfg, "./orm/...")
	if err != nil {
		b.Fatal(err)
	}
	if n := packages.PrintErrors(pkgs); n > 0 {
		b.Fatalf("%d errors loading the generated module", n)
	}
	var gormPkgs, pgxPkgs []*packages.Package
	for _, p := range pkgs {
		switch {
		case strings.Contains(p.PkgPath, "/gorm"):
			gormPkgs = append(gormPkgs, p)
		case strings.Contains(p.PkgPath, "/pgx"):
			pgxPkgs = append(pgxPkgs, p)
		}
	}
	if len(gormPkgs) != benchORMPackages || len(pgxPkgs) != benchORMPackages {
		b.Fatalf("loaded %d gorm and %d pgx packages, want %d each", len(gormPkgs), len(pgxPkgs), benchORMPackages)
	}
	run := func(roots []*packages.Package) (time.Duration, int) {
		t0 := time.Now()
		g, err := checker.Analyze([]*analysis.Analyzer{sqlscope.Analyzer}, roots, nil)
		if err != nil {
			b.Fatal(err)
		}
		d := time.Since(t0)
		n := 0
		for act := range g.All() {
			if act.IsRoot {
				n += len(act.Diagnostics)
			}
		}
		return d, n
	}
	var tGorm, tPgx time.Duration
	odd := false
	for b.Loop() {
		// Alternate which half runs first, so neither always pays for a cold heap.
		var dp, dg time.Duration
		var np, ng int
		if odd {
			dg, ng = run(gormPkgs)
			dp, np = run(pgxPkgs)
		} else {
			dp, np = run(pgxPkgs)
			dg, ng = run(gormPkgs)
		}
		odd = !odd
		tPgx += dp
		tGorm += dg
		if want := benchORMPackages * 3; np != want || ng != want {
			b.Fatalf("findings: pgx %d, gorm %d, want %d each", np, ng, want)
		}
	}
	n := float64(b.N)
	b.ReportMetric(float64(tGorm.Milliseconds())/n, "gorm-ms/op")
	b.ReportMetric(float64(tPgx.Milliseconds())/n, "pgx-ms/op")
	b.ReportMetric(float64(tGorm)/float64(tPgx), "ratio")
}

func writeORMBench(b *testing.B, dir string) {
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
	for _, f := range []string{"gorm.go", "clause/clause.go"} {
		data, err := os.ReadFile("testdata/src/gorm.io/gorm/" + f)
		if err != nil {
			b.Fatal(err)
		}
		write("_deps/gorm/"+f, string(data))
	}
	write("_deps/gorm/go.mod", "module gorm.io/gorm\n\ngo 1.26\n")
	gomod, err := os.ReadFile(dir + "/go.mod")
	if err != nil {
		b.Fatal(err)
	}
	s := strings.Replace(string(gomod), "require (", "require (\n\tgorm.io/gorm v0.0.0", 1)
	s = strings.Replace(s, "replace (", "replace (\n\tgorm.io/gorm => ./_deps/gorm", 1)
	write("go.mod", s)
	write("orm/scope/scope.go", `package scope

import (
	"context"

	"gorm.io/gorm"
)

func InTenant(ctx context.Context, db *gorm.DB, tenantID string, fn func(tx *gorm.DB) error) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("SELECT set_config('app.tenant_id', ?, true)", tenantID).Error; err != nil {
			return err
		}
		return fn(tx)
	})
}
`)
	for i := range benchORMPackages {
		write(fmt.Sprintf("orm/gorm%03d/store.go", i), fmt.Sprintf(`package gorm%03d

import (
	"context"

	"gorm.io/gorm"

	"bench/orm/scope"
)

type Note struct {
	ID       int
	TenantID string
	Body     string
}

type Store struct{ DB *gorm.DB }

var db *gorm.DB

func (s *Store) Get(ctx context.Context, id int) (n Note, err error) {
	err = db.WithContext(ctx).Where("id = ?", id).First(&n).Error
	return n, err
}

func (s *Store) List(ctx context.Context, tenantID string) (ns []Note, err error) {
	err = scope.InTenant(ctx, db, tenantID, func(tx *gorm.DB) error {
		return tx.Where("tenant_id = ? AND body <> ''", tenantID).Find(&ns).Error
	})
	return ns, err
}

func (s *Store) Delete(ctx context.Context, id int) error {
	return db.WithContext(ctx).Delete(&Note{}, id).Error
}

func (s *Store) Create(ctx context.Context, tenantID, body string) error {
	return db.WithContext(ctx).Create(&Note{TenantID: tenantID, Body: body}).Error
}
`, i))
		write(fmt.Sprintf("orm/pgx%03d/store.go", i), fmt.Sprintf(`package pgx%03d

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

type Note struct {
	ID       int
	TenantID string
	Body     string
}

type Store struct{}

var pool *pgxpool.Pool

func (s *Store) Get(ctx context.Context, id int) (n Note, err error) {
	err = pool.QueryRow(ctx, "SELECT * FROM notes WHERE id = $1 ORDER BY id LIMIT 1", id).Scan(&n.ID, &n.TenantID, &n.Body)
	return n, err
}

func (s *Store) List(ctx context.Context, tc tenant.Context) (ns []Note, err error) {
	err = tenantdb.WithTenant(ctx, pool, tc.TenantID, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT * FROM notes WHERE tenant_id = $1 AND body <> ''", tc.TenantID)
		if err != nil {
			return err
		}
		rows.Close()
		return nil
	})
	return ns, err
}

func (s *Store) Delete(ctx context.Context, id int) error {
	_, err := pool.Exec(ctx, "DELETE FROM notes WHERE id = $1", id)
	return err
}

func (s *Store) Create(ctx context.Context, tenantID, body string) error {
	_, err := pool.Exec(ctx, "INSERT INTO notes (tenant_id, body) VALUES ($1, $2)", tenantID, body)
	return err
}
`, i))
	}
}
