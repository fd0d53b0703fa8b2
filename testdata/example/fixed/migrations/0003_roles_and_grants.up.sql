-- Grants. The roles notes_owner (owns the tables, runs migrations) and notes_app (the service,
-- NOSUPERUSER NOBYPASSRLS) are created by the platform team before the first migration.

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO notes_app;
GRANT EXECUTE ON FUNCTION search_notes(text), plan_limit(text), enter_tenant(uuid) TO notes_app;
