-- want: 5:1:TV5005 29:7:TV5007 29:7:TV5007
-- The same shape with two mistakes: FORCE is applied only to tables whose name starts with
-- "p", and the policy falls open when the setting is missing.
CREATE TABLE tenants (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL);
CREATE TABLE tasks (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), org_id uuid NOT NULL REFERENCES tenants (id), title text);
CREATE INDEX ON tasks (org_id, id);
CREATE TABLE projects (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), org_id uuid NOT NULL REFERENCES tenants (id));
CREATE INDEX ON projects (org_id);

DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT schemaname, tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'tenants' LOOP
    EXECUTE 'ALTER TABLE ' || quote_ident(r.schemaname) || '.' || quote_ident(r.tablename) || ' ENABLE ROW LEVEL SECURITY';
    IF r.tablename LIKE 'p%' THEN
      EXECUTE 'ALTER TABLE ' || quote_ident(r.schemaname) || '.' || quote_ident(r.tablename) || ' FORCE ROW LEVEL SECURITY';
    END IF;
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
      EXECUTE format('CREATE POLICY org_read ON public.%I FOR SELECT USING (current_setting(''app.current_org'', true) IS NULL OR org_id = current_setting(''app.current_org'', true)::uuid)', r.table_name);
    END IF;
  END LOOP;
END
$$;
