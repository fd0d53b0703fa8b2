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

func helperRecursive(t string, id int) (n Note) {
	gscopes.ForTenantAfter(db, t, 2).First(&n, id)
	return n
}

func helperMaybe(t string, id int, all bool) (n Note) {
	gscopes.MaybeTenant(db, t, all).First(&n, id) // want `query on notes does not filter by tenant_id`
	return n
}

// A helper whose returns start from different handles: each return continues the chain of
// the argument it starts from, so the OR the caller put before it escapes the tenant on the
// path that continues it...
func helperPerReturnOr(t, o, id string) (ns []Note) {
	gscopes.ForTenantOr(db.Where("id = ?", id).Or("public = ?", true), t, o).Find(&ns) // want `tenant filter on notes sits inside an OR`
	return
}

// ... and a chain without one stays filtered on both.
func helperPerReturn(t, o, id string) (ns []Note) {
	gscopes.ForTenantOr(db.Where("id = ?", id), t, o).Find(&ns)
	return
}

func helperEitherOr(t, id string, b bool) (ns []Note) {
	gscopes.FromEither(db, db.Where("id = ?", id).Or("public = ?", true), t, b).Find(&ns) // want `tenant filter on notes sits inside an OR`
	return
}

func helperEither(t, id string, b bool) (ns []Note) {
	gscopes.FromEither(db.Where("id = ?", id), db.Where("public = ?", true), t, b).Find(&ns)
	return
}

// The return that hands the argument back keeps the tenant the caller added...
func helperOwnOrGiven(t string, b bool) (ns []Note) {
	gscopes.OwnOrGiven(db.Where("tenant_id = ?", t), t, b).Find(&ns)
	return
}

// ... or lacks it.
func helperOwnOrGivenNoTenant(t, id string, b bool) (ns []Note) {
	gscopes.OwnOrGiven(db.Where("id = ?", id), t, b).Find(&ns) // want `query on notes does not filter by tenant_id`
	return
}

// The same in this package: its own helper's returns start from different parameters.
func localEither(db, other *gorm.DB, t string, useOther bool) *gorm.DB { // want localEither:`gormChain:1:where\(tenant_id = \?\)\|0:where\(tenant_id = \?\)$`
	if useOther {
		return other.Where("tenant_id = ?", t)
	}
	return db.Where("tenant_id = ?", t)
}

func localEitherOr(t, id string, b bool) (ns []Note) {
	localEither(db.Where("id = ?", id).Or("public = ?", true), db, t, b).Find(&ns) // want `tenant filter on notes sits inside an OR`
	return
}

func localEitherFiltered(t, id string, b bool) (ns []Note) {
	localEither(db.Where("id = ?", id), db, t, b).Find(&ns)
	return
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

// --- Preload: the children are loaded by the keys of the parents the query found ---

// Card is a note that belongs to its project (an association, not a column).
type Card struct { // want Card:`gormTable:notes`
	ID        string `gorm:"primaryKey"`
	TenantID  string
	ProjectID string
	Body      string
	Project   Project
}

func (Card) TableName() string { return "notes" }

// Board is a project with its cards.
type Board struct { // want Board:`gormTable:projects`
	ID       string `gorm:"primaryKey"`
	TenantID string
	Name     string
	Cards    []Card `gorm:"foreignKey:ProjectID"`
}

func (Board) TableName() string { return "projects" }

// Catalogue is a global plan with cards (to show that children of a global parent are not
// judged on their own).
type Catalogue struct { // want Catalogue:`gormTable:plans`
	ID    string `gorm:"primaryKey"`
	Name  string
	Cards []Card `gorm:"foreignKey:ProjectID"`
}

func (Catalogue) TableName() string { return "plans" }

func preloadByID(id string) (b Board) {
	// The parent query is the leak; the children follow the parent.
	db.Preload("Cards").Where("id = ?", id).First(&b) // want `query on projects does not filter by tenant_id`
	return b
}

func preloadWithTenant(t, id string) (b Board) {
	db.Preload("Cards").Where("tenant_id = ? AND id = ?", t, id).First(&b)
	return b
}

func preloadConditions(t, body string) (bs []Board) {
	db.Preload("Cards", "body = ?", body).Where("tenant_id = ?", t).Find(&bs)
	return bs
}

func preloadFunc(t, body string) (bs []Board) {
	db.Preload("Cards", func(db *gorm.DB) *gorm.DB { return db.Where("body = ?", body) }).Where("tenant_id = ?", t).Find(&bs)
	return bs
}

func preloadFuncByID(id, body string) (b Board) {
	db.Preload("Cards", func(db *gorm.DB) *gorm.DB { return db.Where("body = ?", body) }).First(&b, "id = ?", id) // want `query on projects does not filter by tenant_id`
	return b
}

func preloadGlobalParent(id string) (c Catalogue) {
	db.Preload("Cards").First(&c, "id = ?", id)
	return c
}

// --- association joins: Joins("Project") joins the association's table under its name ---

func joinAssoc(t string) (cs []Card) {
	// LEFT JOIN "projects" "Project" ON "notes"."project_id" = "Project"."id"
	db.Joins("Project").Where("notes.tenant_id = ?", t).Find(&cs) // want `query on projects "?Project"? does not filter by "?Project"?.tenant_id`
	return cs
}

func joinAssocOn(t string) (cs []Card) {
	db.Joins("Project", db.Where(&Project{TenantID: t})).Where("notes.tenant_id = ?", t).Find(&cs)
	return cs
}

func joinAssocWhere(t string) (cs []Card) {
	db.InnerJoins("Project").Where(&Card{TenantID: t}).Where(`"Project".tenant_id = ?`, t).Find(&cs)
	return cs
}

func joinAssocUnquoted(t string) (cs []Card) {
	// PostgreSQL folds the unquoted Project to project, which is not the join's "Project".
	db.Joins("Project").Where("notes.tenant_id = ? AND Project.tenant_id = ?", t, t).Find(&cs) // want `query on projects "?Project"? does not filter`
	return cs
}

func joinAssocModel(t string) (n int64) {
	db.Model(&Card{}).Joins("Project").Where("notes.tenant_id = ?", t).Count(&n) // want `query on projects "?Project"? does not filter`
	return n
}

func joinNotAnAssoc(t string) (ns []Note) {
	// Note has no Project field: gorm writes the name as SQL (FROM "notes" Project), which
	// is not checked.
	db.Joins("Project").Where("notes.tenant_id = ?", t).Find(&ns) // want `SQL built at run time reaches tenant table notes and could not be checked`
	return ns
}
