// want package:`entSchemas:Account=entFilter:tenant_id = \? mutations:edge:Tenant = \?;AdminInList=entFilter: mutations:field:TenantID = \?;AdminLast=entFilter:field:TenantID = \? mutations:field:TenantID = \?;Invoice=entFilter:field:TenantID = \? mutations:field:TenantID = \?;Label=entFilter:field:TenantID = \? mutations:field:TenantID = \?;Note=entFilter:tenant_id = \? mutations:field:Body = \?;Project=entFilter:deleted_at IS NULL;Task=entFilter:tenant_id = \? mutations:edge:Tenant = \?` package:`models:comments,labels\(tenant_id\),notes\(tenant_id\),plans,projects\(tenant_id\),tasks\(tenant_id\),tenants`

package entfilter

import (
	"context"

	"entgo.io/ent/dialect/sql"
	"example.com/entapp/ent"
	"example.com/entapp/ent/predicate"
	"example.com/entapp/ent/project"
)

var client *ent.Client

// --- reads: Query().Where(...) finished by Only, All, First, Count, IDs, Exist ---

func get(ctx context.Context, id string) (*ent.Project, error) {
	return client.Project.Query().Where(project.ID(id)).Only(ctx) // want `query on projects does not filter by tenant_id: add tenant_id = <verified tenant> to its WHERE clause or run it inside tenantdb.WithTenant \(TV1003\)`
}

func getWithTenant(ctx context.Context, tid, id string) (*ent.Project, error) {
	return client.Project.Query().Where(project.TenantID(tid), project.ID(id)).Only(ctx)
}

func getByClient(ctx context.Context, id string) (*ent.Project, error) {
	return client.Project.Get(ctx, id) // want `query on projects does not filter by tenant_id`
}

func list(ctx context.Context) ([]*ent.Project, error) {
	return client.Project.Query().All(ctx) // want `query on projects does not filter by tenant_id`
}

func listWithTenant(ctx context.Context, tid string) ([]*ent.Project, error) {
	return client.Project.Query().Where(project.TenantIDEQ(tid)).Limit(10).All(ctx)
}

func first(ctx context.Context, name string) (*ent.Project, error) {
	return client.Project.Query().Where(project.Name(name)).First(ctx) // want `query on projects does not filter by tenant_id`
}

func firstWithTenant(ctx context.Context, tid, name string) (*ent.Project, error) {
	return client.Project.Query().Where(project.Name(name)).Where(project.TenantID(tid)).First(ctx)
}

func count(ctx context.Context) (int, error) {
	return client.Project.Query().Count(ctx) // want `query on projects does not filter by tenant_id`
}

func countWithTenant(ctx context.Context, tid string) (int, error) {
	return client.Project.Query().Where(project.TenantID(tid)).Count(ctx)
}

func ids(ctx context.Context, name string) ([]string, error) {
	return client.Project.Query().Where(project.NameContains(name)).IDs(ctx) // want `query on projects does not filter by tenant_id`
}

func idsWithTenant(ctx context.Context, tid, name string) ([]string, error) {
	return client.Project.Query().Where(project.And(project.TenantID(tid), project.NameContains(name))).IDs(ctx)
}

func exist(ctx context.Context, id string) (bool, error) {
	return client.Project.Query().Where(project.IDIn(id)).Exist(ctx) // want `query on projects does not filter by tenant_id`
}

func existWithTenant(ctx context.Context, tid, id string) (bool, error) {
	return client.Project.Query().Where(project.IDIn(id), project.TenantIDIn(tid)).Exist(ctx)
}

// --- OR, NOT and storage-level predicates ---

func orEscape(ctx context.Context, tid, name string) ([]*ent.Project, error) {
	return client.Project.Query().Where(project.Or(project.TenantID(tid), project.Name(name))).All(ctx) // want `tenant filter on projects sits inside an OR, so other tenants' rows escape`
}

func orInsideTenant(ctx context.Context, tid, a, b string) ([]*ent.Project, error) {
	return client.Project.Query().Where(project.TenantID(tid), project.Or(project.Name(a), project.Name(b))).All(ctx)
}

func notTenant(ctx context.Context, tid string) ([]*ent.Project, error) {
	return client.Project.Query().Where(project.Not(project.TenantID(tid))).All(ctx) // want `tenant filter on projects sits inside an OR`
}

func storagePredicate(ctx context.Context, tid string) ([]*ent.Project, error) {
	return client.Project.Query().Where(predicate.Project(sql.FieldEQ(project.FieldTenantID, tid))).All(ctx)
}

func storagePredicateOther(ctx context.Context, name string) ([]*ent.Project, error) {
	return client.Project.Query().Where(predicate.Project(sql.FieldEQ(project.FieldName, name))).All(ctx) // want `query on projects does not filter by tenant_id`
}

// --- a chain kept in a variable, a predicate chosen at run time ---

func chainInVariable(ctx context.Context, tid string, filter bool) ([]*ent.Project, error) {
	q := client.Project.Query()
	if filter {
		q = q.Where(project.TenantID(tid))
	}
	return q.All(ctx) // want `query on projects does not filter by tenant_id`
}

func chainInVariableWithTenant(ctx context.Context, tid, name string, byName bool) ([]*ent.Project, error) {
	q := client.Project.Query().Where(project.TenantID(tid))
	if byName {
		q = q.Where(project.Name(name))
	}
	return q.All(ctx)
}

func dynamic(ctx context.Context, ps ...predicate.Project) ([]*ent.Project, error) {
	return client.Project.Query().Where(ps...).All(ctx) // want `SQL built at run time reaches tenant table projects and could not be checked`
}

// --- writes: Create, Update, UpdateOneID, DeleteOneID, Delete().Where ---

func create(ctx context.Context, name string) (*ent.Project, error) {
	return client.Project.Create().SetName(name).Save(ctx) // want `insert into projects does not set tenant_id`
}

func createWithTenant(ctx context.Context, tid, name string) (*ent.Project, error) {
	return client.Project.Create().SetName(name).SetTenantID(tid).Save(ctx)
}

func updateByID(ctx context.Context, id, name string) error {
	return client.Project.UpdateOneID(id).SetName(name).Exec(ctx) // want `query on projects does not filter by tenant_id`
}

func updateByIDWithTenant(ctx context.Context, tid, id, name string) error {
	return client.Project.UpdateOneID(id).Where(project.TenantID(tid)).SetName(name).Exec(ctx)
}

func updateAll(ctx context.Context, name string) (int, error) {
	return client.Project.Update().Where(project.Name(name)).SetName(name + "!").Save(ctx) // want `query on projects does not filter by tenant_id`
}

func updateAllWithTenant(ctx context.Context, tid, name string) (int, error) {
	return client.Project.Update().Where(project.TenantID(tid), project.Name(name)).SetName(name + "!").Save(ctx)
}

func deleteByID(ctx context.Context, id string) error {
	return client.Project.DeleteOneID(id).Exec(ctx) // want `query on projects does not filter by tenant_id`
}

func deleteByIDWithTenant(ctx context.Context, tid, id string) error {
	return client.Project.DeleteOneID(id).Where(project.TenantID(tid)).Exec(ctx)
}

func deleteWhere(ctx context.Context, name string) (int, error) {
	return client.Project.Delete().Where(project.Name(name)).Exec(ctx) // want `query on projects does not filter by tenant_id`
}

func deleteWhereWithTenant(ctx context.Context, tid, name string) (int, error) {
	return client.Project.Delete().Where(project.TenantID(tid), project.Name(name)).Exec(ctx)
}

// --- a transaction's client and a client passed in (reported where the unfiltered query runs) ---

func inTx(ctx context.Context, id string) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	return tx.Project.DeleteOneID(id).Exec(ctx) // want `query on projects does not filter by tenant_id`
}

func inTxWithTenant(ctx context.Context, tid, id string) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	return tx.Project.DeleteOneID(id).Where(project.TenantID(tid)).Exec(ctx)
}

type store struct{ c *ent.Client }

func (s *store) byID(ctx context.Context, id string) (*ent.Project, error) { // want byID:"queriesParam:recv sql:1"
	return s.c.Project.Query().Where(project.ID(id)).Only(ctx)
}

func useStore(ctx context.Context, id string) (*ent.Project, error) {
	s := &store{c: client}
	return s.byID(ctx, id) // want `query on projects does not filter by tenant_id`
}

// --- Select: the query a Select builder selects from, finished by Strings, Scan... ---

func names(ctx context.Context) ([]string, error) {
	return client.Project.Query().Select(project.FieldName).Strings(ctx) // want `query on projects does not filter by tenant_id`
}

func namesWithTenant(ctx context.Context, tid string) ([]string, error) {
	return client.Project.Query().Where(project.TenantID(tid)).Select(project.FieldName).Strings(ctx)
}

func scanNames(ctx context.Context, id string) (v []struct{ Name string }, err error) {
	err = client.Project.Query().Where(project.ID(id)).Select(project.FieldName).Scan(ctx, &v) // want `query on projects does not filter by tenant_id`
	return v, err
}

func scanNamesWithTenant(ctx context.Context, tid, id string) (v []struct{ Name string }, err error) {
	err = client.Project.Query().Where(project.ID(id), project.TenantID(tid)).Select(project.FieldName).Scan(ctx, &v)
	return v, err
}
