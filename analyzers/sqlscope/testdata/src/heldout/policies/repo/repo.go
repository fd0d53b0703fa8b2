// Package repo reads policies by id with database/sql.
//
// Held-out shape (opena2a-org/agent-identity-management, PR #193): the repository's GetByID
// selects by id alone; the handlers pass the URL's id to the service.
package repo

import (
	"context"
	"database/sql"
)

type Policy struct {
	ID       string
	TenantID string
	Name     string
}

type Postgres struct{ db *sql.DB }

func New(db *sql.DB) *Postgres { return &Postgres{db: db} }

func (p *Postgres) GetByID(ctx context.Context, id string) (*Policy, error) { // want GetByID:"queriesOwn:1"
	var pol Policy
	err := p.db.QueryRowContext(ctx, "SELECT id, tenant_id, name FROM policies WHERE id = $1", id).Scan(&pol.ID, &pol.TenantID, &pol.Name) // want `query on policies does not filter by tenant_id`
	return &pol, err
}

func (p *Postgres) Delete(ctx context.Context, id string) error { // want Delete:"queriesOwn:1"
	_, err := p.db.ExecContext(ctx, "DELETE FROM policies WHERE id = $1", id) // want `query on policies does not filter by tenant_id`
	return err
}

func (p *Postgres) DeleteInTenant(ctx context.Context, tenantID, id string) error { // want DeleteInTenant:"queriesOwn:1"
	_, err := p.db.ExecContext(ctx, "DELETE FROM policies WHERE tenant_id = $1 AND id = $2", tenantID, id)
	return err
}
