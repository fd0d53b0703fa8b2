// Package repo implements svc.TemplateRepository with pgx.
package repo

import (
	"context"

	"heldout/fallback/svc"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

type PG struct{ pool *pgxpool.Pool }

// NewPG returns the repository as the service's interface, as the wiring uses it.
func NewPG(pool *pgxpool.Pool) svc.TemplateRepository { return &PG{pool: pool} } // want NewPG:`builds \*repo.PG: ListByTenant param 1 reaches the tenant placeholder \$1`

func (p *PG) ListByTenant(ctx context.Context, tenantID string) ([]svc.Template, error) { // want ListByTenant:`param 1 reaches the tenant placeholder \$1`
	var t svc.Template
	err := p.pool.QueryRow(ctx, "SELECT id, name FROM templates WHERE tenant_id = $1", tenantID).Scan(&t.ID, &t.Name)
	return []svc.Template{t}, err
}

var _ svc.TemplateRepository = (*PG)(nil)

// scoped is the fixed repository: it scopes by the signed-in user's tenant, whatever the
// service passes.
type scoped struct{ pool *pgxpool.Pool }

func NewScoped(pool *pgxpool.Pool) svc.TemplateRepository { return &scoped{pool: pool} }

func (p *scoped) ListByTenant(ctx context.Context, _ string) ([]svc.Template, error) {
	tc, ok := tenant.FromContext(ctx)
	if !ok {
		return nil, nil
	}
	var t svc.Template
	err := p.pool.QueryRow(ctx, "SELECT id, name FROM templates WHERE tenant_id = $1", tc.TenantID.String()).Scan(&t.ID, &t.Name)
	return []svc.Template{t}, err
}
