-- The second held-out measurement's scope-mode schema: the secrets table has row level security
-- keyed by the transaction's app.tenant_id setting.
CREATE TABLE tenants (
  id bigint PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE secrets (
  id uuid PRIMARY KEY,
  tenant_id bigint NOT NULL REFERENCES tenants(id),
  value text NOT NULL
);

ALTER TABLE secrets ENABLE ROW LEVEL SECURITY;
ALTER TABLE secrets FORCE ROW LEVEL SECURITY;
CREATE POLICY secrets_tenant ON secrets
  FOR ALL
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
