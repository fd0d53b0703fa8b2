CREATE TABLE tenants (
  id uuid PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE posts (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  title text NOT NULL
);

-- comments belong to a tenant through their post: no tenant column of their own (TV5024).
CREATE TABLE comments (
  id uuid PRIMARY KEY,
  post_id uuid NOT NULL REFERENCES posts(id),
  body text NOT NULL
);

-- tenantvet:global -- the public front page features posts of every tenant
CREATE TABLE featured (
  post_id uuid PRIMARY KEY REFERENCES posts(id),
  since timestamptz NOT NULL
);

CREATE TABLE drafts (
  draft_id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  title text NOT NULL,
  lang text NOT NULL
);

-- draft_revisions belong to a tenant through their draft; the key has the draft's column name.
CREATE TABLE draft_revisions (
  id uuid PRIMARY KEY,
  draft_id uuid NOT NULL REFERENCES drafts(draft_id),
  lang text NOT NULL,
  body text NOT NULL
);

-- comment_reactions belong to a tenant through their comment, and so through its post.
CREATE TABLE comment_reactions (
  id uuid PRIMARY KEY,
  comment_id uuid NOT NULL REFERENCES comments(id),
  emoji text NOT NULL
);
