package childfilter

import "context"

// A CTE of the tenant's posts stands for posts: joined on the key, or a sub-query on it,
// it confines the comments.
func cteOfTenantPosts(ctx context.Context, tenantID string) {
	pool.Query(ctx, "WITH p AS (SELECT id FROM posts WHERE tenant_id = $1) SELECT c.id, c.body FROM comments c JOIN p ON p.id = c.post_id", tenantID)
}

func inCTEOfTenantPosts(ctx context.Context, tenantID string) {
	pool.Query(ctx, "WITH p AS (SELECT id FROM posts WHERE tenant_id = $1) SELECT c.id, c.body FROM comments c WHERE c.post_id IN (SELECT id FROM p)", tenantID)
}

// The CTE reads every tenant's posts: its own finding.
func cteOfAnyPosts(ctx context.Context, title string) {
	pool.Query(ctx, "WITH p AS (SELECT id FROM posts WHERE title = $1) SELECT c.id, c.body FROM comments c JOIN p ON p.id = c.post_id", title) // want `query on posts does not filter by tenant_id`
}

// A CTE of caller-supplied ids is not a set of the tenant's posts.
func cteOfValues(ctx context.Context, postID string) {
	pool.Query(ctx, "WITH p AS (SELECT $1::uuid AS id) SELECT c.id, c.body FROM comments c JOIN p ON p.id = c.post_id", postID) // want `query on comments c, which belongs to a tenant through posts`
}

// Joined on another column of the CTE than the post's key.
func cteJoinedOnAnotherColumn(ctx context.Context, tenantID string) {
	pool.Query(ctx, "WITH p AS (SELECT id FROM posts WHERE tenant_id = $1) SELECT c.id, c.body FROM comments c JOIN p ON p.id = c.id", tenantID) // want `query on comments c, which belongs to a tenant through posts`
}

// JOIN USING the key's column, which the draft's key shares.
func revisionsUsing(ctx context.Context, tenantID string) {
	pool.Query(ctx, "SELECT r.id, r.body FROM draft_revisions r JOIN drafts d USING (draft_id) WHERE d.tenant_id = $1", tenantID)
}

func revisionsNatural(ctx context.Context, tenantID string) {
	pool.Query(ctx, "SELECT r.id, r.body FROM draft_revisions r NATURAL JOIN drafts d WHERE d.tenant_id = $1", tenantID)
}

// USING another column than the key.
func revisionsUsingAnotherColumn(ctx context.Context, tenantID string) {
	pool.Query(ctx, "SELECT r.id, r.body FROM draft_revisions r JOIN drafts d USING (lang) WHERE d.tenant_id = $1", tenantID) // want `query on draft_revisions r, which belongs to a tenant through drafts`
}

// USING the key, the draft's tenant not constrained: the draft's finding.
func revisionsUsingUnfiltered(ctx context.Context, id string) {
	pool.Query(ctx, "SELECT r.id, r.body FROM draft_revisions r JOIN drafts d USING (draft_id) WHERE r.id = $1", id) // want `query on drafts d does not filter by d.tenant_id`
}

// A CTE that names the post's key post_id, joined USING (post_id).
func commentsUsingPostID(ctx context.Context, tenantID string) {
	pool.Query(ctx, "WITH p AS (SELECT id AS post_id FROM posts WHERE tenant_id = $1) SELECT c.id, c.body FROM comments c JOIN p USING (post_id)", tenantID)
}
