-- want:
-- Shape: roles and grants created once, guarded by catalog checks, the app role's grants
-- given in a loop over the tenant tables.
CREATE TABLE tenants (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
CREATE TABLE docs (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), org_id uuid NOT NULL REFERENCES tenants (id));
CREATE INDEX ON docs (org_id);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
ALTER TABLE docs FORCE ROW LEVEL SECURITY;
CREATE POLICY iso ON docs USING (org_id = nullif(current_setting('app.current_org', true), '')::uuid) WITH CHECK (org_id = nullif(current_setting('app.current_org', true), '')::uuid);

DO $$
DECLARE
  tbl text;
  app constant text := 'app_user';
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = app) THEN
    EXECUTE format('CREATE ROLE %I LOGIN NOBYPASSRLS', app);
  END IF;
  FOREACH tbl IN ARRAY ARRAY['docs'] LOOP
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO %I', tbl, app);
  END LOOP;
END
$$;
