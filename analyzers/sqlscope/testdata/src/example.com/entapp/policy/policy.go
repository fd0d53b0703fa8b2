// want package:`models:comments,labels\(tenant_id\),notes\(tenant_id\),plans,projects\(tenant_id\),tasks\(tenant_id\),tenants`

// Package policy holds the privacy policies and the mixins the schemas share: policies the
// schemas' Policy methods return rather than build.
package policy

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/mixin"
	"example.com/entapp/ent/privacy"
	"example.com/entapp/rule"
)

// TenantPolicy confines queries by the tenant column and mutations by the edge to the tenant.
var TenantPolicy = privacy.Policy{ // want TenantPolicy:`entFilter:tenant_id = \? mutations:edge:Tenant = \?`
	Query:    privacy.QueryPolicy{rule.FilterTenantRule()},
	Mutation: privacy.MutationPolicy{rule.FilterTenantEdge()},
}

// DenyWithoutTenant denies the requests without a tenant, and filters nothing.
var DenyWithoutTenant ent.Policy = privacy.Policy{
	Query:    privacy.QueryPolicy{rule.DenyIfNoTenant()},
	Mutation: privacy.MutationPolicy{rule.DenyIfNoTenant()},
}

// ProjectPolicy filters by tenant only on paths that can also let the statement through.
func ProjectPolicy() ent.Policy { // want ProjectPolicy:`entFilter: allows:query`
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.FilterTenantIfKnown(), rule.FilterTenantUnlessAdmin()},
		Mutation: privacy.MutationPolicy{rule.FilterTenantSkipOnAssertion(), rule.FilterTenantOr()},
	}
}

// Tenant returns the tenant policy.
func Tenant() ent.Policy { // want Tenant:`entFilter:tenant_id = \? mutations:edge:Tenant = \?`
	return TenantPolicy
}

var public bool

// MaybeTenant returns no policy at all on one path: it confines nothing.
func MaybeTenant() ent.Policy {
	if public {
		return nil
	}
	return TenantPolicy
}

// BaseMixin is the base mixin of ent's multi-tenancy example: it denies the requests
// without a tenant.
type BaseMixin struct {
	mixin.Schema
}

// Policy of the BaseMixin.
func (BaseMixin) Policy() ent.Policy {
	return DenyWithoutTenant
}

// TenantMixin confines the schemas embedding it to the request's tenant.
type TenantMixin struct {
	mixin.Schema
}

// Policy of the TenantMixin.
func (TenantMixin) Policy() ent.Policy { // want Policy:`entFilter:tenant_id = \? mutations:edge:Tenant = \?`
	return Tenant()
}
