-- Roles and grants.

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'notes_app') THEN
    CREATE ROLE notes_app LOGIN;
  END IF;
END
$$;

CREATE ROLE support_admin LOGIN BYPASSRLS;
CREATE ROLE notes_reporting LOGIN;
ALTER ROLE notes_reporting SET row_security = off;

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO notes_app;
-- the nightly cleanup job empties old AI runs
GRANT TRUNCATE ON ai_runs TO notes_app;

-- Backfill of project slugs runs as the table owner.
ALTER TABLE projects NO FORCE ROW LEVEL SECURITY;

-- Reporting reads every table, whatever it is called.
DO $$
DECLARE t text;
BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('GRANT SELECT ON public.%I TO notes_reporting', t);
  END LOOP;
END
$$;
