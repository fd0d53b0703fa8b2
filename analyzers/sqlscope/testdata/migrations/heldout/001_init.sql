-- The held-out cases' schema: our names for the tables of the public services in docs/heldout.md.
CREATE TABLE tenants (
  id uuid PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE alert_rules (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  data text NOT NULL
);

CREATE TABLE policies (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  name text NOT NULL,
  enabled boolean NOT NULL DEFAULT true
);

CREATE TABLE agents (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  name text NOT NULL
);

-- vaults belong to a tenant through their agent: no tenant column of their own (TV5024).
CREATE TABLE vaults (
  id uuid PRIMARY KEY,
  agent_id uuid NOT NULL REFERENCES agents(id),
  name text NOT NULL
);

CREATE TABLE labels (
  id bigint PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  name text NOT NULL
);

CREATE TABLE scans (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  status text NOT NULL
);

CREATE TABLE clusters (
  id bigint PRIMARY KEY,
  tenant_id bigint NOT NULL REFERENCES tenants(id),
  name text NOT NULL,
  created_at timestamptz,
  updated_at timestamptz,
  deleted_at timestamptz
);
