// Package projectsapi implements the goa projects service: the tenant fields of the payloads
// goa decoded from the request are claims here, though the decoders live in a package this one
// does not import.
package projectsapi

import (
	"context"
	"log"

	projects "example.com/fw/goa/gen/projects"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

type projectssrvc struct{ pool *pgxpool.Pool }

// NewProjects returns the projects service implementation.
func NewProjects(pool *pgxpool.Pool) projects.Service { return &projectssrvc{pool: pool} }

func noop(pgx.Tx) error { return nil }

// Verify is configured as a verifier (-verifiers).
func Verify(ctx context.Context, tenantID string) error { return nil }

func (s *projectssrvc) List(ctx context.Context, p *projects.ListPayload) ([]*projects.Project, error) {
	err := tenantdb.WithTenant(ctx, s.pool, tenant.MustParse(p.TenantID), noop) // want `tenant from goa payload field "ListPayload.TenantID" reaches tenantdb.WithTenant`
	return nil, err
}

func (s *projectssrvc) Show(ctx context.Context, p *projects.ShowPayload) (*projects.Project, error) {
	var name string
	err := s.pool.QueryRow(ctx, "SELECT name FROM projects WHERE tenant_id = $1 AND id = $2", *p.OrgID, p.ProjectID).Scan(&name) // want `tenant from goa payload field "ShowPayload.OrgID" reaches the tenant placeholder \$1`
	return &projects.Project{Name: name}, err
}

// Update verifies the claim first, logs it and scopes by the project (no tenant).
func (s *projectssrvc) Update(ctx context.Context, p *projects.UpdatePayload) error {
	log.Printf("update by tenant %s", p.TenantID)
	if err := Verify(ctx, p.TenantID); err != nil {
		return err
	}
	if err := tenantdb.WithTenant(ctx, s.pool, tenant.MustParse(p.TenantID), noop); err != nil {
		return err
	}
	return tenantdb.WithTenant(ctx, s.pool, tenant.MustParse(p.ProjectID), noop)
}

// rescope scopes by a result the service built: no claim.
func (s *projectssrvc) rescope(ctx context.Context, pr *projects.Project) error {
	return tenantdb.WithTenant(ctx, s.pool, tenant.MustParse(pr.TenantID), noop)
}
