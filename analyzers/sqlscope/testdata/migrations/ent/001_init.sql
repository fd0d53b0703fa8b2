CREATE TABLE tenants (
  id uuid PRIMARY KEY,
  name text NOT NULL
);

-- tenantvet:global -- the plan catalogue is the same for every tenant
CREATE TABLE plans (
  id text PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE projects (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  name text NOT NULL
);

CREATE TABLE notes (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  project_id uuid NOT NULL REFERENCES projects(id),
  body text NOT NULL,
  public boolean NOT NULL DEFAULT false
);

CREATE TABLE tasks (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  project_id uuid REFERENCES projects(id),
  body text NOT NULL
);

CREATE TABLE labels (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  body text NOT NULL
);

-- A child table: its tenant is its task's.
CREATE TABLE comments (
  id uuid PRIMARY KEY,
  task_id uuid NOT NULL REFERENCES tasks(id),
  body text NOT NULL
);

-- The join table of the tasks' labels (ent's M2M edge): its tenant is its rows'.
CREATE TABLE task_labels (
  task_id uuid NOT NULL REFERENCES tasks(id),
  label_id uuid NOT NULL REFERENCES labels(id),
  PRIMARY KEY (task_id, label_id)
);
