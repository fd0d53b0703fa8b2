package popfilter

import (
	"time"

	"github.com/gobuffalo/pop/v6"
)

var db *pop.Connection

// Note is stored in notes (pop's naming: snake case, plural).
type Note struct {
	ID        string    `db:"id"`
	TenantID  string    `db:"tenant_id"`
	ProjectID string    `db:"project_id"`
	Body      string    `db:"body"`
	Public    bool      `db:"public"`
	CreatedAt time.Time `db:"created_at"`
}

// Board names its table.
type Board struct { // want Board:`gormTable:projects`
	ID       string `db:"id"`
	TenantID string `db:"tenant_id"`
	Name     string `db:"name"`
}

func (Board) TableName() string { return "projects" }

// Plan is global.
type Plan struct {
	ID   string `db:"id"`
	Name string `db:"name"`
}

// --- a record fetched by id alone ---

func find(id string) (n Note, err error) {
	err = db.Find(&n, id) // want `query on notes does not filter by tenant_id: add tenant_id = <verified tenant> to its WHERE clause or run it inside tenantdb.WithTenant \(TV1003\)`
	return n, err
}

func findWithTenant(t, id string) (n Note, err error) {
	err = db.Where("tenant_id = ?", t).Find(&n, id)
	return n, err
}

func first(id string) (n Note, err error) {
	err = db.Where("id = ?", id).First(&n) // want `query on notes does not filter by tenant_id`
	return n, err
}

func firstWithTenant(t, id string) (n Note, err error) {
	err = db.Where("id = ?", id).Where("tenant_id = ?", t).First(&n)
	return n, err
}

func allOnQ() (ns []Note, err error) {
	err = db.Q().All(&ns) // want `query on notes does not filter by tenant_id`
	return ns, err
}

func allOnQWithTenant(t string) (ns []Note, err error) {
	err = pop.Q(db).Where("tenant_id = ?", t).Order("created_at desc").All(&ns)
	return ns, err
}

func last(p string) (n Note, err error) {
	err = db.Where("project_id in (?)", p).Last(&n) // want `query on notes does not filter by tenant_id`
	return n, err
}

func lastWithTenant(t, p, q string) (n Note, err error) {
	err = db.Where("tenant_id = ?", t).Where("project_id in (?)", p, q).Last(&n)
	return n, err
}

func count(p string) (int, error) {
	return db.Where("project_id = ?", p).Count(&Note{}) // want `query on notes does not filter by tenant_id`
}

func countWithTenant(t, p string) (int, error) {
	return db.Where("project_id = ?", p).Where("tenant_id = ?", t).Count(&Note{})
}

func exists(id string) (bool, error) {
	return db.Where("id = ?", id).Exists(&Note{}) // want `query on notes does not filter by tenant_id`
}

func tableName(id string) (b Board, err error) {
	err = db.Find(&b, id) // want `query on projects does not filter by tenant_id`
	return b, err
}

func tableNameWithTenant(t, id string) (b Board, err error) {
	err = db.Where("tenant_id = ?", t).Find(&b, id)
	return b, err
}

func global(id string) (p Plan, err error) {
	err = db.Find(&p, id)
	return p, err
}

// --- the advisory shape: a keyset-pagination OR built as a string and handed to Where ---

func keyset(t string, after time.Time, afterID string) (ns []Note, err error) {
	cond := "created_at < ?"
	cond += " OR (created_at = ? AND id < ?)"
	// pop joins its fragments by AND without parentheses: the OR undoes the tenant filter.
	err = db.Where("tenant_id = ?", t).Where(cond, after, after, afterID).All(&ns) // want `tenant filter on notes sits inside an OR, so other tenants' rows escape`
	return ns, err
}

func keysetParenthesised(t string, after time.Time, afterID string) (ns []Note, err error) {
	cond := "(created_at < ?"
	cond += " OR (created_at = ? AND id < ?))"
	err = db.Where("tenant_id = ?", t).Where(cond, after, after, afterID).All(&ns)
	return ns, err
}

func keysetBranch(t string, after time.Time, afterID string, desc bool) (ns []Note, err error) {
	cond := "created_at > ? OR (created_at = ? AND id > ?)"
	if desc {
		cond = "(created_at < ? OR (created_at = ? AND id < ?))"
	}
	err = db.Where("tenant_id = ?", t).Where(cond, after, after, afterID).All(&ns) // want `tenant filter on notes sits inside an OR`
	return ns, err
}

func orInOneFragment(t, id string) (ns []Note, err error) {
	err = db.Where("tenant_id = ? OR public", t).All(&ns) // want `tenant filter on notes sits inside an OR`
	return ns, err
}

// --- a chain kept in a variable and finished later ---

func chainInVariable(t string, onlyPublic bool) (ns []Note, err error) {
	q := db.Q()
	if onlyPublic {
		q = q.Where("public")
	}
	err = q.All(&ns) // want `query on notes does not filter by tenant_id`
	return ns, err
}

func chainInVariableWithTenant(t string, onlyPublic bool) (ns []Note, err error) {
	q := db.Where("tenant_id = ?", t)
	if onlyPublic {
		q = q.Where("public")
	}
	err = q.All(&ns)
	return ns, err
}

// --- scopes ---

func byTenant(t string) pop.ScopeFunc {
	return func(q *pop.Query) *pop.Query { return q.Where("tenant_id = ?", t) }
}

func scoped(t, id string) (n Note, err error) {
	err = db.Scope(byTenant(t)).Find(&n, id)
	return n, err
}

func scopeWithoutTenant(id string) (n Note, err error) {
	err = db.Q().Scope(func(q *pop.Query) *pop.Query { return q.Where("public") }).Find(&n, id) // want `query on notes does not filter by tenant_id`
	return n, err
}

// --- raw SQL ---

func raw(id string) (ns []Note, err error) {
	err = db.RawQuery("SELECT * FROM notes WHERE id = ?", id).All(&ns) // want `query on notes does not filter by tenant_id`
	return ns, err
}

func rawWithTenant(t, id string) (ns []Note, err error) {
	err = db.RawQuery("SELECT * FROM notes WHERE tenant_id = ? AND id = ?", t, id).All(&ns)
	return ns, err
}

func rawExec(id string) error {
	return db.RawQuery("DELETE FROM notes WHERE id = ?", id).Exec() // want `query on notes does not filter by tenant_id`
}

func rawExecWithTenant(t, id string) error {
	return db.RawQuery("DELETE FROM notes WHERE tenant_id = ? AND id = ?", t, id).Exec()
}

// --- run-time conditions ---

func dynamic(cond string) (ns []Note, err error) {
	err = db.Where(cond).All(&ns) // want `SQL built at run time reaches tenant table notes and could not be checked`
	return ns, err
}

// --- writes: by key, by conditions, inserts ---

func destroy(id string) error {
	return db.Destroy(&Note{ID: id}) // want `query on notes does not filter by tenant_id`
}

func deleteWhere(p string) error {
	return db.Where("project_id = ?", p).Delete(&Note{}) // want `query on notes does not filter by tenant_id`
}

func deleteWhereWithTenant(t, p string) error {
	return db.Where("tenant_id = ?", t).Where("project_id = ?", p).Delete(&Note{})
}

func update(n *Note) error {
	return db.Update(n) // want `query on notes does not filter by tenant_id`
}

func updateQuery(p string) (int64, error) {
	return db.Where("project_id = ?", p).UpdateQuery(&Note{Public: true}, "public") // want `query on notes does not filter by tenant_id`
}

func updateQueryWithTenant(t, p string) (int64, error) {
	return db.Where("tenant_id = ? AND project_id = ?", t, p).UpdateQuery(&Note{Public: true}, "public")
}

func create(id, body string) error {
	return db.Create(&Note{ID: id, Body: body}) // want `insert into notes does not set tenant_id`
}

func createWithTenant(t, id, body string) error {
	return db.Create(&Note{ID: id, TenantID: t, Body: body})
}

func createFilled(n *Note) error {
	// A model filled elsewhere: pop writes every column, the tenant's included.
	return db.Create(n)
}

func createPlan(id string) error {
	return db.Create(&Plan{ID: id})
}

// --- joins ---

func joined(t string) (ns []Note, err error) {
	err = db.Where("notes.tenant_id = ?", t).Join("projects p", "p.id = notes.project_id").All(&ns) // want `query on projects p does not filter by p.tenant_id`
	return ns, err
}

func joinedWithTenant(t string) (ns []Note, err error) {
	err = db.Where("notes.tenant_id = ?", t).Join("projects p", "p.id = notes.project_id AND p.tenant_id = ?", t).All(&ns)
	return ns, err
}

// --- helpers of the package that add to a query ---

func forTenant(q *pop.Query, t string) *pop.Query { // want forTenant:`popChain:0:where\(tenant_id = \?\)`
	return q.Where("tenant_id = ?", t)
}

func onConn(c *pop.Connection, t string) *pop.Query { // want onConn:`popChain:0:start.where\(tenant_id = \?\)`
	return c.Where("tenant_id = ?", t)
}

func publicOnly(q *pop.Query) *pop.Query { // want publicOnly:`popChain:0:where\(public\)`
	return q.Where("public")
}

func helperWithTenant(t, id string) (n Note, err error) {
	err = forTenant(db.Q(), t).Find(&n, id)
	return n, err
}

func helperOnConnWithTenant(t, id string) (n Note, err error) {
	err = onConn(db, t).Where("id = ?", id).First(&n)
	return n, err
}

func helperWithoutTenant(id string) (n Note, err error) {
	err = publicOnly(db.Where("id = ?", id)).First(&n) // want `query on notes does not filter by tenant_id`
	return n, err
}

// --- Save: an update by key when the key is set, else an insert ---

func saveExisting(id, body string) error {
	return db.Save(&Note{ID: id, Body: body}) // want `query on notes does not filter by tenant_id`
}

func saveNew(body string) error {
	return db.Save(&Note{Body: body}) // want `insert into notes does not set tenant_id`
}

func saveNewWithTenant(t, body string) error {
	return db.Save(&Note{TenantID: t, Body: body})
}
