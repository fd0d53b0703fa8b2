// Package api wires the Postgres repository into the service.
package api

import (
	"database/sql"

	"heldout/policies/repo"
	"heldout/policies/service"
)

func New(db *sql.DB) *service.PolicyService {
	return service.NewPolicyService(repo.New(db))
}
