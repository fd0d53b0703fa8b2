ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE notes FORCE ROW LEVEL SECURITY;
CREATE POLICY notes_isolation ON notes USING (tenant_id = current_setting('app.tenant_id', true)::uuid);
