// Package repo implements svc.TemplateRepository with pgx.
package repo

import (
	"context"

	"heldout/fallback/svc"

	"github.com/jackc/pgx/v5/pgxpool"
)

type PG struct{ pool *pgxpool.Pool }

func (p *PG) ListByTenant(ctx context.Context, tenantID string) ([]svc.Template, error) { // want ListByTenant:`param 1 reaches the tenant placeholder \$1`
	var t svc.Template
	err := p.pool.QueryRow(ctx, "SELECT id, name FROM templates WHERE tenant_id = $1", tenantID).Scan(&t.ID, &t.Name)
	return []svc.Template{t}, err
}

var _ svc.TemplateRepository = (*PG)(nil)
