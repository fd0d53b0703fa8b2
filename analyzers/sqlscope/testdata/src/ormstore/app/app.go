package main // want package:`models:countries,projects\(tenant_id\),users\(tenant_id\)`

import (
	"gorm.io/gorm"

	"ormstore"
)

func main() {
	var db *gorm.DB
	_ = db.AutoMigrate(&ormstore.User{}, &ormstore.Project{}, &ormstore.Country{})
}
