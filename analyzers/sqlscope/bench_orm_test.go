package sqlscope_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/tenantvet/tenantvet/analyzers/sqlscope"
)

const benchORMPackages = 40

// benchORMLibs are the libraries BenchmarkSqlscopeORM compares with pgx.
var benchORMLibs = []string{"gorm", "bun", "ent", "squirrel"}

// BenchmarkSqlscopeORM analyses, in one run, benchORMPackages packages for each library of
// benchORMLibs and the same number running the same queries with pgx, and reports sqlscope's
// time on each and each library's ratio to pgx (<lib>/pgx). Every half finds the same leaks.
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
	halves := map[string][]*packages.Package{}
	for _, p := range pkgs {
		for _, lib := range append([]string{"pgx"}, benchORMLibs...) {
			if strings.HasPrefix(p.PkgPath, "bench/orm/"+lib+"0") {
				halves[lib] = append(halves[lib], p)
			}
		}
	}
	for _, lib := range append([]string{"pgx"}, benchORMLibs...) {
		if len(halves[lib]) != benchORMPackages {
			b.Fatalf("loaded %d %s packages, want %d", len(halves[lib]), lib, benchORMPackages)
		}
	}
	run := func(lib string) time.Duration {
		// Each run starts on a collected heap: otherwise the garbage of the run before it is
		// collected during this one, and the pairs' ratios swing between 0.5 and 1.6.
		runtime.GC()
		t0 := time.Now()
		g, err := checker.Analyze([]*analysis.Analyzer{sqlscope.Analyzer}, halves[lib], nil)
		if err != nil {
			b.Fatal(err)
		}
		d := time.Since(t0)
		var found []string
		for act := range g.All() {
			if act.IsRoot {
				for _, d := range act.Diagnostics {
					found = append(found, fmt.Sprintf("%s: %s", act.Package.Fset.Position(d.Pos), d.Message))
				}
			}
		}
		// Get, Delete and Create run outside a scope. For pgx and squirrel there is no schema,
		// so the mode is scope and all three are reported. gorm's and bun's queried models and
		// ent's entity packages are the schema (no SQL migrations here), a schema without row
		// level security: filter mode, where the Create that sets the tenant is fine.
		want := benchORMPackages * 3
		if lib == "gorm" || lib == "bun" || lib == "ent" {
			want = benchORMPackages * 2
		}
		if len(found) != want {
			b.Fatalf("%s: %d findings, want %d:\n%s", lib, len(found), want, strings.Join(found[:min(len(found), 8)], "\n"))
		}
		return d
	}
	total := map[string]time.Duration{}
	ratios := map[string][]float64{}
	odd := false
	for b.Loop() {
		// Each library runs right beside a pgx run, alternately before and after it, so that
		// neither always pays for a cold heap and a load on the machine hits both alike.
		for _, lib := range benchORMLibs {
			var dl, dp time.Duration
			if odd {
				dl, dp = run(lib), run("pgx")
			} else {
				dp, dl = run("pgx"), run(lib)
			}
			total[lib] += dl
			total["pgx"] += dp
			ratios[lib] = append(ratios[lib], float64(dl)/float64(dp))
		}
		odd = !odd
	}
	n := float64(b.N)
	pgx := total["pgx"] / time.Duration(len(benchORMLibs)) // pgx ran once per library
	b.ReportMetric(float64(pgx.Milliseconds())/n, "pgx-ms/op")
	for _, lib := range benchORMLibs {
		// The median of the pairs' ratios: a load spike during one run moves it little.
		r := ratios[lib]
		slices.Sort(r)
		b.ReportMetric(float64(total[lib].Milliseconds())/n, lib+"-ms/op")
		b.ReportMetric(r[len(r)/2], lib+"/pgx")
	}
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
	// The stand-ins of each library become local modules.
	gomod, err := os.ReadFile(dir + "/go.mod")
	if err != nil {
		b.Fatal(err)
	}
	mod := string(gomod)
	for _, dep := range []struct{ path, dir, gomod string }{
		{"gorm.io/gorm", "gorm", ""},
		{"github.com/uptrace/bun", "bun", ""},
		{"github.com/Masterminds/squirrel", "squirrel", ""},
		{"entgo.io/ent", "ent", ""},
		{"example.com/entapp", "entapp", "require entgo.io/ent v0.0.0\n\nreplace entgo.io/ent => ../ent\n"},
	} {
		from := filepath.Join("testdata", "src", filepath.FromSlash(dep.path))
		err := filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
			if err != nil || info.IsDir() || !strings.HasSuffix(p, ".go") {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(from, p)
			write(filepath.Join("_deps", dep.dir, rel), string(data))
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		write(filepath.Join("_deps", dep.dir, "go.mod"), "module "+dep.path+"\n\ngo 1.26\n\n"+dep.gomod)
		mod = strings.Replace(mod, "require (", "require (\n\t"+dep.path+" v0.0.0", 1)
		mod = strings.Replace(mod, "replace (", "replace (\n\t"+dep.path+" => ./_deps/"+dep.dir, 1)
	}
	write("go.mod", mod)
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
	write("orm/bunscope/scope.go", `package bunscope

import (
	"context"

	"github.com/uptrace/bun"
)

func InTenant(ctx context.Context, db *bun.DB, tenantID string, fn func(ctx context.Context, tx bun.Tx) error) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.ExecContext(ctx, "SELECT set_config('app.tenant_id', $1, true)", tenantID); err != nil {
			return err
		}
		return fn(ctx, tx)
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
		write(fmt.Sprintf("orm/bun%03d/store.go", i), fmt.Sprintf(`package bun%03d

import (
	"context"

	"github.com/uptrace/bun"

	"bench/orm/bunscope"
)

type Note struct {
	bun.BaseModel `+"`bun:\"table:notes\"`"+`

	ID       int `+"`bun:\",pk\"`"+`
	TenantID string
	Body     string
}

type Store struct{}

var db *bun.DB

func (s *Store) Get(ctx context.Context, id int) (n Note, err error) {
	err = db.NewSelect().Model(&n).Where("id = ?", id).Scan(ctx)
	return n, err
}

func (s *Store) List(ctx context.Context, tenantID string) (ns []Note, err error) {
	err = bunscope.InTenant(ctx, db, tenantID, func(ctx context.Context, tx bun.Tx) error {
		return tx.NewSelect().Model(&ns).Where("tenant_id = ? AND body <> ''", tenantID).Scan(ctx)
	})
	return ns, err
}

func (s *Store) Delete(ctx context.Context, id int) error {
	_, err := db.NewDelete().Model((*Note)(nil)).Where("id = ?", id).Exec(ctx)
	return err
}

func (s *Store) Create(ctx context.Context, tenantID, body string) error {
	_, err := db.NewInsert().Model(&Note{TenantID: tenantID, Body: body}).Exec(ctx)
	return err
}
`, i))
		write(fmt.Sprintf("orm/ent%03d/store.go", i), fmt.Sprintf(`package ent%03d

import (
	"context"

	"example.com/entapp/ent"
	"example.com/entapp/ent/note"
)

type Store struct{}

var client *ent.Client

func (s *Store) Get(ctx context.Context, id string) (*ent.Note, error) {
	return client.Note.Get(ctx, id)
}

// List is its callers' to judge: the client is a parameter (as a scoped client would be).
func (s *Store) List(ctx context.Context, c *ent.Client, tenantID string) ([]*ent.Note, error) {
	return c.Note.Query().Where(note.TenantID(tenantID), note.Not(note.Body(""))).All(ctx)
}

func (s *Store) Delete(ctx context.Context, id string) error {
	return client.Note.DeleteOneID(id).Exec(ctx)
}

func (s *Store) Create(ctx context.Context, tenantID, body string) error {
	_, err := client.Note.Create().SetTenantID(tenantID).SetBody(body).Save(ctx)
	return err
}
`, i))
		write(fmt.Sprintf("orm/squirrel%03d/store.go", i), fmt.Sprintf(`package squirrel%03d

import (
	"context"

	sq "github.com/Masterminds/squirrel"
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

var psql = sq.StatementBuilder.PlaceholderFormat(sq.Dollar)

func (s *Store) Get(ctx context.Context, id int) (n Note, err error) {
	q, args, err := psql.Select("*").From("notes").Where(sq.Eq{"id": id}).OrderBy("id").Limit(1).ToSql()
	if err != nil {
		return n, err
	}
	err = pool.QueryRow(ctx, q, args...).Scan(&n.ID, &n.TenantID, &n.Body)
	return n, err
}

func (s *Store) List(ctx context.Context, tc tenant.Context) (ns []Note, err error) {
	err = tenantdb.WithTenant(ctx, pool, tc.TenantID, func(tx pgx.Tx) error {
		q, args, err := psql.Select("*").From("notes").Where(sq.Eq{"tenant_id": tc.TenantID}).Where("body <> ''").ToSql()
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, q, args...)
		if err != nil {
			return err
		}
		rows.Close()
		return nil
	})
	return ns, err
}

func (s *Store) Delete(ctx context.Context, id int) error {
	q, args, err := psql.Delete("notes").Where(sq.Eq{"id": id}).ToSql()
	if err != nil {
		return err
	}
	_, err = pool.Exec(ctx, q, args...)
	return err
}

func (s *Store) Create(ctx context.Context, tenantID, body string) error {
	q, args, err := psql.Insert("notes").Columns("tenant_id", "body").Values(tenantID, body).ToSql()
	if err != nil {
		return err
	}
	_, err = pool.Exec(ctx, q, args...)
	return err
}
`, i))
	}
}
