// Package childvault reads a child table that belongs to a tenant through its parent.
//
// Held-out shape (opena2a-org/agent-identity-management PR #181): secret namespaces have no
// organisation column; ownership flows through namespace.agent_id to the agent's organisation.
package childvault

import (
	"context"
	"database/sql"
)

type Store struct{ db *sql.DB }

func (s *Store) GetVault(ctx context.Context, id string) (name string, err error) { // want GetVault:"queriesOwn:1"
	err = s.db.QueryRowContext(ctx, "SELECT name FROM vaults WHERE id = $1", id).Scan(&name) // want `query on vaults, which belongs to a tenant through agents, is not confined to one tenant`
	return name, err
}

func (s *Store) GetVaultInTenant(ctx context.Context, tenantID, id string) (name string, err error) { // want GetVaultInTenant:"queriesOwn:1"
	err = s.db.QueryRowContext(ctx,
		"SELECT v.name FROM vaults v JOIN agents a ON a.id = v.agent_id WHERE a.tenant_id = $1 AND v.id = $2",
		tenantID, id).Scan(&name)
	return name, err
}

func (s *Store) DeleteVault(ctx context.Context, id string) error { // want DeleteVault:"queriesOwn:1"
	_, err := s.db.ExecContext(ctx, "DELETE FROM vaults WHERE id = $1", id) // want `query on vaults, which belongs to a tenant through agents, is not confined to one tenant`
	return err
}

func (s *Store) DeleteVaultInTenant(ctx context.Context, tenantID, id string) error { // want DeleteVaultInTenant:"queriesOwn:1"
	_, err := s.db.ExecContext(ctx,
		"DELETE FROM vaults WHERE id = $1 AND agent_id IN (SELECT id FROM agents WHERE tenant_id = $2)",
		id, tenantID)
	return err
}
