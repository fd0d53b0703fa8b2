// Package sqlxworkspace reads workspaces with sqlx; the tenant column is spelled tenantid.
//
// Held-out shape (a sqlx WorkspaceStorage returned by the code index, repository not named):
// GetWorkspace runs SELECT ... FROM workspaces WHERE tenantid = $1 AND id = $2 AND deletedat IS
// NULL with GetContext; the leaky form drops the tenant.
package sqlxworkspace

import (
	"context"

	"github.com/jmoiron/sqlx"
)

type Workspace struct {
	ID       uint64 `db:"id"`
	TenantID uint64 `db:"tenantid"`
	Name     string `db:"name"`
}

type Storage struct{ db *sqlx.DB }

func (s *Storage) GetWorkspace(ctx context.Context, tenantID, workspaceID uint64) (*Workspace, error) {
	const query = `
		SELECT id, tenantid, name
		FROM workspaces
		WHERE tenantid = $1 AND id = $2 AND deletedat IS NULL;
	`
	var w Workspace
	if err := s.db.GetContext(ctx, &w, query, tenantID, workspaceID); err != nil {
		return nil, err
	}
	return &w, nil
}

func (s *Storage) GetWorkspaceByID(ctx context.Context, workspaceID uint64) (*Workspace, error) {
	const query = `SELECT id, tenantid, name FROM workspaces WHERE id = $1 AND deletedat IS NULL` // MISSED (heldout2): the tenant column is found by name (-tenant-columns, default tenant_id): a table whose foreign key to tenants is spelled tenantid is not tenant-owned
	var w Workspace
	if err := s.db.GetContext(ctx, &w, query, workspaceID); err != nil {
		return nil, err
	}
	return &w, nil
}
