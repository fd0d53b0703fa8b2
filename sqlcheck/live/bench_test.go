package live

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tenantvet/tenantvet/internal/config"
)

// BenchmarkCatalog1000 measures the catalog pass (one read-only transaction, the model, every
// rule) on a database with 1,000 tenant tables, each with a tenant index, RLS enabled and forced
// and an isolation policy, created once. The target is at most 2 s per pass (wall time).
//
//	eval "$(bash scripts/testdb.sh)" && go test -run '^$' -bench Catalog1000 -benchtime 5x ./sqlcheck/live/
func BenchmarkCatalog1000(b *testing.B) {
	d := newTestDB(b)
	const n = 1000
	var sql strings.Builder
	sql.WriteString("CREATE TABLE public.tenants (id uuid PRIMARY KEY DEFAULT gen_random_uuid());\n")
	for i := range n {
		t := fmt.Sprintf("public.t%04d", i)
		fmt.Fprintf(&sql, `CREATE TABLE %[1]s (id uuid NOT NULL DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL REFERENCES public.tenants (id), name text NOT NULL, PRIMARY KEY (tenant_id, id));
ALTER TABLE %[1]s ENABLE ROW LEVEL SECURITY;
ALTER TABLE %[1]s FORCE ROW LEVEL SECURITY;
CREATE POLICY isolation ON %[1]s USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
`, t)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if _, err := d.dbConn.Exec(ctx, sql.String()); err != nil {
		b.Fatal(err)
	}
	set := config.Default()
	cpu0 := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		res, err := Check(ctx, Options{URL: d.url, Settings: set})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Findings) != 0 || len(res.Problems) != 0 {
			b.Fatalf("findings %v, problems %v", lines(res), res.Problems)
		}
	}
	// The client's share (parsing, the model, the rules); the rest of the wall time is the
	// server answering the catalog queries, and waiting for a CPU on a loaded machine.
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "client-cpu-ms/op")
}
