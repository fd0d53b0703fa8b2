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
  body text NOT NULL,
  -- the parent task of a subtask (edge.To("subtasks", Task.Type).From("parent").Unique())
  task_subtasks uuid REFERENCES tasks(id)
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

-- The edge schema of the tasks' blockers (edge.To("blockers", Task.Type).Through("blocks",
-- Block.Type)): a join table between two tasks.
CREATE TABLE blocks (
  task_id uuid NOT NULL REFERENCES tasks(id),
  blocker_id uuid NOT NULL REFERENCES tasks(id),
  PRIMARY KEY (task_id, blocker_id)
);
