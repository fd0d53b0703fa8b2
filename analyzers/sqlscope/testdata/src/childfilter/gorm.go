package childfilter

import "gorm.io/gorm"

var gdb *gorm.DB

// Comment is a row of comments, which belongs to a tenant through its post.
type Comment struct {
	ID     string `gorm:"primaryKey"`
	PostID string
	Body   string
}

// gorm's SQL is checked like any other: a child by its key alone leaks.
func gormCommentByID(id string) (c Comment) {
	gdb.First(&c, "id = ?", id) // want `query on comments, which belongs to a tenant through posts`
	return c
}

func gormCommentOfTenant(tenantID, id string) (c Comment) {
	gdb.Joins("JOIN posts p ON p.id = comments.post_id").Where("p.tenant_id = ? AND comments.id = ?", tenantID, id).First(&c)
	return c
}

func gormCommentsInTenantPosts(tenantID string) (cs []Comment) {
	gdb.Where("post_id IN (SELECT id FROM posts WHERE tenant_id = ?)", tenantID).Find(&cs)
	return cs
}
