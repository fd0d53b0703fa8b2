// Package ormstore is a gorm store without SQL migrations whose models are migrated by the
// main package that imports it (ormstore/app): the models its statements name are its schema.
package ormstore

import "gorm.io/gorm"

var db *gorm.DB

// User has the tenant column: users is tenant-owned.
type User struct {
	ID       int
	TenantID string
	Email    string
}

// Project has it too, under gorm.Model's key.
type Project struct {
	gorm.Model
	TenantID string
	Name     string
}

// Country has none: countries is global.
type Country struct {
	Code string `gorm:"primaryKey"`
	Name string
}

// Summary is a result row, not a model (no primary key): Scan into it names no table.
type Summary struct {
	Name  string
	Total int
}

func user(id int) (u User) {
	db.First(&u, id) // want `query on users does not filter by tenant_id`
	return u
}

func userWithTenant(t string, id int) (u User) {
	db.Where("tenant_id = ?", t).First(&u, id)
	return u
}

func deleteUser(id int) {
	db.Delete(&User{}, id) // want `query on users does not filter by tenant_id`
}

func deleteUserWithTenant(t string, id int) {
	db.Where("tenant_id = ?", t).Delete(&User{}, id)
}

func renameProject(id uint, name string) {
	db.Model(&Project{}).Where("id = ?", id).Update("name", name) // want `query on projects does not filter by tenant_id`
}

func renameProjectWithTenant(t string, id uint, name string) {
	db.Model(&Project{}).Where("tenant_id = ? AND id = ?", t, id).Update("name", name)
}

func projects() (ps []Project) {
	db.Find(&ps) // want `query on projects does not filter by tenant_id`
	return ps
}

func projectsWithTenant(t string) []Project {
	ps := []Project{}
	db.Find(&ps, "tenant_id = ?", t)
	return ps
}

func country(code string) (c Country) {
	db.First(&c, "code = ?", code)
	return c
}

func countries() (cs []Country) {
	db.Find(&cs)
	return cs
}

func summaries(t string) (ss []Summary) {
	db.Table("projects").Select("name, count(*) AS total").Where("tenant_id = ?", t).Group("name").Scan(&ss)
	return ss
}

func summariesWithoutTenant() (ss []Summary) {
	db.Table("projects").Select("name, count(*) AS total").Group("name").Scan(&ss) // want `query on projects does not filter by tenant_id`
	return ss
}
