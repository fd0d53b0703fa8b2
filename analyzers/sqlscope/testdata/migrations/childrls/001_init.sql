CREATE TABLE tenants (
  id uuid PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE posts (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  title text NOT NULL
);
ALTER TABLE posts ENABLE ROW LEVEL SECURITY;
ALTER TABLE posts FORCE ROW LEVEL SECURITY;
CREATE POLICY posts_isolation ON posts FOR ALL
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- comments belong to a tenant through their post, and have no row level security.
CREATE TABLE comments (
  id uuid PRIMARY KEY,
  post_id uuid NOT NULL REFERENCES posts(id),
  body text NOT NULL
);

-- attachments belong to a tenant through their post, and their policy follows the post.
CREATE TABLE attachments (
  id uuid PRIMARY KEY,
  post_id uuid NOT NULL REFERENCES posts(id),
  storage_key text NOT NULL
);
ALTER TABLE attachments ENABLE ROW LEVEL SECURITY;
ALTER TABLE attachments FORCE ROW LEVEL SECURITY;
CREATE POLICY attachments_isolation ON attachments FOR ALL
  USING (EXISTS (SELECT 1 FROM posts p WHERE p.id = post_id));

-- tenantvet:global -- the public front page features posts of every tenant
CREATE TABLE featured (
  post_id uuid PRIMARY KEY REFERENCES posts(id),
  since timestamptz NOT NULL
);
