package sqlcheck

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tenantvet/tenantvet/internal/config"
	"github.com/tenantvet/tenantvet/internal/report"
)

// Every layout directory applies the same schema in its up sections and destroys it in its down
// sections (or in files sorted before it), so a model with RLS on notes proves the layout was read
// in the right order and down sections were skipped.
func TestLayouts(t *testing.T) {
	tests := []struct {
		dir     string
		layouts []string // layout of each file, in the order applied
		skipped int
		want    []string // findings, as "file:line:col rule"
	}{
		{"golang-migrate", []string{"golang-migrate", "golang-migrate", "golang-migrate", "golang-migrate"}, 2, nil},
		{"goose", []string{"goose", "goose", "goose"}, 1, []string{"00003_backfill.go:1:1 TV5023"}},
		{"sql-migrate", []string{"sql-migrate", "sql-migrate"}, 0, nil},
		{"dbmate", []string{"dbmate"}, 0, nil},
		{"tern", []string{"tern"}, 0, nil},
		{"flyway", []string{"flyway", "flyway", "flyway", "flyway", "flyway"}, 1, nil},
		{"atlas", []string{"atlas", "atlas"}, 0, nil},
		{"prisma", []string{"prisma", "prisma"}, 0, nil},
		{"numbered", []string{"numbered", "numbered", "numbered"}, 0, nil},
		{"dump", []string{"dump"}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			dir := filepath.Join("testdata", "layouts", tt.dir)
			s, errs := Build([]string{dir}, config.Default())
			if len(errs) > 0 {
				t.Fatalf("Build: %v", errs)
			}
			var layouts []string
			skipped := 0
			for _, f := range s.Files {
				layouts = append(layouts, f.Layout)
				if f.Skipped != "" {
					skipped++
				}
			}
			if !slices.Equal(layouts, tt.layouts) || skipped != tt.skipped {
				t.Errorf("files = %+v, want layouts %v with %d skipped", s.Files, tt.layouts, tt.skipped)
			}
			if col, ok := s.TenantColumn("notes"); !ok || col != "tenant_id" {
				t.Errorf("TenantColumn(notes) = %q, %v", col, ok)
			}
			if !s.TableHasRLS("notes") || !s.TableHasRLS("public.notes") || !s.HasRLS() {
				t.Errorf("notes has no RLS in the final state: %+v", s.Tables["public.notes"])
			}
			findings, errs := Check([]string{dir}, config.Default())
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			got := findingLines(findings, filepath.Base)
			if !slices.Equal(got, tt.want) {
				t.Errorf("findings:\n%v\nwant:\n%v", got, tt.want)
			}
		})
	}
}

func TestLayoutOrder(t *testing.T) {
	migs, errs := collect([]string{filepath.Join("testdata", "layouts", "flyway")})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var names []string
	for _, m := range migs {
		names = append(names, filepath.Base(m.Path))
	}
	want := []string{"U1__init.sql", "V1__init.sql", "V1_1__oops.sql", "V1_10__rls.sql", "R__views.sql"}
	if !slices.Equal(names, want) {
		t.Errorf("order = %v, want %v", names, want)
	}
}

// findingLines renders findings as "file:line:col rule", unsuppressed ones only, with file
// names mapped by name.
func findingLines(fs []report.Finding, name func(string) string) []string {
	var out []string
	for _, f := range fs {
		if f.Suppressed != nil {
			continue
		}
		out = append(out, fmt.Sprintf("%s:%d:%d %s", name(f.Position.File), f.Position.Line, f.Position.Column, f.Rule))
	}
	return out
}

// Findings after skipped regions (down sections, goose statement blocks, COPY data, psql
// meta-commands) carry the line and column of the original file.
func TestPositionsAfterSkippedRegions(t *testing.T) {
	tests := []struct {
		name, file, sql string
		want            []string
	}{
		{"dbmate second up section", "20240101000000_x.sql",
			"-- migrate:up\n" + base + "-- migrate:down\nDROP TABLE notes;\n\n-- migrate:up\n  CREATE VIEW v AS SELECT * FROM notes;\n-- migrate:down\nDROP VIEW v;\n",
			[]string{"11:3 TV5013"}},
		{"goose statement block", "00001_x.sql",
			"-- +goose Up\n" + base + "-- +goose StatementBegin\nCREATE FUNCTION f() RETURNS bigint LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$\n  SELECT count(*) FROM notes;\n$$;\n-- +goose StatementEnd\n-- +goose Down\nDROP FUNCTION f();\n",
			[]string{"8:1 TV5015"}},
		{"dump with data and meta-commands", "structure.sql",
			"\\connect notes\n" + base + "COPY notes (id) FROM stdin;\n1\t'x\n\\.\n\\unrestrict abc\n\t CREATE VIEW v AS SELECT * FROM notes;\n",
			[]string{"11:3 TV5013"}},
		{"tern", "001_x.sql",
			base + "\tCREATE VIEW v AS SELECT * FROM notes;\n---- create above / drop below ----\nDROP VIEW v;\nthis is not SQL;\n",
			[]string{"6:2 TV5013"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeFile(t, t.TempDir(), tt.file, tt.sql)
			findings, errs := Check([]string{p}, config.Default())
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			got := findingLines(findings, func(string) string { return "" })
			for i := range got {
				got[i] = strings.TrimPrefix(got[i], ":")
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("findings %v, want %v", got, tt.want)
			}
		})
	}
}
