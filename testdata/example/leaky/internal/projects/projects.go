// Package projects is the service layer over the project repository.
package projects

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/notes/leaky/internal/projectstore"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

// Service holds the repository behind an interface.
type Service struct {
	Repo projectstore.Repository
}

// New returns the service over the PostgreSQL repository.
func New(pool *pgxpool.Pool) *Service {
	return &Service{Repo: &projectstore.PG{Pool: pool}}
}

// Get returns a project of the tenant it is given.
func (s *Service) Get(ctx context.Context, tenantID tenant.ID, id string) (projectstore.Project, error) {
	return s.Repo.Get(ctx, tenantID, id)
}
