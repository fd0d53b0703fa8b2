package ormschemaglobal // want package:`models:notes\(tenant_id\),plans`

// This package has no SQL migrations: the schema comes from the models it migrates.

import "gorm.io/gorm"

var db *gorm.DB

// Note has the tenant column: notes is tenant-owned.
type Note struct {
	ID       int
	TenantID string
	Body     string
}

// Plan has none: plans is global.
type Plan struct {
	ID   int
	Name string
}

func migrate() error {
	return db.AutoMigrate(&Note{}, &Plan{})
}

func note(id int) (n Note) {
	db.First(&n, id) // want `query on notes does not filter by tenant_id`
	return n
}

func noteWithTenant(t string, id int) (n Note) {
	db.Where("tenant_id = ?", t).First(&n, id)
	return n
}

func plan(id int) (p Plan) {
	db.First(&p, id)
	return p
}
