// Package pgxprojects reads projects with pgx from constant SQL, one query by id alone and one
// by organisation and id.
//
// Held-out shape (speakeasy-api/gram server/internal/auth/queries.sql, sqlc queries run on a
// pgx pool): GetProjectByID filters by id (and not deleted) alone; PokeProjectByID filters by
// the organisation and the id.
package pgxprojects

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

const getProjectByID = `SELECT id, name FROM projects WHERE id = $1 AND deleted IS FALSE`

const pokeProjectByID = `SELECT id FROM projects WHERE tenant_id = $1 AND id = $2 AND deleted IS FALSE`

const softDeleteProject = `UPDATE projects SET deleted = TRUE WHERE id = $1`

type Queries struct{ pool *pgxpool.Pool }

func (q *Queries) GetProjectByID(ctx context.Context, id string) (string, error) { // want GetProjectByID:`queriesOwn:1`
	var gotID, name string
	err := q.pool.QueryRow(ctx, getProjectByID, id).Scan(&gotID, &name) // want `query on projects does not filter by tenant_id`
	return name, err
}

func (q *Queries) PokeProjectByID(ctx context.Context, tenantID int64, id string) (string, error) { // want PokeProjectByID:`queriesOwn:1`
	var gotID string
	err := q.pool.QueryRow(ctx, pokeProjectByID, tenantID, id).Scan(&gotID)
	return gotID, err
}

func (q *Queries) SoftDeleteProject(ctx context.Context, id string) error { // want SoftDeleteProject:`queriesOwn:1`
	_, err := q.pool.Exec(ctx, softDeleteProject, id) // want `query on projects does not filter by tenant_id`
	return err
}
