// want package:`models:notes\(tenant_id\),plans,projects\(tenant_id\),tasks\(tenant_id\)`

// Package rule holds the application's ent interceptors.
package rule

import (
	"context"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"
	"example.com/entapp/ent/intercept"
	"example.com/entapp/ent/privacy"
)

type tenantKey struct{}

// TenantFromContext returns the verified tenant of the request.
func TenantFromContext(ctx context.Context) (string, bool) {
	t, ok := ctx.Value(tenantKey{}).(string)
	return t, ok
}

// FilterTenant adds tenant_id = <the request's tenant> to every query it intercepts.
func FilterTenant() ent.Interceptor { // want FilterTenant:`entFilter:tenant_id = \? mutations:tenant_id = \?`
	return intercept.TraverseFunc(func(ctx context.Context, q intercept.Query) error {
		tid, ok := TenantFromContext(ctx)
		if !ok {
			return context.Canceled
		}
		q.WhereP(sql.FieldEQ("tenant_id", tid))
		return nil
	})
}

// SkipDeleted hides soft-deleted rows: it filters, but not by tenant.
func SkipDeleted() ent.Interceptor { // want SkipDeleted:`entFilter:deleted_at IS NULL mutations:deleted_at IS NULL`
	return intercept.TraverseFunc(func(ctx context.Context, q intercept.Query) error {
		q.WhereP(sql.FieldIsNull("deleted_at"))
		return nil
	})
}

// FilterTenantRule is a privacy rule confining queries and mutations to the request's tenant:
// the filter ent hands it (the entity's generated XFilter) gets tenant_id = <tenant>.
func FilterTenantRule() privacy.QueryMutationRule { // want FilterTenantRule:`entFilter:tenant_id = \? mutations:tenant_id = \?`
	type storageFilter interface {
		WhereP(...func(*sql.Selector))
	}
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		tid, ok := TenantFromContext(ctx)
		if !ok {
			return privacy.Denyf("missing tenant")
		}
		sf, ok := f.(storageFilter)
		if !ok {
			return privacy.Denyf("unexpected filter type %T", f)
		}
		sf.WhereP(sql.FieldEQ("tenant_id", tid))
		return privacy.Skip
	})
}
