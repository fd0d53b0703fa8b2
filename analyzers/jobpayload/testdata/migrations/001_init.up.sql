CREATE TABLE tenants (id uuid PRIMARY KEY);

-- tenantvet:global -- the price list is the same for every tenant
CREATE TABLE plans (code text PRIMARY KEY, price int NOT NULL, country text);

-- No tenant column and no reference to tenant data: global without a marker.
CREATE TABLE countries (code text PRIMARY KEY);

CREATE TABLE notes (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  plan text
);

CREATE TABLE invoices (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  sent boolean NOT NULL DEFAULT false
);
