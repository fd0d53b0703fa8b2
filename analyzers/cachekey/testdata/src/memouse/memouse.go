package memouse

import (
	"context"

	"github.com/tenantvet/tenantvet/runtime/tenant"

	"memo"
)

type Report struct{ Total int }

type Store interface {
	Report(ctx context.Context, tenantID tenant.ID, id string) (*Report, error)
	Countries(ctx context.Context) ([]string, error)
}

type Service struct {
	store   Store
	reports memo.Memo[*Report]
}

// Report memoizes a tenant's report under the report id alone.
func (s *Service) Report(ctx context.Context, tenantID tenant.ID, id string) (*Report, error) {
	return s.reports.Get(id, func() (*Report, error) { // want `memoizer Get is keyed by id alone while tenant tenantID is in scope`
		return s.store.Report(ctx, tenantID, id)
	})
}

// ReportSafe memoizes under tenant and id.
func (s *Service) ReportSafe(ctx context.Context, tenantID tenant.ID, id string) (*Report, error) {
	return s.reports.Get(tenantID.String()+"/"+id, func() (*Report, error) {
		return s.store.Report(ctx, tenantID, id)
	})
}

// Countries memoizes global reference data in a tenant's request: nothing of the tenant's.
func (s *Service) Countries(ctx context.Context, tenantID tenant.ID) (any, error) {
	return memo.Once("countries", func() (any, error) { return s.store.Countries(ctx) })
}

// Summary memoizes the tenant's report under a constant.
func (s *Service) Summary(ctx context.Context, tenantID tenant.ID) (any, error) {
	return memo.Once("summary", func() (any, error) { return s.store.Report(ctx, tenantID, "summary") }) // want `memoizer Once is keyed by the constant "summary"`
}

// cached is a memoizer of this package, over the cross-package one.
func (s *Service) cached(key string, load func() (*Report, error)) (*Report, error) { // want cached:"cache key arg 0"
	return s.reports.Get("c/"+key, load)
}

func (s *Service) Cached(ctx context.Context, tenantID tenant.ID, id string) (*Report, error) {
	return s.cached(id, func() (*Report, error) { return s.store.Report(ctx, tenantID, id) }) // want `memoizer cached is keyed by id alone`
}

// Usage reports a tenant's usage through a setter: no cache is read back.
func (s *Service) Usage(ctx context.Context, tenantID tenant.ID, m *memo.Metrics) {
	r, _ := s.store.Report(ctx, tenantID, "usage")
	m.Report(float64(r.Total), "notes")
}
