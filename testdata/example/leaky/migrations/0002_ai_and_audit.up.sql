-- AI runs, audit trail, reporting.

CREATE TABLE ai_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid REFERENCES tenants (id) ON DELETE CASCADE, -- nullable "for now": backfill pending
  note_id uuid NOT NULL,
  model text NOT NULL,
  prompt_tokens integer NOT NULL,
  completion_tokens integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, note_id) REFERENCES notes (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX ai_runs_created_idx ON ai_runs (created_at);
ALTER TABLE ai_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE ai_runs FORCE ROW LEVEL SECURITY;
CREATE POLICY ai_runs_read ON ai_runs FOR SELECT TO notes_app
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY ai_runs_write ON ai_runs FOR INSERT TO notes_app
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

CREATE TABLE audit_events (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL,
  actor_id uuid,
  action text NOT NULL,
  target_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, created_at, id)
) PARTITION BY RANGE (created_at);
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_events_isolation ON audit_events
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY audit_events_append ON audit_events FOR INSERT TO notes_app;
CREATE TABLE audit_events_2025 PARTITION OF audit_events
  FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');

CREATE VIEW project_note_counts AS
  SELECT p.tenant_id, p.id AS project_id, count(n.id) AS notes
  FROM projects p LEFT JOIN notes n ON n.project_id = p.id
  GROUP BY p.tenant_id, p.id;

CREATE MATERIALIZED VIEW tenant_ai_usage AS
  SELECT tenant_id, date_trunc('month', created_at) AS month,
         sum(prompt_tokens + completion_tokens) AS tokens
  FROM ai_runs GROUP BY 1, 2;

CREATE FUNCTION search_notes(q text) RETURNS SETOF notes
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT * FROM notes WHERE title ILIKE '%' || q || '%' $$;

CREATE FUNCTION plan_limit(plan text) RETURNS integer
  LANGUAGE plpgsql STABLE SECURITY DEFINER
  AS $$
DECLARE n integer;
BEGIN
  SELECT max_notes INTO n FROM plans WHERE id = plan;
  RETURN n;
END
$$;

CREATE FUNCTION enter_tenant(t uuid) RETURNS void LANGUAGE sql
  AS $$ SELECT set_config('app.tenant_id', t::text, false) $$;
