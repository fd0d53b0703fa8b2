package childfilter

import "context"

// comment_reactions belongs to a tenant through comments, which belongs to one through posts:
// the chain up to the post's tenant filter confines it.
func reactionsOfTenantPost(ctx context.Context, tenantID, postID string) {
	pool.Query(ctx, "SELECT r.emoji FROM comment_reactions r JOIN comments c ON c.id = r.comment_id JOIN posts p ON p.id = c.post_id WHERE p.tenant_id = $1 AND p.id = $2", tenantID, postID)
}

func reactionsInTenantComments(ctx context.Context, tenantID string) {
	pool.Query(ctx, "SELECT emoji FROM comment_reactions WHERE comment_id IN (SELECT id FROM comments WHERE post_id IN (SELECT id FROM posts WHERE tenant_id = $1))", tenantID)
}

func reactionByID(ctx context.Context, id string) {
	pool.QueryRow(ctx, "SELECT emoji FROM comment_reactions WHERE id = $1", id) // want `query on comment_reactions, which belongs to a tenant through comments, is not confined to one tenant: join comments on comments.id = comment_reactions.comment_id and confine comments to the tenant through its own parent, or filter by comment_id IN \(SELECT id FROM comments confined to the tenant\) or run it inside tenantdb.WithTenant \(TV1003\)`
}

// Joined with its comment, which is not confined: the comment's finding, once.
func reactionsOfAnyComment(ctx context.Context, commentID string) {
	pool.Query(ctx, "SELECT r.emoji FROM comment_reactions r JOIN comments c ON c.id = r.comment_id WHERE c.id = $1", commentID) // want `query on comments c, which belongs to a tenant through posts`
}

// Joined with the post directly, skipping the comment: not the reaction's key.
func reactionsJoinedWithPost(ctx context.Context, tenantID string) {
	pool.Query(ctx, "SELECT r.emoji FROM comment_reactions r JOIN posts p ON p.id = r.comment_id WHERE p.tenant_id = $1", tenantID) // want `query on comment_reactions r, which belongs to a tenant through comments`
}

// The comment's key, scanned from a comment read through the tenant's posts, confines its
// reactions.
func reactionsOfScannedComment(ctx context.Context, tenantID, id string) {
	var commentID string
	pool.QueryRow(ctx, "SELECT id FROM comments WHERE id = $2 AND post_id IN (SELECT id FROM posts WHERE tenant_id = $1)", tenantID, id).Scan(&commentID)
	pool.Query(ctx, "SELECT emoji FROM comment_reactions WHERE comment_id = $1", commentID)
}

func reactionsOfUncheckedComment(ctx context.Context, id string) {
	var commentID string
	pool.QueryRow(ctx, "SELECT id FROM comments WHERE id = $1", id).Scan(&commentID)        // want `query on comments, which belongs to a tenant through posts`
	pool.Query(ctx, "SELECT emoji FROM comment_reactions WHERE comment_id = $1", commentID) // want `query on comment_reactions, which belongs to a tenant through comments`
}
