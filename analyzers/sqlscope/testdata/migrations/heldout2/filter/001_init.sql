-- The second held-out measurement's schema (docs/heldout.md, "Second measurement"): our names for
-- the tables of the public services its shapes come from. No row level security: filter mode.
CREATE TABLE tenants (
  id bigint PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE clients (
  id bigint PRIMARY KEY,
  tenant_id bigint NOT NULL REFERENCES tenants(id),
  name text NOT NULL,
  created_at timestamptz,
  updated_at timestamptz,
  deleted_at timestamptz
);

CREATE TABLE projects (
  id uuid PRIMARY KEY,
  tenant_id bigint NOT NULL REFERENCES tenants(id),
  name text NOT NULL,
  deleted boolean NOT NULL DEFAULT false
);

-- the tenant column is spelled without an underscore, as in the public code.
CREATE TABLE workspaces (
  id bigint PRIMARY KEY,
  tenantid bigint NOT NULL REFERENCES tenants(id),
  name text NOT NULL,
  deletedat timestamptz
);

CREATE TABLE secrets (
  id uuid PRIMARY KEY,
  tenant_id bigint NOT NULL REFERENCES tenants(id),
  value text NOT NULL
);
