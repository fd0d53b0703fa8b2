-- AI runs, audit trail, reporting.

CREATE TABLE ai_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  note_id uuid NOT NULL,
  model text NOT NULL,
  prompt_tokens integer NOT NULL,
  completion_tokens integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, note_id) REFERENCES notes (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX ai_runs_tenant_created_idx ON ai_runs (tenant_id, created_at);
ALTER TABLE ai_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE ai_runs FORCE ROW LEVEL SECURITY;
CREATE POLICY ai_runs_isolation ON ai_runs FOR ALL TO notes_app
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

CREATE TABLE audit_events (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  actor_id uuid,
  action text NOT NULL,
  target_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, created_at, id)
) PARTITION BY RANGE (created_at);
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_events_isolation ON audit_events TO notes_app
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE TABLE audit_events_2025 PARTITION OF audit_events
  FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
ALTER TABLE audit_events_2025 ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events_2025 FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_events_2025_isolation ON audit_events_2025 TO notes_app
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

CREATE VIEW project_note_counts WITH (security_invoker = true) AS
  SELECT p.tenant_id, p.id AS project_id, count(n.id) AS notes
  FROM projects p LEFT JOIN notes n ON n.tenant_id = p.tenant_id AND n.project_id = p.id
  GROUP BY p.tenant_id, p.id;

CREATE VIEW tenant_ai_usage WITH (security_invoker = true) AS
  SELECT tenant_id, date_trunc('month', created_at) AS month,
         sum(prompt_tokens + completion_tokens) AS tokens
  FROM ai_runs GROUP BY 1, 2;

CREATE FUNCTION search_notes(q text) RETURNS SETOF notes
  LANGUAGE sql STABLE SECURITY INVOKER
  AS $$ SELECT * FROM notes WHERE title ILIKE '%' || q || '%' $$;

CREATE FUNCTION plan_limit(plan text) RETURNS integer
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
DECLARE n integer;
BEGIN
  SELECT max_notes INTO n FROM public.plans WHERE id = plan;
  RETURN n;
END
$$;

CREATE FUNCTION enter_tenant(t uuid) RETURNS void LANGUAGE sql
  AS $$ SELECT set_config('app.tenant_id', t::text, true) $$;
