// Package postgres implements hexa/service's repositories on a pgx pool.
package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"hexa/service"
)

type Repo struct {
	pool *pgxpool.Pool
}

func NewRepo(pool *pgxpool.Pool) *Repo { return &Repo{pool: pool} }

// Get is where service.Service.GetProject's dropped tenant is reported: this package sees both
// the service's fact and the query.
func (r *Repo) Get(ctx context.Context, id string) (*service.Project, error) { // want Get:"queriesOwn:1" Get:"reportedDrop:\\(\\*hexa/service.Service\\).GetProject" `service.Service.GetProject queries tenant data through Repo.Get, implemented by postgres.Repo.Get, but never uses its tenant parameter tenantID: filter the query by it or remove the parameter \(TV1005\)`
	p := new(service.Project)
	err := r.pool.QueryRow(ctx, "SELECT id, name FROM projects WHERE id = $1", id).Scan(&p.ID, &p.Name) // want `query on projects does not filter by tenant_id`
	return p, err
}

func (r *Repo) GetForTenant(ctx context.Context, tenantID, id string) (*service.Project, error) { // want GetForTenant:"queriesOwn:1"
	p := new(service.Project)
	err := r.pool.QueryRow(ctx, "SELECT id, name FROM projects WHERE tenant_id = $1 AND id = $2", tenantID, id).Scan(&p.ID, &p.Name)
	return p, err
}

// Plan reads the global plan catalogue: service.Service.PlanName drops its tenant harmlessly.
func (r *Repo) Plan(ctx context.Context, id string) (string, error) {
	var name string
	err := r.pool.QueryRow(ctx, "SELECT name FROM plans WHERE id = $1", id).Scan(&name)
	return name, err
}

// Audit has a Get of the same name and signature but does not implement service.Repo.
type Audit struct {
	pool *pgxpool.Pool
}

func (a *Audit) Get(ctx context.Context, id string) (*service.Project, error) { // want Get:"queriesOwn:1"
	p := new(service.Project)
	err := a.pool.QueryRow(ctx, "SELECT id, name FROM projects WHERE id = $1", id).Scan(&p.ID, &p.Name) // want `query on projects does not filter by tenant_id`
	return p, err
}

// DB is the handle TxRepo queries through (a pool or a transaction).
type DB interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// TxRepo implements service.Repo through its receiver's handle, so its methods carry query
// facts that main's conversion could read too: the marker this package exports on Get keeps
// main from reporting GetProject a second time.
type TxRepo struct {
	db DB
}

func NewTxRepo(db DB) *TxRepo { return &TxRepo{db: db} }

func (r *TxRepo) Get(ctx context.Context, id string) (*service.Project, error) { // want Get:"queriesParam:recv sql:1" Get:"reportedDrop:\\(\\*hexa/service.Service\\).GetProject" `service.Service.GetProject queries tenant data through Repo.Get, implemented by postgres.TxRepo.Get`
	p := new(service.Project)
	err := r.db.QueryRow(ctx, "SELECT id, name FROM projects WHERE id = $1", id).Scan(&p.ID, &p.Name)
	return p, err
}

func (r *TxRepo) GetForTenant(ctx context.Context, tenantID, id string) (*service.Project, error) { // want GetForTenant:"queriesParam:recv sql:1"
	p := new(service.Project)
	err := r.db.QueryRow(ctx, "SELECT id, name FROM projects WHERE tenant_id = $1 AND id = $2", tenantID, id).Scan(&p.ID, &p.Name)
	return p, err
}

func (r *TxRepo) Plan(ctx context.Context, id string) (string, error) { // want Plan:"queriesParam:recv sql:1"
	var name string
	err := r.db.QueryRow(ctx, "SELECT name FROM plans WHERE id = $1", id).Scan(&name)
	return name, err
}
