package sqlxnamed

import "github.com/jmoiron/sqlx"

var db *sqlx.DB

type Note struct {
	ID       string `db:"id"`
	TenantID string `db:"tenant_id"`
	Body     string `db:"body"`
}

func update(n Note) {
	db.NamedExec("UPDATE notes SET body = :body WHERE id = :id", n) // want `query on notes does not filter by tenant_id`
}

func updateWithTenant(n Note) {
	db.NamedExec("UPDATE notes SET body = :body WHERE tenant_id = :tenant_id AND id = :id", n)
}

func insert(n Note) {
	db.NamedExec("INSERT INTO notes (id, body) VALUES (:id, :body)", n) // want `insert into notes does not set tenant_id`
}

func insertWithTenant(n Note) {
	db.NamedExec("INSERT INTO notes (id, tenant_id, body) VALUES (:id, :tenant_id, :body)", n)
}

func orEscape(m map[string]any) {
	db.NamedQuery("SELECT id FROM notes WHERE tenant_id = :tenant OR public", m) // want `tenant filter on notes sits inside an OR`
}

func escapedCast(m map[string]any) {
	db.NamedQuery("SELECT id FROM notes WHERE tenant_id = :tenant::::uuid AND id = :id", m)
}
