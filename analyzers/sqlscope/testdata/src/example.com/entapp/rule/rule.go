// want package:`models:comments,labels\(tenant_id\),notes\(tenant_id\),plans,projects\(tenant_id\),tasks\(tenant_id\),tenants`

// Package rule holds the application's ent interceptors.
package rule

import (
	"context"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/entql"
	"example.com/entapp/ent/intercept"
	"example.com/entapp/ent/predicate"
	"example.com/entapp/ent/privacy"
	"example.com/entapp/ent/tenant"
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

// IsAdmin reports whether the request's viewer is a support administrator.
func IsAdmin(ctx context.Context) bool {
	a, _ := ctx.Value(adminKey{}).(bool)
	return a
}

type adminKey struct{}

// --- privacy filter rules on the generated XFilter (entql), ent's documented multi-tenancy
// pattern (entgo.io/docs/multitenancy) and its variants ---

// FilterTenantEntQL is the rule of ent's multi-tenancy docs: every filter with a tenant field
// gets WhereTenantID, resolved per entity to its tenant_id column.
func FilterTenantEntQL() privacy.QueryMutationRule { // want FilterTenantEntQL:`entFilter:field:TenantID = \? mutations:field:TenantID = \?`
	// TenantsFilter is an interface to wrap the WhereTenantID predicate of the filters of
	// the schemas with the tenant field.
	type TenantsFilter interface {
		WhereTenantID(entql.StringP)
	}
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		tid, ok := TenantFromContext(ctx)
		if !ok {
			return privacy.Denyf("missing tenant information in viewer")
		}
		tf, ok := f.(TenantsFilter)
		if !ok {
			return privacy.Denyf("unexpected filter type %T", f)
		}
		// Make sure that a tenant reads only entities that belong to it.
		tf.WhereTenantID(entql.StringEQ(tid))
		// Skip to the next privacy rule (equivalent to return nil).
		return privacy.Skip
	})
}

// FilterTenantColumn filters by the column through the generic Where(entql.P) of the filter.
func FilterTenantColumn() privacy.QueryMutationRule { // want FilterTenantColumn:`entFilter:tenant_id = \? mutations:tenant_id = \?`
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		tid, ok := TenantFromContext(ctx)
		if !ok {
			return privacy.Deny
		}
		f.Where(entql.FieldEQ("tenant_id", tid))
		return privacy.Skip
	})
}

// FilterTenantAnd: both operands of an entql.And hold.
func FilterTenantAnd() privacy.QueryMutationRule { // want FilterTenantAnd:`entFilter:deleted_at IS NULL,tenant_id = \? mutations:deleted_at IS NULL,tenant_id = \?`
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		tid, ok := TenantFromContext(ctx)
		if !ok {
			return privacy.Denyf("missing tenant")
		}
		f.Where(entql.And(entql.FieldEQ("tenant_id", tid), entql.FieldNil("deleted_at")))
		return nil
	})
}

// FilterTenantEdge confines the entities to those with an edge to the request's tenant.
func FilterTenantEdge() privacy.QueryMutationRule { // want FilterTenantEdge:`entFilter:edge:Tenant = \? mutations:edge:Tenant = \?`
	type TenantsFilter interface {
		WhereHasTenantWith(...predicate.Tenant)
	}
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		tid, ok := TenantFromContext(ctx)
		if !ok {
			return privacy.Denyf("missing tenant information in viewer")
		}
		tf, ok := f.(TenantsFilter)
		if !ok {
			return privacy.Denyf("unexpected filter type %T", f)
		}
		tf.WhereHasTenantWith(tenant.ID(tid))
		return privacy.Skip
	})
}

// FilterOwnBody filters, but by another column than the tenant's: its fact says so, and the
// queries it filters are judged with it.
func FilterOwnBody() privacy.QueryMutationRule { // want FilterOwnBody:`entFilter:field:Body = \? mutations:field:Body = \?`
	type bodyFilter interface {
		WhereBody(entql.StringP)
	}
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		bf, ok := f.(bodyFilter)
		if !ok {
			return privacy.Denyf("unexpected filter type %T", f)
		}
		bf.WhereBody(entql.StringEQ("mine"))
		return privacy.Skip
	})
}

// FilterTenantIfKnown filters only when the request carries a tenant, and lets the query on
// unfiltered otherwise: no filter it adds holds for every query.
func FilterTenantIfKnown() privacy.QueryMutationRule {
	type TenantsFilter interface {
		WhereTenantID(entql.StringP)
	}
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		tid, ok := TenantFromContext(ctx)
		if !ok {
			return privacy.Skip
		}
		if tf, ok := f.(TenantsFilter); ok {
			tf.WhereTenantID(entql.StringEQ(tid))
		}
		return privacy.Skip
	})
}

// FilterTenantUnlessAdmin allows an administrator's queries before it filters.
func FilterTenantUnlessAdmin() privacy.QueryMutationRule { // want FilterTenantUnlessAdmin:`entFilter: allows`
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		if IsAdmin(ctx) {
			return privacy.Allow
		}
		tid, ok := TenantFromContext(ctx)
		if !ok {
			return privacy.Denyf("missing tenant")
		}
		f.Where(entql.FieldEQ("tenant_id", tid))
		return privacy.Skip
	})
}

// FilterTenantSkipOnAssertion skips, instead of denying, a filter without the tenant field.
func FilterTenantSkipOnAssertion() privacy.QueryMutationRule {
	type TenantsFilter interface {
		WhereTenantID(entql.StringP)
	}
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		tid, ok := TenantFromContext(ctx)
		if !ok {
			return privacy.Denyf("missing tenant")
		}
		tf, ok := f.(TenantsFilter)
		if !ok {
			return privacy.Skip
		}
		tf.WhereTenantID(entql.StringEQ(tid))
		return privacy.Skip
	})
}

// FilterTenantOr is no tenant filter: an OR lets the public rows of every tenant through.
func FilterTenantOr() privacy.QueryMutationRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		tid, ok := TenantFromContext(ctx)
		if !ok {
			return privacy.Denyf("missing tenant")
		}
		f.Where(entql.Or(entql.FieldEQ("tenant_id", tid), entql.FieldEQ("public", true)))
		return privacy.Skip
	})
}

// FilterTenantNEQ excludes the tenant instead of selecting it.
func FilterTenantNEQ() privacy.QueryMutationRule { // want FilterTenantNEQ:`entFilter:field:TenantID <> \? mutations:field:TenantID <> \?`
	type TenantsFilter interface {
		WhereTenantID(entql.StringP)
	}
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		tid, ok := TenantFromContext(ctx)
		if !ok {
			return privacy.Denyf("missing tenant")
		}
		if tf, ok := f.(TenantsFilter); ok {
			tf.WhereTenantID(entql.StringNEQ(tid))
			return privacy.Skip
		}
		return privacy.Denyf("unexpected filter type %T", f)
	})
}

// AllowIfAdmin lets an administrator's queries and mutations through, ending the policy's
// evaluation: the rules after it do not run for them.
func AllowIfAdmin() privacy.QueryMutationRule { // want AllowIfAdmin:`entFilter: allows`
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if IsAdmin(ctx) {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// DenyIfNoTenant denies a request without a tenant, and skips otherwise.
func DenyIfNoTenant() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if _, ok := TenantFromContext(ctx); !ok {
			return privacy.Denyf("missing tenant")
		}
		return privacy.Skip
	})
}
