-- want:
-- Shape: hash partitions created in a loop; each partition gets RLS and the policy too.
CREATE TABLE tenants (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
CREATE TABLE events (id uuid NOT NULL DEFAULT gen_random_uuid(), org_id uuid NOT NULL REFERENCES tenants (id), PRIMARY KEY (org_id, id)) PARTITION BY HASH (org_id);
ALTER TABLE events ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY iso ON events USING (org_id = nullif(current_setting('app.current_org', true), '')::uuid);

DO $$
BEGIN
  FOR i IN 0..3 LOOP
    EXECUTE format('CREATE TABLE events_p%s PARTITION OF events FOR VALUES WITH (MODULUS 4, REMAINDER %s)', i, i);
    EXECUTE format('ALTER TABLE events_p%s ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', i);
    EXECUTE format('CREATE POLICY iso ON events_p%s USING (org_id = nullif(current_setting(''app.current_org'', true), '''')::uuid)', i);
  END LOOP;
END
$$;
