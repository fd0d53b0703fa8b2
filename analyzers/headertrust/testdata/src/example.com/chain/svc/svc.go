// Package svc is the service layer between the handlers and the repository interface.
package svc

import (
	"context"
	"strings"

	"example.com/chain/repo"
)

// Verify checks membership (configured with -verifiers).
func Verify(ctx context.Context, tenantID string) error { return nil }

type Service struct {
	repo repo.Repository
}

func New(r repo.Repository) *Service { return &Service{repo: r} }

// GetProject hands the tenant to the repository behind the interface.
func (s *Service) GetProject(ctx context.Context, tenantID, id string) (repo.Project, error) { // want GetProject:`param 1 reaches the tenant placeholder \$1 of \(\*pgxpool.Pool\).QueryRow via \(\*repo.PG\).Get`
	return s.repo.Get(ctx, strings.TrimSpace(tenantID), id)
}

// Lookup goes one call further.
func (s *Service) Lookup(ctx context.Context, tenantID string) (repo.Project, error) { // want Lookup:`param 1 reaches the tenant placeholder \$1 of \(\*pgxpool.Pool\).QueryRow via \(\*svc.Service\).GetProject -> \(\*repo.PG\).Get`
	return s.GetProject(ctx, tenantID, "latest")
}

// CheckedProject verifies the tenant before the repository sees it: no fact.
func (s *Service) CheckedProject(ctx context.Context, tenantID, id string) (repo.Project, error) {
	if err := Verify(ctx, tenantID); err != nil {
		return repo.Project{}, err
	}
	return s.repo.Get(ctx, tenantID, id)
}

// Labels passes a value the repository does not use as a tenant: no fact.
func (s *Service) Labels(ctx context.Context, label string) (int, error) {
	return s.repo.Count(ctx, label)
}

// Cached decorates a repository: its Get calls the interface it implements.
type Cached struct {
	inner repo.Repository
}

func (c *Cached) Get(ctx context.Context, tenantID, id string) (repo.Project, error) { // want Get:`param 1 reaches the tenant placeholder \$1 of \(\*pgxpool.Pool\).QueryRow via \(\*repo.PG\).Get$`
	return c.inner.Get(ctx, tenantID, id)
}

func (c *Cached) Count(ctx context.Context, label string) (int, error) {
	return c.inner.Count(ctx, label)
}
