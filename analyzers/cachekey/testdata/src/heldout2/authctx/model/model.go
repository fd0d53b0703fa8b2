// Package model stamps rows with the tenant of the current request.
package model

import "heldout2/authctx/contexto"

type Tenant struct {
	TenantID uint64 `gorm:"column:tenant_id"`
}

// SetTenant takes the tenant from the shared variable.
func (t *Tenant) SetTenant() {
	t.TenantID = contexto.Current.GetTenantID()
}

// SetTenantFrom takes the tenant its caller verified.
func (t *Tenant) SetTenantFrom(tenantID uint64) {
	t.TenantID = tenantID
}
