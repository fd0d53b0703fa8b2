package sqlcheck

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
)

// tableRules checks columns, keys, indexes, RLS flags, owners and grants of each table.
func (c *checker) tableRules() {
	s := c.s
	nowhere := c.rlsNowhere()
	for _, t := range s.sortedTables() {
		if !t.Tenant {
			if !t.Global && !c.lostTenantColumn(t) {
				c.missingTenantColumn(t)
			}
			continue
		}
		if parent := s.Tables[t.Parent]; parent != nil && parent.Tenant {
			if !nowhere {
				c.childRLS(t, parent)
			}
		} else {
			c.tenantColumn(t)
			if !nowhere {
				c.rlsFlags(t)
			}
		}
		c.keys(t)
		c.ownerAndGrants(t)
	}
}

// maxListed bounds the tables a TV5025 message names.
const maxListed = 20

// rlsNowhere reports, as one TV5025 finding at the first tenant table created, a project whose
// migrations enable row level security on no table (and never did), and returns whether it did:
// then the per-table TV5004, TV5005 and TV5012 findings would only repeat it. rls_per_table
// asks for those instead.
func (c *checker) rlsNowhere() bool {
	if c.set.RLSPerTable {
		return false
	}
	order := map[string]int{}
	for i, f := range c.s.Files {
		order[f.Path] = i
	}
	var tenant []*Table
	for _, t := range c.s.sortedTables() {
		if t.RLS || t.Force || t.DisablePos != nil || t.NoForcePos != nil {
			return false
		}
		if t.Tenant {
			tenant = append(tenant, t)
		}
	}
	if len(tenant) == 0 {
		return false
	}
	first := tenant[0]
	for _, t := range tenant[1:] {
		if o, fo := order[t.Pos.File], order[first.Pos.File]; o < fo || o == fo && t.Pos.Line < first.Pos.Line {
			first = t
		}
	}
	names := make([]string, 0, min(len(tenant), maxListed))
	for _, t := range tenant[:min(len(tenant), maxListed)] {
		names = append(names, quoteQualified(t.Name))
	}
	list := strings.Join(names, ", ")
	if len(tenant) > maxListed {
		list += fmt.Sprintf(" and %d more", len(tenant)-maxListed)
	}
	c.report(ruleRLSNowhere, first.Pos, "row level security is enabled on no table, so nothing in the database isolates the %d tenant tables (%s): ENABLE and FORCE ROW LEVEL SECURITY on each with a tenant policy (rls_per_table: true lists them one by one)", len(tenant), list)
	return true
}

// lostTenantColumn reports a table that had a tenant column until an ALTER TABLE dropped or
// renamed it: the final state no longer knows which tenant its rows belong to.
func (c *checker) lostTenantColumn(t *Table) bool {
	for i := len(t.Lost) - 1; i >= 0; i-- {
		l := t.Lost[i]
		if !slices.Contains(c.s.TenantColumns, l.Name) {
			continue
		}
		if l.NewName != "" {
			c.report(ruleWeakened, l.Pos, "RENAME COLUMN %s TO %s leaves %s without a tenant column: its rows no longer belong to a tenant for tenantvet or sqlscope; keep the name or add %s to tenant_columns", l.Name, l.NewName, t.Name, l.NewName)
		} else {
			c.report(ruleWeakened, l.Pos, "DROP COLUMN %s leaves %s without a tenant column: its rows no longer belong to any tenant; keep the column or mark the table -- tenantvet:global -- reason", l.Name, t.Name)
		}
		return true
	}
	return false
}

func (c *checker) missingTenantColumn(t *Table) {
	for _, fk := range t.FKs {
		if ref := c.s.Tables[fk.RefTable]; ref != nil && ref.Tenant && ref != t {
			c.report(ruleMissingTenantID, t.Pos, "table %s references tenant-owned %s but has no %s column: add %s or mark the table -- tenantvet:global -- reason",
				t.Name, ref.Name, c.s.TenantColumns[0], c.s.TenantColumns[0])
			c.related(place(fk.Pos, "the foreign key to %s", ref.Name), place(ref.Pos, "%s is created here", ref.Name))
			return
		}
	}
	// A child of a child table (comment_reactions -> comments -> posts) holds tenant data too.
	tenants := c.s.tenantsTables()
	for _, fk := range t.FKs {
		ref := c.s.Tables[fk.RefTable]
		if ref == nil || ref == t || tenants[t.Name] {
			continue
		}
		if ps := c.s.parentsOf(ref, tenants); len(ps) > 0 {
			c.report(ruleMissingTenantID, t.Pos, "table %s references %s, which belongs to a tenant through %s, but has no %s column: add %s or mark the table -- tenantvet:global -- reason",
				t.Name, ref.Name, ps[0].Table, c.s.TenantColumns[0], c.s.TenantColumns[0])
			c.related(place(fk.Pos, "the foreign key to %s", ref.Name), place(ref.Pos, "%s is created here", ref.Name))
			return
		}
	}
}

func (c *checker) tenantColumn(t *Table) {
	if t.TenantCol == "" {
		return
	}
	col := t.column(t.TenantCol)
	inPK := t.PK != nil && slices.Contains(t.PK.Cols, t.TenantCol)
	if col != nil && !col.NotNull && !inPK {
		if col.NullPos != nil {
			c.report(ruleNullable, *col.NullPos, "DROP NOT NULL makes %s.%s nullable: rows without a tenant escape every policy; keep it NOT NULL", t.Name, t.TenantCol)
		} else {
			c.report(ruleNullable, col.Pos, "tenant column %s.%s is nullable: declare it NOT NULL", t.Name, t.TenantCol)
		}
	}
	hasFK := false
	for _, fk := range t.FKs {
		i := slices.Index(fk.Cols, t.TenantCol)
		if i < 0 {
			continue
		}
		if c.tenantFK(fk, i) {
			hasFK = true
		} else if !hasFK && len(fk.Cols) == 1 {
			hasFK = true // reported here, not again as a missing key
			c.report(ruleNoTenantFK, fk.Pos, "tenant column %s.%s references %s, not the tenants table %s: a row can name a tenant that does not exist; reference %s(id)", t.Name, t.TenantCol, fk.RefTable, c.tenantsTable(), quoteQualified(c.tenantsTable()))
		}
	}
	if !hasFK {
		tenants := "tenants"
		if tt := c.tenantsTable(); tt != "" {
			tenants = quoteQualified(tt)
		}
		c.report(ruleNoTenantFK, t.Pos, "tenant column %s.%s has no foreign key to the tenants table: add REFERENCES %s(id)", t.Name, t.TenantCol, tenants)
	}
	indexed := t.PK != nil && len(t.PK.Cols) > 0 && t.PK.Cols[0] == t.TenantCol
	for _, ix := range t.Indexes {
		// A partial index (WHERE deleted_at IS NULL) still serves the tenant's queries that
		// match its predicate, which is what schemas with soft deletes run.
		if len(ix.Cols) > 0 && ix.Cols[0] == t.TenantCol {
			indexed = true
		}
	}
	if !indexed {
		c.report(ruleNoTenantIndex, t.Pos, "no index on %s starts with %s: every tenant-scoped query scans the table; add an index on (%s, ...)", t.Name, t.TenantCol, quoteIdent(t.TenantCol))
	}
}

func (c *checker) rlsFlags(t *Table) {
	switch {
	case !t.RLS && t.DisablePos != nil:
		c.report(ruleWeakened, *t.DisablePos, "DISABLE ROW LEVEL SECURITY on tenant table %s turns tenant isolation off: keep it enabled", t.Name)
	case !t.RLS:
		c.report(ruleRLSOff, t.Pos, "row level security is not enabled on tenant table %s%s: ALTER TABLE %s ENABLE ROW LEVEL SECURITY", t.Name, loopHint(c.s.LoopRLS, "enabled"), quoteQualified(t.Name))
		c.loopPlace(c.s.LoopRLS, "enabled", t)
	case !t.Force && t.NoForcePos != nil:
		c.report(ruleWeakened, *t.NoForcePos, "NO FORCE ROW LEVEL SECURITY on tenant table %s lets its owner bypass the policies: keep it forced", t.Name)
	case !t.Force:
		c.report(ruleNotForced, t.Pos, "row level security is not forced on tenant table %s%s, so its owner bypasses the policies: ALTER TABLE %s FORCE ROW LEVEL SECURITY", t.Name, loopHint(c.s.LoopForce, "forced"), quoteQualified(t.Name))
		c.loopPlace(c.s.LoopForce, "forced", t)
	}
}

// loopHint names the first PL/pgSQL EXECUTE that enabled (or forced) row level security on
// other tables, for a table it did not reach: the loop's list or catalog query leaves it out.
func loopHint(loops []Pos, what string) string {
	if len(loops) == 0 {
		return ""
	}
	return fmt.Sprintf(" (the PL/pgSQL EXECUTE at %s:%d %s it on other tables but not on this one)", filepath.Base(loops[0].File), loops[0].Line, what)
}

// loopPlace adds the EXECUTE loopHint names as the finding's related place.
func (c *checker) loopPlace(loops []Pos, what string, t *Table) {
	if len(loops) > 0 {
		c.related(place(loops[0], "row level security is %s here by EXECUTE, not for %s", what, t.Name))
	}
}

// childRLS checks a partition or inheritance child of a tenant table: queries naming the child
// directly see none of the parent's policies.
func (c *checker) childRLS(t, parent *Table) {
	var missing []string
	if !t.RLS {
		missing = append(missing, "ENABLE ROW LEVEL SECURITY")
	}
	if !t.Force {
		missing = append(missing, "FORCE ROW LEVEL SECURITY")
	}
	if !c.isolatesSelect(t) {
		missing = append(missing, "an isolating policy")
	}
	if len(missing) == 0 {
		return
	}
	p := t.Pos
	if t.ParentPos != nil {
		p = *t.ParentPos
	}
	kind := "inheritance child"
	if t.ParentKind == "partition" {
		kind = "partition"
	}
	c.report(ruleChildNoRLS, p, "%s %s of tenant table %s lacks %s: queries naming it directly bypass the parent's policies", kind, t.Name, parent.Name, strings.Join(missing, ", "))
	c.related(place(parent.Pos, "%s is created here", parent.Name))
}

func (c *checker) isolatesSelect(t *Table) bool {
	cv := c.s.coverage(t, c.set.AppRole, "select")
	return cv.covered && cv.usingOK
}

func (c *checker) keys(t *Table) {
	if t.TenantCol == "" {
		return
	}
	if parent := c.s.Tables[t.Parent]; parent != nil && parent.Tenant && t.ParentKind == "partition" {
		return // keys are those of the partitioned parent
	}
	check := func(k *Key) {
		if slices.Contains(k.Cols, t.TenantCol) {
			return
		}
		if c.set.AllowGeneratedPK && len(k.Cols) == 1 {
			// A surrogate identifier reveals nothing by colliding: nobody chooses it.
			if col := t.column(k.Cols[0]); col != nil && (col.Generated || col.UUID) {
				return
			}
		}
		c.report(ruleUniqueLeak, k.Pos, "%s %s on tenant table %s does not include %s: a duplicate in another tenant reveals that the value exists; add %s to the key",
			k.Kind, k.Name, t.Name, t.TenantCol, t.TenantCol)
	}
	if t.PK != nil {
		check(t.PK)
	}
	for _, k := range t.Uniques {
		check(k)
	}
	for _, fk := range t.FKs {
		ref := c.s.Tables[fk.RefTable]
		if ref == nil || !ref.Tenant || ref.TenantCol == "" {
			continue
		}
		if !slices.Contains(fk.Cols, t.TenantCol) || !slices.Contains(fk.RefCols, ref.TenantCol) && len(fk.RefCols) > 0 {
			c.report(ruleFKNoTenant, fk.Pos, "foreign key %s from %s to tenant table %s does not include %s: a row can point at another tenant's row; use (%s, %s) REFERENCES %s (%s, ...)",
				fk.Name, t.Name, ref.Name, t.TenantCol, quoteIdent(t.TenantCol), quoteList(fk.Cols), quoteIdent(shortName(ref.Name)), quoteIdent(ref.TenantCol))
			c.related(place(ref.Pos, "%s is created here", ref.Name))
		}
	}
}

func (c *checker) ownerAndGrants(t *Table) {
	app := c.set.AppRole
	var appRoles []string // the application role and the groups whose privileges it holds
	if app != "" {
		appRoles = c.s.rolesOf(app)
	}
	if app != "" && t.OwnerPos != nil && slices.Contains(appRoles, t.Owner) {
		via := ""
		if t.Owner != app {
			via = " through its membership in " + t.Owner
		}
		c.report(ruleAppOwner, *t.OwnerPos, "application role %s owns tenant table %s%s: owners can disable RLS and alter policies; let a migration role own it", app, t.Name, via)
	}
	roles := make([]string, 0, len(t.Grants))
	for r := range t.Grants {
		roles = append(roles, r)
	}
	slices.Sort(roles)
	for _, r := range roles {
		if app != "" && !slices.Contains(appRoles, r) && r != "public" {
			continue
		}
		g := t.Grants[r]
		if slices.Contains(g.Privs, "truncate") {
			c.report(ruleTruncateGrant, g.Pos, "role %s may TRUNCATE tenant table %s: TRUNCATE ignores row level security and empties every tenant; grant only SELECT, INSERT, UPDATE, DELETE", r, t.Name)
		}
	}
}

// tenantFK reports whether fk, whose column i is the tenant column, ties the row to a real
// tenant: it references the tenants table, or the tenant column of a tenant-owned table (a
// composite key such as (tenant_id, project_id) REFERENCES projects (tenant_id, id), whose
// tenant column is itself checked), or a table the migrations do not define.
func (c *checker) tenantFK(fk *FK, i int) bool {
	tenants := c.tenantsTable()
	if tenants == "" || fk.RefTable == tenants {
		return true
	}
	ref := c.s.Tables[fk.RefTable]
	if ref == nil {
		return true // defined elsewhere: nothing to judge it by
	}
	refCols := fk.RefCols
	if len(refCols) == 0 && ref.PK != nil {
		refCols = ref.PK.Cols
	}
	return ref.Tenant && i < len(refCols) && refCols[i] == ref.TenantCol
}

// tenantsTable returns the tenants table classify worked out (see Schema.findTenantsTable).
func (c *checker) tenantsTable() string { return c.s.tenants }
