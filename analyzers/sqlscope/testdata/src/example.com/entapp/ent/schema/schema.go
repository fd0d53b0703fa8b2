// want package:`entSchemas:Note=entFilter:tenant_id = \?;Project=entFilter:deleted_at IS NULL;Task=entFilter:tenant_id = \? mutations:tenant_id = \?` package:`models:notes\(tenant_id\),plans,projects\(tenant_id\),tasks\(tenant_id\)`

// Package schema holds the ent schemas of the application.
package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"
	"example.com/entapp/ent/privacy"
	"example.com/entapp/rule"
)

// TenantMixin adds the tenant column and confines every query to the request's tenant.
type TenantMixin struct {
	mixin.Schema
}

// Fields of the TenantMixin.
func (TenantMixin) Fields() []ent.Field {
	return []ent.Field{field.String("tenant_id").Immutable()}
}

// Interceptors of the TenantMixin.
func (TenantMixin) Interceptors() []ent.Interceptor { // want Interceptors:`entFilter:tenant_id = \?`
	return []ent.Interceptor{rule.FilterTenant()}
}

// SoftDeleteMixin hides deleted rows.
type SoftDeleteMixin struct {
	mixin.Schema
}

// Interceptors of the SoftDeleteMixin.
func (SoftDeleteMixin) Interceptors() []ent.Interceptor { // want Interceptors:`entFilter:deleted_at IS NULL`
	return []ent.Interceptor{rule.SkipDeleted()}
}

// Note holds the schema definition for the Note entity: the tenant interceptor filters its
// queries.
type Note struct { // want Note:`entFilter:tenant_id = \?$`
	ent.Schema
}

// Mixin of the Note.
func (Note) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}}
}

// Fields of the Note.
func (Note) Fields() []ent.Field {
	return []ent.Field{field.String("body")}
}

// Project holds the schema definition for the Project entity: its interceptor hides deleted
// rows, and filters by no tenant.
type Project struct { // want Project:`entFilter:deleted_at IS NULL$`
	ent.Schema
}

// Mixin of the Project.
func (Project) Mixin() []ent.Mixin {
	return []ent.Mixin{SoftDeleteMixin{}}
}

// Fields of the Project.
func (Project) Fields() []ent.Field {
	return []ent.Field{field.String("tenant_id"), field.String("name")}
}

// Task holds the schema definition for the Task entity: its privacy policy filters queries
// and mutations by tenant.
type Task struct { // want Task:`entFilter:tenant_id = \? mutations:tenant_id = \?`
	ent.Schema
}

// Fields of the Task.
func (Task) Fields() []ent.Field {
	return []ent.Field{field.String("tenant_id"), field.String("body")}
}

// Policy of the Task.
func (Task) Policy() ent.Policy { // want Policy:`entFilter:tenant_id = \?`
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.FilterTenantRule()},
		Mutation: privacy.MutationPolicy{rule.FilterTenantRule()},
	}
}

// Plan holds the schema definition for the Plan entity, the global plan catalogue.
type Plan struct {
	ent.Schema
}

// Fields of the Plan.
func (Plan) Fields() []ent.Field {
	return []ent.Field{field.String("body")}
}
