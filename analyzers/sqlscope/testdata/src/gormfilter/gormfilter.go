package gormfilter

import (
	"gorm.io/gorm"

	"gormfilter/gscopes"
)

var db *gorm.DB

type Note struct {
	ID        string `gorm:"primaryKey"`
	TenantID  string
	ProjectID string
	Body      string
	Public    bool
}

type Project struct {
	ID       string
	TenantID string
	Name     string
}

type Plan struct {
	ID   string
	Name string
}

// --- the advisory shape: a record fetched by the id the caller chose ---

func byID(id string) (n Note) {
	db.Where("id = ?", id).First(&n) // want `query on notes does not filter by tenant_id: add tenant_id = <verified tenant> to its WHERE clause or run it inside tenantdb.WithTenant \(TV1003\)`
	return n
}

func byIDWithTenant(t, id string) (n Note) {
	db.Where("tenant_id = ? AND id = ?", t, id).First(&n)
	return n
}

// --- primary-key shortcuts filter by the key only ---

func firstByKey(id int) (n Note) {
	db.First(&n, id) // want `query on notes does not filter by tenant_id`
	return n
}

func firstByKeyWithTenant(t string, id int) (n Note) {
	db.Where("tenant_id = ?", t).First(&n, id)
	return n
}

func firstByStringKey(id string) (n Note) {
	// gorm writes a string that is not a number as SQL: First(&n, "id = ?", id) is meant.
	db.First(&n, id) // want `SQL built at run time reaches tenant table notes and could not be checked`
	return n
}

func firstByStringKeyWithTenant(t, id string) (n Note) {
	// The string is written in parentheses beside the tenant condition, which still holds.
	db.Where("tenant_id = ?", t).First(&n, id)
	return n
}

func deleteByKey(id int) {
	db.Delete(&Note{}, id) // want `query on notes does not filter by tenant_id`
}

func deleteByKeyWithTenant(t string, id int) {
	db.Where("tenant_id = ?", t).Delete(&Note{}, id)
}

func deleteNothing() {
	// gorm refuses a DELETE without conditions (ErrMissingWhereClause): nothing is sent.
	db.Delete(&Note{})
}

func updateModelKey(id, body string) {
	db.Model(&Note{ID: id}).Update("body", body) // want `query on notes does not filter by tenant_id`
}

func updateModelKeyWithTenant(t, id, body string) {
	db.Model(&Note{ID: id}).Where("tenant_id = ?", t).Update("body", body)
}

func updateModelTenantField(t, id, body string) {
	// Only the model's primary key becomes a condition; its other fields do not.
	db.Model(&Note{ID: id, TenantID: t}).Update("body", body) // want `query on notes does not filter by tenant_id`
}

func save(n *Note) {
	db.Save(n) // want `query on notes does not filter by tenant_id`
}

// --- struct and map conditions ---

func structCond(id string) (ns []Note) {
	db.Where(&Note{ID: id}).Find(&ns) // want `query on notes does not filter by tenant_id`
	return ns
}

func structCondWithTenant(t, id string) (ns []Note) {
	db.Where(&Note{ID: id, TenantID: t}).Find(&ns)
	return ns
}

func structCondZeroTenant(id string) (ns []Note) {
	// gorm drops zero fields: TenantID "" is no condition.
	db.Where(&Note{ID: id, TenantID: ""}).Find(&ns) // want `query on notes does not filter by tenant_id`
	return ns
}

func mapCond(id string) (ns []Note) {
	db.Where(map[string]interface{}{"id": id}).Find(&ns) // want `query on notes does not filter by tenant_id`
	return ns
}

func mapCondWithTenant(t, id string) (ns []Note) {
	db.Where(map[string]interface{}{"id": id, "tenant_id": t}).Find(&ns)
	return ns
}

// --- OR: gorm joins Or with OR, and wraps a string holding AND or OR in parentheses ---

func orEscape(t string) (ns []Note) {
	db.Where("tenant_id = ?", t).Or("public = ?", true).Find(&ns) // want `tenant filter on notes sits inside an OR, so other tenants' rows escape: make tenant_id = <verified tenant> a top-level AND condition \(TV1004\)`
	return ns
}

func orInString(t string) (ns []Note) {
	db.Where("tenant_id = ? OR public", t).Find(&ns) // want `tenant filter on notes sits inside an OR`
	return ns
}

func orWrapped(t, id string) (ns []Note) {
	db.Where("tenant_id = ?", t).Where("public = ? OR id = ?", true, id).Find(&ns)
	return ns
}

func scopeAfterOr(t, id string) (ns []Note) {
	// Scopes run last: WHERE id = $1 OR public = $2 AND tenant_id = $3.
	db.Where("id = ?", id).Or("public = ?", true).Scopes(gscopes.ByTenant(t)).Find(&ns) // want `tenant filter on notes sits inside an OR`
	return ns
}

// --- scopes and helpers, across packages ---

func scoped(t, id string) (ns []Note) {
	db.Scopes(gscopes.ByTenant(t)).Where("id = ?", id).Find(&ns)
	return ns
}

func scopedWithoutTenant() (ns []Note) {
	db.Scopes(gscopes.Public).Find(&ns) // want `query on notes does not filter by tenant_id`
	return ns
}

func localScope(t string) func(*gorm.DB) *gorm.DB { // want localScope:`gormScope:where\(tenant_id = \?\)`
	return func(db *gorm.DB) *gorm.DB { return db.Where("tenant_id = ?", t) }
}

func scopedLocal(t, id string) (ns []Note) {
	db.Scopes(localScope(t)).Find(&ns, "id = ?", id)
	return ns
}

func helper(t string, id int) (n Note) {
	gscopes.ForTenant(db, t).First(&n, id)
	return n
}

func tableName(id int) (m gscopes.Memo) {
	db.First(&m, id) // want `query on notes does not filter by tenant_id`
	return m
}

func tableNameWithTenant(t string, id int) (m gscopes.Memo) {
	db.Where(&gscopes.Memo{TenantID: t}).First(&m, id)
	return m
}

// --- a chain kept in a variable and finished later ---

func chainInVariable(id string) (ns []Note) {
	q := db.Model(&Note{})
	q = q.Where("id = ?", id)
	q.Find(&ns) // want `query on notes does not filter by tenant_id`
	return ns
}

func chainInVariableWithTenant(t, id string) (ns []Note) {
	q := db.Model(&Note{}).Where("tenant_id = ?", t)
	q = q.Where("id = ?", id)
	q.Find(&ns)
	return ns
}

func conditionalTenant(t string) (ns []Note) {
	q := db.Model(&Note{})
	if t != "" {
		q = q.Where("tenant_id = ?", t)
	}
	q.Find(&ns) // want `query on notes does not filter by tenant_id`
	return ns
}

func newSession(t string, id int) (n Note) {
	// NewDB starts the statement over: the tenant condition is dropped.
	db.Where("tenant_id = ?", t).Session(&gorm.Session{NewDB: true}).First(&n, id) // want `query on notes does not filter by tenant_id`
	return n
}

func unscopedDelete(id int) {
	db.Unscoped().Delete(&Note{}, id) // want `query on notes does not filter by tenant_id`
}

// --- INSERT ---

func create(id, body string) {
	db.Create(&Note{ID: id, Body: body}) // want `insert into notes does not set tenant_id: set it to the verified tenant \(TV1003\)`
}

func createWithTenant(t, id, body string) {
	db.Create(&Note{ID: id, TenantID: t, Body: body})
}

func createFieldSet(t, id string) {
	n := Note{ID: id}
	n.TenantID = t
	db.Create(&n)
}

// --- Raw and Exec are SQL ---

func raw(id string) (ns []Note) {
	db.Raw("SELECT * FROM notes WHERE id = ?", id).Scan(&ns) // want `query on notes does not filter by tenant_id`
	return ns
}

func rawWithTenant(t, id string) (ns []Note) {
	db.Raw("SELECT * FROM notes WHERE tenant_id = ? AND id = ?", t, id).Scan(&ns)
	return ns
}

func exec(id string) {
	db.Exec("DELETE FROM notes WHERE id = ?", id) // want `query on notes does not filter by tenant_id`
}

// --- global and joined tables, run-time conditions ---

func plan(id string) (p Plan) {
	db.First(&p, id)
	return p
}

func joined(t string) (ns []Note) {
	db.Joins("JOIN projects p ON p.id = notes.project_id").Where("notes.tenant_id = ?", t).Find(&ns) // want `query on projects p does not filter by p.tenant_id`
	return ns
}

func joinedWithTenant(t string) (ns []Note) {
	db.Joins("JOIN projects p ON p.id = notes.project_id AND p.tenant_id = notes.tenant_id").Where("notes.tenant_id = ?", t).Find(&ns)
	return ns
}

func dynamic(cond string) (ns []Note) {
	db.Where(cond).Find(&ns) // want `SQL built at run time reaches tenant table notes and could not be checked`
	return ns
}

// --- groups: a *gorm.DB condition is written as a parenthesised group ---

func groupOrEscape(t, id string) (n Note) {
	// WHERE (tenant_id = $1 OR public = $2) AND id = $3: public notes of every tenant escape.
	db.Where(db.Where("tenant_id = ?", t).Or("public = ?", true)).Where("id = ?", id).First(&n) // want `tenant filter on notes sits inside an OR`
	return n
}

func groupTenantOnly(t, id string) (n Note) {
	db.Where(db.Where("tenant_id = ?", t)).Where("id = ?", id).First(&n)
	return n
}

func groupBesideTenant(t, id string) (ns []Note) {
	// WHERE tenant_id = $1 AND (public = $2 OR id = $3): the OR stays inside the tenant.
	db.Where("tenant_id = ?", t).Where(db.Where("public = ?", true).Or("id = ?", id)).Find(&ns)
	return ns
}

func groupWithoutTenant(id string) (ns []Note) {
	db.Where(db.Where("public = ?", true).Or("id = ?", id)).Find(&ns) // want `query on notes does not filter by tenant_id`
	return ns
}

func groupOnTx(t, id string) (ns []Note) {
	tx := db.Begin()
	tx.Where(tx.Where("tenant_id = ?", t).Where("project_id = ?", id)).Or("public = ?", true).Find(&ns) // want `tenant filter on notes sits inside an OR`
	return ns
}

func groupOnTxWithTenant(t, id string) (ns []Note) {
	tx := db.Begin()
	tx.Where(tx.Where("tenant_id = ?", t).Where("project_id = ?", id)).Where(tx.Where("public = ?", true).Or("id = ?", id)).Find(&ns)
	return ns
}

func groupStruct(t, id string) (ns []Note) {
	db.Where(db.Where(&Note{TenantID: t}).Where("public = ?", true)).Where("id = ?", id).Find(&ns)
	return ns
}

func groupScopeAfterOr(t, id string) (ns []Note) {
	// The group's scopes run inside the group: (id = $1 OR public = $2 AND tenant_id = $3).
	db.Where(db.Where("id = ?", id).Or("public = ?", true).Scopes(gscopes.ByTenant(t))).Where("project_id = ?", id).Find(&ns) // want `tenant filter on notes sits inside an OR`
	return ns
}

func groupInVariable(t, id string) (ns []Note) {
	g := db.Where("tenant_id = ?", t)
	db.Where(g).Where("id = ?", id).Find(&ns)
	return ns
}

func groupUnknown(g *gorm.DB, id string) (ns []Note) {
	// A group from elsewhere could hold any condition.
	db.Where(g).Where("id = ?", id).Find(&ns) // want `SQL built at run time reaches tenant table notes and could not be checked`
	return ns
}
