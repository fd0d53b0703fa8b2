-- want: 6:1:TV5004 23:1:TV5007
-- The same helper: cards is never passed to it, and its read policy for boards falls open.
CREATE TABLE tenants (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
CREATE TABLE boards (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), org_id uuid NOT NULL REFERENCES tenants (id));
CREATE INDEX ON boards (org_id);
CREATE TABLE cards (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), org_id uuid NOT NULL REFERENCES tenants (id), board_id uuid);
CREATE INDEX ON cards (org_id, board_id);

CREATE OR REPLACE FUNCTION app_private.enable_tenant_rls(target regclass, read_all boolean DEFAULT false) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
  IF read_all THEN
    EXECUTE format('CREATE POLICY tenant_read ON %s FOR SELECT USING (true)', target);
  END IF;
  EXECUTE format($p$CREATE POLICY tenant_isolation ON %s
    USING (org_id = nullif(current_setting('app.current_org', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('app.current_org', true), '')::uuid)$p$, target);
END
$fn$;

SELECT app_private.enable_tenant_rls('public.boards', true);
