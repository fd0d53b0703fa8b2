// Package childfilter: in filter mode, comments (no tenant column, a foreign key to the tenant
// table posts) is tenant data, confined only through its parent. Each accepted shape beside a
// twin that is not.
package childfilter

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5/pgxpool"
)

var (
	pool  *pgxpool.Pool
	sqldb *sql.DB
)

func byIDAlone(ctx context.Context, id string) {
	pool.QueryRow(ctx, "SELECT id, body FROM comments WHERE id = $1", id) // want `query on comments, which belongs to a tenant through posts, is not confined to one tenant: join posts on posts.id = comments.post_id and constrain posts.tenant_id = <verified tenant>, or filter by post_id IN \(SELECT id FROM posts WHERE tenant_id = <verified tenant>\) or run it inside tenantdb.WithTenant \(TV1003\)`
}

// Joined with its post on the key, the post's tenant constrained.
func joinedParent(ctx context.Context, tenantID, id string) {
	pool.QueryRow(ctx, "SELECT c.id, c.body FROM comments c JOIN posts p ON p.id = c.post_id WHERE p.tenant_id = $1 AND c.id = $2", tenantID, id)
}

// Joined with its post, whose tenant is not constrained: the post's finding, once.
func joinedParentUnfiltered(ctx context.Context, id string) {
	pool.QueryRow(ctx, "SELECT c.id, c.body FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.id = $1", id) // want `query on posts p does not filter by p.tenant_id`
}

// Joined with a post on another column than the key.
func joinedOnAnotherColumn(ctx context.Context, tenantID, id string) {
	pool.QueryRow(ctx, "SELECT c.id, c.body FROM comments c JOIN posts p ON p.id = c.id WHERE p.tenant_id = $1 AND c.id = $2", tenantID, id) // want `query on comments c, which belongs to a tenant through posts, is not confined to one tenant: join posts on posts.id = c.post_id`
}

// A LEFT JOIN keeps every comment: the post's tenant in its ON clause filters nothing.
func leftJoinTenantInOn(ctx context.Context, tenantID string) {
	pool.Query(ctx, "SELECT c.id, p.title FROM comments c LEFT JOIN posts p ON p.id = c.post_id AND p.tenant_id = $1", tenantID) // want `query on comments c, which belongs to a tenant through posts`
}

func leftJoinTenantInWhere(ctx context.Context, tenantID string) {
	pool.Query(ctx, "SELECT c.id, p.title FROM comments c LEFT JOIN posts p ON p.id = c.post_id WHERE p.tenant_id = $1", tenantID)
}

// By the parent's id alone: which tenant the post belongs to is not checked.
func byParentID(ctx context.Context, postID string) {
	pool.Query(ctx, "SELECT id, body FROM comments WHERE post_id = $1", postID) // want `query on comments, which belongs to a tenant through posts`
}

func inParent(ctx context.Context, tenantID, postID string) {
	pool.Query(ctx, "SELECT id, body FROM comments WHERE post_id IN (SELECT id FROM posts WHERE tenant_id = $1) AND post_id = $2", tenantID, postID)
}

func notInParent(ctx context.Context, tenantID string) {
	pool.Query(ctx, "SELECT id, body FROM comments WHERE post_id NOT IN (SELECT id FROM posts WHERE tenant_id = $1)", tenantID) // want `query on comments, which belongs to a tenant through posts`
}

// The sub-query on the parent must filter the parent: its own finding.
func inParentUnfiltered(ctx context.Context, postID string) {
	pool.Query(ctx, "SELECT id, body FROM comments WHERE post_id IN (SELECT id FROM posts WHERE id = $1)", postID) // want `query on posts does not filter by tenant_id`
}

// A sub-query on the child correlated with the tenant's posts of the outer query.
func commentCounts(ctx context.Context, tenantID string) {
	pool.Query(ctx, "SELECT p.title, (SELECT count(*) FROM comments c WHERE c.post_id = p.id) FROM posts p WHERE p.tenant_id = $1", tenantID)
}

func commentCountsOnAnotherColumn(ctx context.Context, tenantID string) {
	pool.Query(ctx, "SELECT p.title, (SELECT count(*) FROM comments c WHERE c.id = p.id) FROM posts p WHERE p.tenant_id = $1", tenantID) // want `query on comments c, which belongs to a tenant through posts`
}

func existsParent(ctx context.Context, tenantID, id string) {
	pool.QueryRow(ctx, "SELECT c.body FROM comments c WHERE c.id = $2 AND EXISTS (SELECT 1 FROM posts p WHERE p.id = c.post_id AND p.tenant_id = $1)", tenantID, id)
}

func notExistsParent(ctx context.Context, tenantID, id string) {
	pool.QueryRow(ctx, "SELECT c.body FROM comments c WHERE c.id = $2 AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = c.post_id AND p.tenant_id = $1)", tenantID, id) // want `query on comments c, which belongs to a tenant through posts`
}

func existsOnAnotherColumn(ctx context.Context, tenantID, id string) {
	pool.QueryRow(ctx, "SELECT c.body FROM comments c WHERE c.id = $2 AND EXISTS (SELECT 1 FROM posts p WHERE p.id = c.id AND p.tenant_id = $1)", tenantID, id) // want `query on comments c, which belongs to a tenant through posts`
}

func deleteThroughParent(ctx context.Context, tenantID, id string) {
	pool.Exec(ctx, "DELETE FROM comments WHERE id = $1 AND post_id IN (SELECT id FROM posts WHERE tenant_id = $2)", id, tenantID)
}

func deleteByID(ctx context.Context, id string) {
	pool.Exec(ctx, "DELETE FROM comments WHERE id = $1", id) // want `query on comments, which belongs to a tenant through posts`
}

func updateFromParent(ctx context.Context, tenantID, id, body string) {
	pool.Exec(ctx, "UPDATE comments c SET body = $1 FROM posts p WHERE p.id = c.post_id AND p.tenant_id = $2 AND c.id = $3", body, tenantID, id)
}

func updateFromParentUnfiltered(ctx context.Context, id, body string) {
	pool.Exec(ctx, "UPDATE comments c SET body = $1 FROM posts p WHERE p.id = c.post_id AND c.id = $2", body, id) // want `query on posts p does not filter by p.tenant_id`
}

// A table marked global is not tenant data, whatever it references.
func globalChild(ctx context.Context) {
	pool.Query(ctx, "SELECT post_id FROM featured ORDER BY since DESC")
}

// The caller's post id may be another tenant's post: the comment is written into it.
func insertChild(ctx context.Context, postID, body string) {
	pool.Exec(ctx, "INSERT INTO comments (id, post_id, body) VALUES (gen_random_uuid(), $1, $2)", postID, body) // want `write to comments sets post_id to a row of posts not confined to one tenant: take it from the parent in the statement \(INSERT ... SELECT id, ... FROM posts WHERE tenant_id = <verified tenant> AND ...\) or scan it first from a row of posts read under the tenant filter or run it inside tenantdb.WithTenant \(TV1003\)`
}

// The post id taken from the tenant's post in the statement.
func insertChildFromParent(ctx context.Context, tenantID, postID, body string) {
	pool.Exec(ctx, "INSERT INTO comments (id, post_id, body) SELECT gen_random_uuid(), id, $3 FROM posts WHERE tenant_id = $1 AND id = $2", tenantID, postID, body)
}

// ... from a post that is not the tenant's: the post's finding.
func insertChildFromAnyParent(ctx context.Context, postID, body string) {
	pool.Exec(ctx, "INSERT INTO comments (id, post_id, body) SELECT gen_random_uuid(), id, $2 FROM posts WHERE id = $1", postID, body) // want `query on posts does not filter by tenant_id`
}

// The post id scanned from the tenant's post before the insert.
func insertChildScannedKey(ctx context.Context, tenantID, id, body string) {
	var postID string
	pool.QueryRow(ctx, "SELECT id FROM posts WHERE tenant_id = $1 AND id = $2", tenantID, id).Scan(&postID)
	pool.Exec(ctx, "INSERT INTO comments (id, post_id, body) VALUES (gen_random_uuid(), $1, $2)", postID, body)
}

// Moving a comment of the tenant's post to the caller's post id.
func moveComment(ctx context.Context, tenantID, id, postID string) {
	pool.Exec(ctx, "UPDATE comments c SET post_id = $3 FROM posts p WHERE p.id = c.post_id AND p.tenant_id = $1 AND c.id = $2", tenantID, id, postID) // want `write to comments c sets post_id to a row of posts not confined to one tenant`
}

func moveCommentToTenantPost(ctx context.Context, tenantID, id, postID string) {
	pool.Exec(ctx, "UPDATE comments c SET post_id = (SELECT id FROM posts WHERE tenant_id = $1 AND id = $3) FROM posts p WHERE p.id = c.post_id AND p.tenant_id = $1 AND c.id = $2", tenantID, id, postID)
}

// A function with the tenant that queries the child by id alone drops the tenant.
func dropsTenant(ctx context.Context, tenantID, id string) { // want `dropsTenant queries tenant data but never uses its tenant parameter tenantID`
	pool.QueryRow(ctx, "SELECT body FROM comments WHERE id = $1", id) // want `query on comments, which belongs to a tenant through posts`
}

// The post's key, scanned from the post read under the tenant filter, confines its comments.
func commentsOfTenantPost(ctx context.Context, tenantID, id string) {
	var postID string
	pool.QueryRow(ctx, "SELECT id FROM posts WHERE tenant_id = $1 AND id = $2", tenantID, id).Scan(&postID)
	pool.Query(ctx, "SELECT id, body FROM comments WHERE post_id = $1", postID)
}

type post struct {
	ID, Title string
}

func commentsOfTenantPostStruct(ctx context.Context, tenantID, id string) {
	var p post
	row := pool.QueryRow(ctx, "SELECT p.title, p.id FROM posts p WHERE p.tenant_id = $1 AND p.id = $2", tenantID, id)
	row.Scan(&p.Title, &p.ID)
	pool.Exec(ctx, "DELETE FROM comments WHERE post_id = $1", p.ID)
}

// The post was read by id alone: both queries are reported.
func commentsOfAnyPost(ctx context.Context, id string) {
	var postID string
	pool.QueryRow(ctx, "SELECT id FROM posts WHERE id = $1", id).Scan(&postID)  // want `query on posts does not filter by tenant_id`
	pool.Query(ctx, "SELECT id, body FROM comments WHERE post_id = $1", postID) // want `query on comments, which belongs to a tenant through posts`
}

// The scanned column is not the post's key.
func commentsByAnotherColumn(ctx context.Context, tenantID, id string) {
	var p post
	pool.QueryRow(ctx, "SELECT id, title FROM posts WHERE tenant_id = $1 AND id = $2", tenantID, id).Scan(&p.ID, &p.Title)
	pool.Query(ctx, "SELECT id, body FROM comments WHERE post_id = $1", p.Title) // want `query on comments, which belongs to a tenant through posts`
}

// The key is replaced by the caller's value after the Scan.
func commentsOfReassignedKey(ctx context.Context, tenantID, id, other string) {
	var postID string
	pool.QueryRow(ctx, "SELECT id FROM posts WHERE tenant_id = $1 AND id = $2", tenantID, id).Scan(&postID)
	if other != "" {
		postID = other
	}
	pool.Query(ctx, "SELECT id, body FROM comments WHERE post_id = $1", postID) // want `query on comments, which belongs to a tenant through posts`
}

// The key is scanned only after the comments are read.
func commentsBeforeThePost(ctx context.Context, tenantID, id string) {
	var postID string
	pool.Query(ctx, "SELECT id, body FROM comments WHERE post_id = $1", postID) // want `query on comments, which belongs to a tenant through posts`
	pool.QueryRow(ctx, "SELECT id FROM posts WHERE tenant_id = $1 AND id = $2", tenantID, id).Scan(&postID)
}

// The same with database/sql, the post's key scanned from each row of the tenant's posts.
func commentsOfTenantPostsSQL(ctx context.Context, tenantID string) {
	rows, _ := sqldb.QueryContext(ctx, "SELECT id FROM posts WHERE tenant_id = $1", tenantID)
	for rows.Next() {
		var postID string
		rows.Scan(&postID)
		sqldb.QueryContext(ctx, "SELECT body FROM comments WHERE post_id = $1", postID)
	}
}

func commentsOfAnyPostsSQL(ctx context.Context) {
	rows, _ := sqldb.QueryContext(ctx, "SELECT id FROM posts") // want `query on posts does not filter by tenant_id`
	for rows.Next() {
		var postID string
		rows.Scan(&postID)
		sqldb.QueryContext(ctx, "SELECT body FROM comments WHERE post_id = $1", postID) // want `query on comments, which belongs to a tenant through posts`
	}
}
