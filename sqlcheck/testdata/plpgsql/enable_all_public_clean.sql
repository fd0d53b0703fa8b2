-- want:
-- Shape: "enable RLS on every table of the schema" over pg_tables, then a policy per table
-- that has the tenant column, guarded so that the migration can be re-run.
CREATE TABLE tenants (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL);
CREATE TABLE projects (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), org_id uuid NOT NULL REFERENCES tenants (id));
CREATE INDEX ON projects (org_id);
CREATE TABLE tasks (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), org_id uuid NOT NULL REFERENCES tenants (id), title text);
CREATE INDEX ON tasks (org_id, id);

DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT schemaname, tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'tenants' LOOP
    EXECUTE 'ALTER TABLE ' || quote_ident(r.schemaname) || '.' || quote_ident(r.tablename) || ' ENABLE ROW LEVEL SECURITY';
    EXECUTE 'ALTER TABLE ' || quote_ident(r.schemaname) || '.' || quote_ident(r.tablename) || ' FORCE ROW LEVEL SECURITY';
  END LOOP;
  FOR r IN
    SELECT c.table_name
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.column_name = 'org_id' AND c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'public' AND tablename = r.table_name AND policyname = 'org_isolation') THEN
      EXECUTE format('CREATE POLICY org_isolation ON public.%I USING (org_id = nullif(current_setting(%L, true), '''')::uuid) WITH CHECK (org_id = nullif(current_setting(%L, true), '''')::uuid)',
        r.table_name, 'app.current_org', 'app.current_org');
    END IF;
  END LOOP;
END
$$;
