-- The clean schema with the mistakes membership policies are written with, one per table.
CREATE SCHEMA basejump;

CREATE TABLE basejump.accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  slug text UNIQUE
);
ALTER TABLE basejump.accounts ENABLE ROW LEVEL SECURITY;

CREATE TABLE basejump.account_user (
  user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES basejump.accounts (id) ON DELETE CASCADE,
  account_role text NOT NULL,
  PRIMARY KEY (account_id, user_id)
);
ALTER TABLE basejump.account_user ENABLE ROW LEVEL SECURITY;
ALTER TABLE basejump.account_user FORCE ROW LEVEL SECURITY;

CREATE FUNCTION basejump.has_role_on_account(account_id uuid, account_role text DEFAULT NULL)
  RETURNS boolean LANGUAGE sql SECURITY DEFINER SET search_path = public
AS $$
  SELECT EXISTS (
    SELECT 1 FROM basejump.account_user wu
    WHERE wu.user_id = auth.uid()
      AND wu.account_id = has_role_on_account.account_id
      AND (wu.account_role = has_role_on_account.account_role OR has_role_on_account.account_role IS NULL)
  );
$$;

CREATE FUNCTION basejump.get_accounts_with_role() RETURNS SETOF uuid
  LANGUAGE sql SECURITY DEFINER
AS $$
  SELECT account_id FROM basejump.account_user wu WHERE wu.user_id = auth.uid();
$$;

CREATE FUNCTION public.user_account_ids() RETURNS uuid[] LANGUAGE sql STABLE
AS $$ SELECT array_agg(account_id) FROM basejump.account_user WHERE user_id = (SELECT auth.uid()) $$;

CREATE POLICY "users can view their own account_users" ON basejump.account_user
  FOR SELECT TO authenticated USING (user_id = (SELECT auth.uid()));
CREATE POLICY "users can view their teammates" ON basejump.account_user
  FOR SELECT TO authenticated USING (basejump.has_role_on_account(account_id) = true);
CREATE POLICY "owners manage memberships" ON basejump.account_user
  FOR ALL TO authenticated
  USING (basejump.has_role_on_account(account_id, 'owner'))
  WITH CHECK (basejump.has_role_on_account(account_id, 'owner'));
CREATE POLICY "members see their accounts" ON basejump.accounts
  FOR SELECT TO authenticated USING (basejump.has_role_on_account(id));

CREATE TABLE public.projects (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES basejump.accounts (id),
  name text NOT NULL,
  UNIQUE (account_id, name)
);
ALTER TABLE public.projects ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY projects_members ON public.projects FOR ALL TO authenticated
  USING (account_id IN (SELECT basejump.get_accounts_with_role()))
  WITH CHECK (account_id IN (SELECT basejump.get_accounts_with_role()));

CREATE TABLE public.documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES basejump.accounts (id),
  body text
);
CREATE INDEX documents_account_idx ON public.documents (account_id);
ALTER TABLE public.documents ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY documents_members ON public.documents FOR ALL TO authenticated
  USING (account_id IN (SELECT au.account_id FROM basejump.account_user au WHERE au.account_role = 'member'))
  WITH CHECK (account_id IN (SELECT au.account_id FROM basejump.account_user au WHERE au.user_id = (SELECT auth.uid())));

CREATE TABLE public.tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES basejump.accounts (id),
  title text
);
CREATE INDEX tasks_account_idx ON public.tasks (account_id) WHERE title IS NOT NULL;
ALTER TABLE public.tasks ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tasks_members ON public.tasks FOR ALL TO authenticated
  USING (account_id = ANY (public.user_account_ids()) OR title = 'public')
  WITH CHECK (EXISTS (SELECT 1 FROM basejump.account_user m WHERE m.account_id = account_id AND m.user_id = auth.uid()));

CREATE TABLE public.events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES basejump.accounts (id),
  kind text,
  project_id uuid
);
CREATE INDEX events_account_idx ON public.events (account_id);
ALTER TABLE public.events ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY events_claim ON public.events FOR ALL TO authenticated
  USING (project_id = ANY (public.user_account_ids()))
  WITH CHECK (account_id = (current_setting('request.jwt.claims', true)::jsonb -> 'app_metadata' ->> 'account_id')::uuid);
