package pophelpers

import (
	"github.com/gobuffalo/pop/v6"

	"pophelpers/lib"
)

var db *pop.Connection

// Note is stored in notes.
type Note struct {
	ID        string `db:"id"`
	TenantID  string `db:"tenant_id"`
	ProjectID string `db:"project_id"`
}

func libScoped(t, id string) (n Note, err error) {
	err = lib.ForTenant(db.Q(), t).Find(&n, id)
	return n, err
}

func libOnlyProject(p string) (ns []Note, err error) {
	err = lib.ByProject(db.Q(), p).All(&ns) // want `query on notes does not filter by tenant_id`
	return ns, err
}

func libProjectThenTenant(t, p string) (ns []Note, err error) {
	err = lib.ForTenant(lib.ByProject(db.Q(), p), t).All(&ns)
	return ns, err
}

func libKeyset(t, after string) (ns []Note, err error) {
	err = lib.KeysetAfter(db.Q(), t, after).All(&ns) // want `tenant filter on notes sits inside an OR`
	return ns, err
}

func libOnConn(t, id string) (n Note, err error) {
	err = lib.OnConn(db, t).Where("id = ?", id).First(&n)
	return n, err
}

func libOwnConn(id string) (n Note, err error) {
	err = lib.Public().Where("id = ?", id).First(&n) // want `query on notes does not filter by tenant_id`
	return n, err
}

func libOwnConnTenant(t, id string) (n Note, err error) {
	err = lib.Tenant(t).Where("id = ?", id).First(&n)
	return n, err
}

func libScope(id string) (n Note, err error) {
	err = db.Q().Scope(lib.TenantScope).Find(&n, id)
	return n, err
}

func libScopeNothing(id string) (n Note, err error) {
	err = db.Q().Scope(lib.Newest).Find(&n, id) // want `query on notes does not filter by tenant_id`
	return n, err
}

func libNothing(id string) (n Note, err error) {
	err = lib.Newest(db.Where("id = ?", id)).First(&n) // want `query on notes does not filter by tenant_id`
	return n, err
}

func libNothingTenant(t, id string) (n Note, err error) {
	err = lib.Newest(db.Where("id = ?", id).Where("tenant_id = ?", t)).First(&n)
	return n, err
}

func libPick(t, id string, admin bool) (ns []Note, err error) {
	err = lib.Pick(db.Where("id = ?", id), db.Q(), admin, t).All(&ns) // want `query on notes does not filter by tenant_id`
	return ns, err
}

func libPickBothScoped(t string, admin bool) (ns []Note, err error) {
	err = lib.Pick(db.Where("tenant_id = ?", t), db.Q(), admin, t).All(&ns)
	return ns, err
}

func libOrAll(t string, all bool) (ns []Note, err error) {
	err = lib.OrAll(db.Q(), all, t).All(&ns) // want `query on notes does not filter by tenant_id`
	return ns, err
}

func libOrAllScoped(t string, all bool) (ns []Note, err error) {
	err = lib.OrAllScoped(db.Q(), all, t).All(&ns)
	return ns, err
}

func libRecursive(p string) (ns []Note, err error) {
	err = lib.Recursive(db.Q(), 3, p).All(&ns) // want `query on notes does not filter by tenant_id`
	return ns, err
}

func libRecursiveScoped(t string) (ns []Note, err error) {
	err = lib.RecursiveScoped(db.Q(), 3, t).All(&ns)
	return ns, err
}

func libByProjectChecked(p string) (ns []Note, err error) {
	q, err := lib.ByProjectChecked(db.Q(), p)
	if err != nil {
		return nil, err
	}
	err = q.All(&ns) // want `query on notes does not filter by tenant_id`
	return ns, err
}

func libByProjectCheckedTenant(t, p string) (ns []Note, err error) {
	q, err := lib.ByProjectChecked(db.Where("tenant_id = ?", t), p)
	if err != nil {
		return nil, err
	}
	err = q.All(&ns)
	return ns, err
}
