-- Invoices and files, protected by one loop: tenantvet evaluates it and checks the tables
-- as if each statement were written out.

CREATE TABLE invoices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  total_cents bigint NOT NULL
);

CREATE TABLE files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  storage_key text NOT NULL
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['invoices', 'files'] LOOP
    EXECUTE format('CREATE INDEX %I ON %I (tenant_id, id)', t || '_tenant_id_id_idx', t);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY %I ON %I FOR ALL
      USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)$p$, t || '_isolation', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO notes_app', t);
  END LOOP;
END
$$;

-- The archiver reads the tables listed in a settings table without the policies: which
-- tables those are, only the data knows.
CREATE TABLE retention_settings (
  table_name text PRIMARY KEY,
  keep_days integer NOT NULL
);

DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT table_name FROM retention_settings LOOP
    EXECUTE format('ALTER TABLE %I DISABLE ROW LEVEL SECURITY', r.table_name);
  END LOOP;
END
$$;
