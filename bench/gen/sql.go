package main

import (
	"fmt"
	"strings"
)

const policyExpr = "tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid"

// migrations writes a golang-migrate layout: NNNNNN_title.up.sql / .down.sql.
func (g *gen) migrations() {
	g.raw("migrations/000001_core.up.sql", `-- Core tables: tenants, users, memberships and the plan catalogue.
CREATE EXTENSION IF NOT EXISTS pgcrypto;

-- tenantvet:global -- the tenant registry itself
CREATE TABLE tenants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- tenantvet:global -- users sign in once and belong to tenants through memberships
CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- tenantvet:global -- reference data shared by every tenant
CREATE TABLE plans (
  id text PRIMARY KEY,
  name text NOT NULL,
  monthly_limit bigint NOT NULL
);

CREATE TABLE memberships (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role text NOT NULL,
  PRIMARY KEY (tenant_id, user_id)
);
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY memberships_isolation ON memberships FOR ALL
  USING (`+policyExpr+`)
  WITH CHECK (`+policyExpr+`);
`)
	g.raw("migrations/000001_core.down.sql", "DROP TABLE IF EXISTS memberships;\nDROP TABLE IF EXISTS plans;\nDROP TABLE IF EXISTS users;\nDROP TABLE IF EXISTS tenants;\n")

	for _, d := range g.domains {
		var up, down strings.Builder
		name := fmt.Sprintf("migrations/%06d_%s", d.mig, d.Name)
		fmt.Fprintf(&up, "-- Tables of the %s domain.\n", d.Name)
		for _, e := range d.ents {
			g.table(&up, name+".up.sql", e)
		}
		for i := len(d.ents) - 1; i >= 0; i-- {
			fmt.Fprintf(&down, "DROP TABLE IF EXISTS %s;\n", d.ents[i].Table)
		}
		g.raw(name+".up.sql", up.String())
		g.raw(name+".down.sql", down.String())
	}

	// A later migration adding columns, the way real schemas grow.
	var up, down strings.Builder
	name := fmt.Sprintf("migrations/%06d_add_external_ids", len(g.domains)+2)
	up.WriteString("-- Add external ids used by the import jobs.\n")
	for i, d := range g.domains {
		if i%3 != 0 {
			continue
		}
		e := d.ents[0]
		fmt.Fprintf(&up, "ALTER TABLE %s ADD COLUMN external_id text;\n", e.Table)
		fmt.Fprintf(&up, "CREATE UNIQUE INDEX %s_tenant_external_id_key ON %s (tenant_id, external_id);\n", e.Table, e.Table)
		fmt.Fprintf(&down, "DROP INDEX IF EXISTS %s_tenant_external_id_key;\nALTER TABLE %s DROP COLUMN IF EXISTS external_id;\n", e.Table, e.Table)
	}
	g.raw(name+".up.sql", up.String())
	g.raw(name+".down.sql", down.String())
}

func (g *gen) table(b *strings.Builder, file string, e *entity) {
	kinds := []string{"sql/no-force-rls", "sql/nullable-tenant", "sql/no-rls", "sql/unique-without-tenant", "sql/policy-not-isolating", "sql/no-tenant-index"}
	leakKind := ""
	if g.leaky(file, e.Table, "sql") {
		leakKind = kinds[g.rng.IntN(len(kinds))]
		g.leaks[len(g.leaks)-1].Kind = leakKind
	}
	tenantCol := "tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE"
	if leakKind == "sql/nullable-tenant" {
		tenantCol = "tenant_id uuid REFERENCES tenants(id) ON DELETE CASCADE"
	}
	fmt.Fprintf(b, "\nCREATE TABLE %s (\n  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),\n  %s,\n", e.Table, tenantCol)
	var uniq string
	for _, f := range e.Fields {
		fmt.Fprintf(b, "  %s %s,\n", f.Col, f.SQLType())
		if f.Col == "code" {
			uniq = f.Col
		}
	}
	b.WriteString("  created_at timestamptz NOT NULL DEFAULT now(),\n  updated_at timestamptz NOT NULL DEFAULT now()")
	if uniq != "" {
		if leakKind == "sql/unique-without-tenant" {
			fmt.Fprintf(b, ",\n  UNIQUE (%s)", uniq)
		} else {
			fmt.Fprintf(b, ",\n  UNIQUE (tenant_id, %s)", uniq)
		}
	} else if leakKind == "sql/unique-without-tenant" {
		b.WriteString(",\n  UNIQUE (created_at)")
	}
	b.WriteString("\n);\n")
	if leakKind == "sql/no-tenant-index" {
		fmt.Fprintf(b, "CREATE INDEX %s_created_at_tenant_id_idx ON %s (created_at, tenant_id);\n", e.Table, e.Table)
	} else {
		fmt.Fprintf(b, "CREATE INDEX %s_tenant_id_id_idx ON %s (tenant_id, id);\n", e.Table, e.Table)
		fmt.Fprintf(b, "CREATE INDEX %s_tenant_id_created_at_idx ON %s (tenant_id, created_at DESC);\n", e.Table, e.Table)
	}
	if leakKind == "sql/no-rls" {
		return
	}
	fmt.Fprintf(b, "ALTER TABLE %s ENABLE ROW LEVEL SECURITY;\n", e.Table)
	if leakKind != "sql/no-force-rls" {
		fmt.Fprintf(b, "ALTER TABLE %s FORCE ROW LEVEL SECURITY;\n", e.Table)
	}
	if leakKind == "sql/policy-not-isolating" {
		fmt.Fprintf(b, "CREATE POLICY %s_isolation ON %s FOR ALL\n  USING (tenant_id IS NOT NULL)\n  WITH CHECK (tenant_id IS NOT NULL);\n", e.Table, e.Table)
		return
	}
	fmt.Fprintf(b, "CREATE POLICY %s_isolation ON %s FOR ALL\n  USING (%s)\n  WITH CHECK (%s);\n", e.Table, e.Table, policyExpr, policyExpr)
}
