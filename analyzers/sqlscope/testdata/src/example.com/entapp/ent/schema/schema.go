// want package:`entSchemas:Account=entFilter:tenant_id = \? mutations:edge:Tenant = \?;AdminInList=entFilter: mutations:field:TenantID = \?;AdminLast=entFilter:field:TenantID = \? mutations:field:TenantID = \?;Invoice=entFilter:field:TenantID = \? mutations:field:TenantID = \?;Label=entFilter:field:TenantID = \? mutations:field:TenantID = \?;Note=entFilter:tenant_id = \? mutations:field:Body = \?;Project=entFilter:deleted_at IS NULL;Task=entFilter:tenant_id = \? mutations:edge:Tenant = \?` package:`models:comments,labels\(tenant_id\),notes\(tenant_id\),plans,projects\(tenant_id\),tasks\(tenant_id\),tenants`

// Package schema holds the ent schemas of the application.
package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"
	"example.com/entapp/ent/privacy"
	"example.com/entapp/policy"
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
// queries, and so does its privacy policy's query list; its mutation list filters by another
// column.
type Note struct { // want Note:`entFilter:tenant_id = \? mutations:field:Body = \?$`
	ent.Schema
}

// Mixin of the Note.
func (Note) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}}
}

// Policy of the Note.
func (Note) Policy() ent.Policy { // want Policy:`entFilter:tenant_id = \? mutations:field:Body = \?`
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.FilterTenantColumn()},
		Mutation: privacy.MutationPolicy{rule.FilterOwnBody()},
	}
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

// Policy of the Project: its rules filter by tenant only on some paths that let the
// statement through.
// The policy is built in another package.
func (Project) Policy() ent.Policy { // want Policy:`entFilter: allows:query`
	return policy.ProjectPolicy()
}

// Fields of the Project.
func (Project) Fields() []ent.Field {
	return []ent.Field{field.String("tenant_id"), field.String("name")}
}

// Task holds the schema definition for the Task entity: its privacy policy filters queries
// by the tenant column and mutations by the edge to the tenant.
type Task struct { // want Task:`entFilter:tenant_id = \? mutations:edge:Tenant = \?`
	ent.Schema
}

// Fields of the Task.
func (Task) Fields() []ent.Field {
	return []ent.Field{field.String("tenant_id"), field.String("body")}
}

// Policy of the Task: a package variable of another package.
func (Task) Policy() ent.Policy { // want Policy:`entFilter:tenant_id = \? mutations:edge:Tenant = \?`
	return policy.TenantPolicy
}

// Plan holds the schema definition for the Plan entity, the global plan catalogue.
type Plan struct {
	ent.Schema
}

// Fields of the Plan.
func (Plan) Fields() []ent.Field {
	return []ent.Field{field.String("body")}
}

// TenantPolicyMixin is the tenant mixin of ent's multi-tenancy docs: the tenant field, and a
// privacy policy confining every query and mutation to the viewer's tenant.
type TenantPolicyMixin struct {
	mixin.Schema
}

// Fields of the TenantPolicyMixin.
func (TenantPolicyMixin) Fields() []ent.Field {
	return []ent.Field{field.String("tenant_id").Immutable()}
}

// Policy for all schemas that embed TenantPolicyMixin.
func (TenantPolicyMixin) Policy() ent.Policy { // want Policy:`entFilter:field:TenantID = \?`
	return rule.FilterTenantEntQL()
}

// Label holds the schema definition for the Label entity: tenant-owned through the
// TenantPolicyMixin.
type Label struct { // want Label:`entFilter:field:TenantID = \? mutations:field:TenantID = \?`
	ent.Schema
}

// Mixin of the Label.
func (Label) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantPolicyMixin{}}
}

// Fields of the Label.
func (Label) Fields() []ent.Field {
	return []ent.Field{field.String("body")}
}

// AdminMixin lets administrators through every policy that comes after it.
type AdminMixin struct {
	mixin.Schema
}

// Policy of the AdminMixin.
func (AdminMixin) Policy() ent.Policy { // want Policy:`entFilter: allows`
	return rule.AllowIfAdmin()
}

// BaseMixin denies the requests without a tenant: it allows nothing.
type BaseMixin struct {
	mixin.Schema
}

// Policy of the BaseMixin.
func (BaseMixin) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.DenyIfNoTenant()},
		Mutation: privacy.MutationPolicy{rule.DenyIfNoTenant()},
	}
}

// AdminFirst is a schema whose administrator mixin comes before the tenant mixin: an
// administrator's statements skip the tenant filter, so it confines none of them.
type AdminFirst struct {
	ent.Schema
}

// Mixin of the AdminFirst.
func (AdminFirst) Mixin() []ent.Mixin {
	return []ent.Mixin{AdminMixin{}, TenantPolicyMixin{}}
}

// AdminLast lets administrators through only after the tenant filter ran.
type AdminLast struct { // want AdminLast:`entFilter:field:TenantID = \? mutations:field:TenantID = \?$`
	ent.Schema
}

// Mixin of the AdminLast.
func (AdminLast) Mixin() []ent.Mixin {
	return []ent.Mixin{BaseMixin{}, TenantPolicyMixin{}, AdminMixin{}}
}

// AdminInList allows administrators' queries before its query list filters them; its
// mutation list filters first.
type AdminInList struct { // want AdminInList:`entFilter: mutations:field:TenantID = \?$`
	ent.Schema
}

// Policy of the AdminInList.
func (AdminInList) Policy() ent.Policy { // want Policy:`entFilter: mutations:field:TenantID = \? allows`
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowIfAdmin(), rule.FilterTenantEntQL()},
		Mutation: privacy.MutationPolicy{rule.FilterTenantEntQL(), privacy.AlwaysAllowRule()},
	}
}

// Account mixes in the mixins of ent's multi-tenancy example, declared in another package:
// the base mixin's policy denies, the tenant mixin's filters.
type Account struct { // want Account:`entFilter:tenant_id = \? mutations:edge:Tenant = \?$`
	ent.Schema
}

// Mixin of the Account.
func (Account) Mixin() []ent.Mixin {
	return []ent.Mixin{policy.BaseMixin{}, policy.TenantMixin{}}
}

// Guest mixes in the base mixin alone: nothing confines it.
type Guest struct {
	ent.Schema
}

// Mixin of the Guest.
func (Guest) Mixin() []ent.Mixin {
	return []ent.Mixin{policy.BaseMixin{}}
}

// invoicePolicy is the Invoice's policy, a package variable.
var invoicePolicy ent.Policy = privacy.Policy{ // want invoicePolicy:`entFilter:field:TenantID = \? mutations:field:TenantID = \?`
	Query:    privacy.QueryPolicy{rule.FilterTenantEntQL()},
	Mutation: privacy.MutationPolicy{rule.FilterTenantEntQL()},
}

// Invoice returns a policy held in a package variable.
type Invoice struct { // want Invoice:`entFilter:field:TenantID = \? mutations:field:TenantID = \?$`
	ent.Schema
}

// Policy of the Invoice.
func (Invoice) Policy() ent.Policy { // want Policy:`entFilter:field:TenantID = \? mutations:field:TenantID = \?`
	return invoicePolicy
}

// openPolicy filters nothing.
var openPolicy = privacy.Policy{
	Query: privacy.QueryPolicy{rule.DenyIfNoTenant()},
}

// Draft returns a policy variable that filters nothing.
type Draft struct {
	ent.Schema
}

// Policy of the Draft.
func (Draft) Policy() ent.Policy {
	return openPolicy
}

// Shared returns a policy that is the tenant's on one path only.
type Shared struct {
	ent.Schema
}

// Policy of the Shared.
func (Shared) Policy() ent.Policy {
	return policy.MaybeTenant()
}
