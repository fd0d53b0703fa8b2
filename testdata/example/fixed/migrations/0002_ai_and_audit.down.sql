DROP FUNCTION enter_tenant(uuid);
DROP FUNCTION plan_limit(text);
DROP FUNCTION search_notes(text);
DROP VIEW tenant_ai_usage;
DROP VIEW project_note_counts;
DROP TABLE audit_events;
DROP TABLE ai_runs;
