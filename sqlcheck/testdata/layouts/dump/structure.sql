--
-- PostgreSQL database dump
--

\restrict abc123

SET statement_timeout = 0;
SELECT pg_catalog.set_config('search_path', '', false);
SET row_security = off;

\connect notes

CREATE TABLE public.tenants (
    id uuid DEFAULT gen_random_uuid() NOT NULL
);

CREATE TABLE public.notes (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    tenant_id uuid NOT NULL,
    body text
);

COPY public.tenants (id) FROM stdin;
6f1c0f2e-0000-0000-0000-000000000001
this line is; not SQL at all '
\.

ALTER TABLE ONLY public.tenants
    ADD CONSTRAINT tenants_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.notes
    ADD CONSTRAINT notes_pkey PRIMARY KEY (id);
CREATE INDEX notes_tenant_idx ON public.notes USING btree (tenant_id, id);
ALTER TABLE ONLY public.notes
    ADD CONSTRAINT notes_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id);
ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE ONLY public.notes FORCE ROW LEVEL SECURITY;
CREATE POLICY notes_isolation ON public.notes USING ((tenant_id = (current_setting('app.tenant_id'::text, true))::uuid));

\unrestrict abc123
