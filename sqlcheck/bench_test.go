package sqlcheck

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"github.com/tenantvet/tenantvet/internal/config"
)

// genMigrations writes a golang-migrate project with the given number of tenant tables, ten
// statements each, 20 tables per file, and returns its directory, file contents and statement count.
func genMigrations(b *testing.B, tables int) (string, []string, int) {
	b.Helper()
	dir := b.TempDir()
	var files []string
	stmts := 1
	var sb strings.Builder
	sb.WriteString("CREATE TABLE tenants (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL);\n")
	flush := func(n int) {
		content := sb.String()
		files = append(files, content)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%05d_tables.up.sql", n)), []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
		sb.Reset()
	}
	for i := 0; i < tables; i++ {
		t := fmt.Sprintf("t%04d", i)
		fmt.Fprintf(&sb, `-- table %[1]s
CREATE TABLE %[1]s (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX %[1]s_tenant_idx ON %[1]s (tenant_id, id);
CREATE UNIQUE INDEX %[1]s_name_key ON %[1]s (tenant_id, name);
ALTER TABLE %[1]s ADD COLUMN note text;
ALTER TABLE %[1]s ENABLE ROW LEVEL SECURITY;
ALTER TABLE %[1]s FORCE ROW LEVEL SECURITY;
CREATE POLICY %[1]s_isolation ON %[1]s FOR ALL TO app
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE, DELETE ON %[1]s TO app;
COMMENT ON TABLE %[1]s IS 'generated table %[1]s';
CREATE INDEX %[1]s_created_idx ON %[1]s (tenant_id, created_at);
`, t)
		stmts += 10
		if i%20 == 19 {
			flush(i / 20)
		}
	}
	if sb.Len() > 0 {
		flush(tables)
	}
	return dir, files, stmts
}

// BenchmarkCheck measures statements per second (per CPU second) for Check and for bare
// pg_query.Parse of the same files, at two sizes, to show the overhead ratio and linear growth.
// check/parse-throughput is Check's throughput as a fraction of bare parsing's.
func BenchmarkCheck(b *testing.B) {
	for _, tables := range []int{500, 1000} {
		b.Run(fmt.Sprintf("tables=%d", tables), func(b *testing.B) {
			dir, files, stmts := genMigrations(b, tables)
			set := config.Default()
			set.AppRole = "app"
			// Warm both paths up (parser memory contexts, type plans) before timing.
			Check([]string{dir}, set)
			for _, f := range files {
				pg_query.Parse(f)
			}
			// The machine may be shared: each iteration alternates five rounds of both, timed in
			// process CPU time, and keeps the fastest of each, so load spikes do not decide the ratio.
			var check, parse time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				bestCheck, bestParse := time.Duration(1<<62), time.Duration(1<<62)
				for round := 0; round < 5; round++ {
					t0 := cpuTime()
					findings, errs := Check([]string{dir}, set)
					t1 := cpuTime()
					for _, f := range files {
						if _, err := pg_query.Parse(f); err != nil {
							b.Fatal(err)
						}
					}
					t2 := cpuTime()
					bestCheck = min(bestCheck, t1-t0)
					bestParse = min(bestParse, t2-t1)
					if len(errs) > 0 || len(findings) > 0 {
						b.Fatalf("generated project is not clean: %v %v", errs, findings[:min(3, len(findings))])
					}
				}
				check += bestCheck
				parse += bestParse
			}
			n := float64(stmts * b.N)
			b.ReportMetric(float64(stmts), "stmts")
			b.ReportMetric(n/check.Seconds(), "check-stmts/s")
			b.ReportMetric(n/parse.Seconds(), "parse-stmts/s")
			b.ReportMetric(parse.Seconds()/check.Seconds(), "check/parse-throughput")
		})
	}
}
