package filter

import (
	"context"
	"errors"
)

var errNotFound = errors.New("not found")

type noteRow struct {
	ID       string
	TenantID string
	Body     string
}

// ownerChecked fetches by id alone and then checks the owner, leaving on a mismatch: the other
// tenant's row is never returned.
func ownerChecked(ctx context.Context, tenantID, id string) (noteRow, error) {
	var n noteRow
	if err := pool.QueryRow(ctx, "SELECT id, tenant_id, body FROM notes WHERE id = $1", id).Scan(&n.ID, &n.TenantID, &n.Body); err != nil {
		return noteRow{}, err
	}
	if n.TenantID != tenantID {
		return noteRow{}, errNotFound
	}
	return n, nil
}

// ownerLogged compares the owner but carries on: not a check.
func ownerLogged(ctx context.Context, tenantID, id string) (noteRow, error) {
	var n noteRow
	_ = pool.QueryRow(ctx, "SELECT id, tenant_id, body FROM notes WHERE id = $1", id).Scan(&n.ID, &n.TenantID, &n.Body) // want `query on notes does not filter by tenant_id`
	if n.TenantID != tenantID {
		println("other tenant")
	}
	return n, nil
}

// ownerAfterDelete checks after the row is gone: the DELETE is still reported.
func ownerAfterDelete(ctx context.Context, tenantID, id string) error {
	var n noteRow
	_ = pool.QueryRow(ctx, "DELETE FROM notes WHERE id = $1 RETURNING id, tenant_id, body", id).Scan(&n.ID, &n.TenantID, &n.Body) // want `query on notes does not filter by tenant_id`
	if n.TenantID != tenantID {
		return errNotFound
	}
	return nil
}

// ownerConstant compares with a constant: not the caller's tenant.
func ownerConstant(ctx context.Context, id string) (noteRow, error) {
	var n noteRow
	_ = pool.QueryRow(ctx, "SELECT id, tenant_id, body FROM notes WHERE id = $1", id).Scan(&n.ID, &n.TenantID, &n.Body) // want `query on notes does not filter by tenant_id`
	if n.TenantID != "" {
		return noteRow{}, errNotFound
	}
	return n, nil
}
