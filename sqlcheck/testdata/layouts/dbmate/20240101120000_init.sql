-- migrate:up
CREATE TABLE tenants (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
CREATE TABLE notes (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL REFERENCES tenants (id));
CREATE INDEX notes_tenant_idx ON notes (tenant_id, id);

-- migrate:down
DROP TABLE notes;

-- migrate:up
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE notes FORCE ROW LEVEL SECURITY;
CREATE POLICY notes_isolation ON notes USING (tenant_id = current_setting('app.tenant_id', true)::uuid);

-- migrate:down
ALTER TABLE notes DISABLE ROW LEVEL SECURITY;
