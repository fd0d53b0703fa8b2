// Package childscope: in scope mode, a child table (no tenant column, a foreign key to the
// tenant table posts) needs the tenant scope like any tenant table; inside the scope, a child
// without row level security must still be confined through its parent by the SQL.
package childscope

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

var pool *pgxpool.Pool

func outsideScope(ctx context.Context, id string) {
	pool.QueryRow(ctx, "SELECT body FROM comments WHERE id = $1", id) // want `query on \*pgxpool.Pool outside a tenant scope: run it inside tenantdb.WithTenant \(TV1001\)`
}

// Joining the parent does not replace the scope either.
func outsideScopeJoined(ctx context.Context, tenantID, id string) {
	pool.QueryRow(ctx, "SELECT c.body FROM comments c JOIN posts p ON p.id = c.post_id WHERE p.tenant_id = $1 AND c.id = $2", tenantID, id) // want `query on \*pgxpool.Pool outside a tenant scope`
}

func outsideScopeWithRLS(ctx context.Context, id string) {
	pool.QueryRow(ctx, "SELECT storage_key FROM attachments WHERE id = $1", id) // want `query on \*pgxpool.Pool outside a tenant scope`
}

// A table marked global needs no scope, whatever it references.
func globalChild(ctx context.Context) {
	pool.Query(ctx, "SELECT post_id FROM featured")
}

// Inside the scope, comments has no row level security: by id alone it reads any tenant's.
func insideScopeByID(ctx context.Context, tid tenant.ID, id string) error {
	return tenantdb.WithTenant(ctx, pool, tid, func(tx pgx.Tx) error {
		tx.QueryRow(ctx, "SELECT body FROM comments WHERE id = $1", id) // want `query on comments, which belongs to a tenant through posts, is not confined to one tenant, and the table has no row level security, so the tenant scope does not confine it: join posts on posts.id = comments.post_id and constrain posts.tenant_id = <verified tenant>, or filter by post_id IN \(SELECT id FROM posts WHERE tenant_id = <verified tenant>\) or enable row level security on the table \(TV1003\)`
		return nil
	})
}

// Joined with its post on the key, inside the scope: the post's policy confines the join.
func insideScopeJoined(ctx context.Context, tid tenant.ID, id string) error {
	return tenantdb.WithTenant(ctx, pool, tid, func(tx pgx.Tx) error {
		tx.QueryRow(ctx, "SELECT c.body FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.id = $1", id)
		return nil
	})
}

// attachments has row level security: the scope confines it.
func insideScopeWithRLS(ctx context.Context, tid tenant.ID, id string) error {
	return tenantdb.WithTenant(ctx, pool, tid, func(tx pgx.Tx) error {
		tx.QueryRow(ctx, "SELECT storage_key FROM attachments WHERE id = $1", id)
		return nil
	})
}

// Inside the scope, an insert into comments (no row level security) with the caller's post id
// writes into whichever tenant's post that is.
func insideScopeInsert(ctx context.Context, tid tenant.ID, postID, body string) error {
	return tenantdb.WithTenant(ctx, pool, tid, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "INSERT INTO comments (id, post_id, body) VALUES (gen_random_uuid(), $1, $2)", postID, body) // want `write to comments sets post_id to a row of posts not confined to one tenant, and the table has no row level security, so the tenant scope does not confine it: .* or enable row level security on the table \(TV1003\)`
		return err
	})
}

// attachments has row level security: its policy (USING, and so WITH CHECK) admits only rows
// of the scope's posts.
func insideScopeInsertWithRLS(ctx context.Context, tid tenant.ID, postID, key string) error {
	return tenantdb.WithTenant(ctx, pool, tid, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "INSERT INTO attachments (id, post_id, storage_key) VALUES (gen_random_uuid(), $1, $2)", postID, key)
		return err
	})
}
