package sqlcheck

import (
	"fmt"
	"github.com/tenantvet/tenantvet/internal/report"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tenantvet/tenantvet/internal/config"
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
