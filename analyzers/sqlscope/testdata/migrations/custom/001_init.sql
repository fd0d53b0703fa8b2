CREATE TABLE tenants (
  id uuid PRIMARY KEY,
  name text NOT NULL
);

-- tenantvet:global -- the plan catalogue is the same for every tenant
CREATE TABLE plans (
  id text PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE notes (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  body text NOT NULL
);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE notes FORCE ROW LEVEL SECURITY;
CREATE POLICY notes_isolation ON notes FOR ALL
  USING (tenant_id = nullif(current_setting('app.current_org', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.current_org', true), '')::uuid);
