// Package sqmaybe lists projects with squirrel, filtering by the tenant only when one is given.
//
// Held-out shape (a squirrel repository's ListWorkspaces returned by the code index, repository
// not named): builder := sq.Select("*").From("workspace").Where(sq.Eq{"deleted_at": nil}); if
// organizationID != nil && *organizationID != "" { builder = builder.Where(sq.Eq{
// "organization_id": organizationID}) }; then ToSql and a select on a system connection. A nil
// tenant lists every tenant's rows; the twin always filters.
package sqmaybe

import (
	"context"
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

type Repo struct{ db *sql.DB }

func (r *Repo) ListProjects(ctx context.Context, tenantID *int64) (*sql.Rows, error) { // want ListProjects:`queriesOwn:2`
	builder := sq.Select("*").From("projects").Where(sq.Eq{"deleted": false})
	if tenantID != nil && *tenantID != 0 {
		builder = builder.Where(sq.Eq{"tenant_id": *tenantID})
	}
	query, args, err := builder.PlaceholderFormat(sq.Dollar).ToSql()
	if err != nil {
		return nil, err
	}
	return r.db.QueryContext(ctx, query, args...) // want `query on projects does not filter by tenant_id`
}

func (r *Repo) ListProjectsInTenant(ctx context.Context, tenantID int64) (*sql.Rows, error) { // want ListProjectsInTenant:`queriesOwn:1`
	query, args, err := sq.Select("*").From("projects").
		Where(sq.Eq{"deleted": false}).
		Where(sq.Eq{"tenant_id": tenantID}).
		PlaceholderFormat(sq.Dollar).ToSql()
	if err != nil {
		return nil, err
	}
	return r.db.QueryContext(ctx, query, args...)
}
