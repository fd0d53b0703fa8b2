package jobpayload

import (
	"go/ast"
	"go/constant"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/sqlquery"
)

// filtersByPayloadTenant reports whether a query confines every tenant table it touches to the
// payload's tenant in its own SQL: the SQL is a constant, every tenant table is constrained by
// its tenant column among the top-level AND conjuncts (sqlquery's check: a filter inside an OR
// does not count), and every placeholder bound to a tenant column is given the payload's tenant
// (WHERE tenant_id = $1 with job.Args.TenantID as $1). Arguments spread from a slice are not
// followed.
func (c *checker) filtersByPayloadTenant(cur inspector.Cursor, call *ast.CallExpr, q knownapi.QueryAPI, e *env) bool {
	if q.Kind != knownapi.RunsSQL || q.SQLArg < 0 || q.SQLArg >= len(call.Args) || call.Ellipsis.IsValid() {
		return false
	}
	tv, ok := c.pass.TypesInfo.Types[call.Args[q.SQLArg]]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return false
	}
	parsed, err := sqlquery.Analyze(constant.StringVal(tv.Value))
	if err != nil {
		return false
	}
	res := parsed.CheckAll(workerCatalog{c}, settings.TenantColumns)
	if len(res.Problems) > 0 || len(res.TenantParams) == 0 {
		return false
	}
	for _, n := range res.TenantParams {
		i := q.SQLArg + n
		if n < 1 || i >= len(call.Args) || !c.isPayloadTenant(cur, call.Args[i], e, 0) {
			return false
		}
	}
	return true
}

// workerCatalog is the schema as the worker check sees it: the tables globalTable does not make
// global are tenant-owned, by the schema's tenant column when the schema knows the table and by
// the tenant-columns setting otherwise.
type workerCatalog struct{ c *checker }

func (w workerCatalog) IsGlobal(t string) bool { return w.c.globalTable(t) }

func (w workerCatalog) TenantColumn(t string) (string, bool) {
	if w.c.globalTable(t) {
		return "", false
	}
	if cat := w.c.catalog; cat != nil && cat.Known(t) {
		col, _ := cat.TenantColumn(t)
		return col, true
	}
	return "", true
}

func (w workerCatalog) Known(t string) bool { return w.c.catalog != nil && w.c.catalog.Known(t) }

func (w workerCatalog) TenantParents(t string) []sqlquery.Parent {
	if w.c.catalog == nil || w.c.globalTable(t) {
		return nil
	}
	return w.c.catalog.TenantParents(t)
}

func (workerCatalog) HasRLS() bool            { return false }
func (workerCatalog) TableHasRLS(string) bool { return false }
func (workerCatalog) RLSEnabled(string) bool  { return false }
