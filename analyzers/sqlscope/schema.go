package sqlscope

import (
	"fmt"
	"slices"

	"github.com/tenantvet/tenantvet/internal/config"
	"github.com/tenantvet/tenantvet/internal/sqlquery"
	"github.com/tenantvet/tenantvet/sqlcheck"
)

// catalogFor returns the schema the settings name, overlaid with -tenant-tables and
// -global-tables; nil when no schema or migrations are configured. sqlcheck memoises the model
// per process (and on disk), so each package's pass does not rebuild it.
func catalogFor(s *config.Settings) (sqlquery.Catalog, error) {
	if s.Schema == "" && len(s.Migrations) == 0 {
		return nil, nil
	}
	schema, err := sqlcheck.LoadCatalog(s)
	if err != nil {
		return nil, fmt.Errorf("load the schema for sqlscope: %w", err)
	}
	if schema == nil {
		return nil, nil
	}
	return overlay{schema, s}, nil
}

// overlay applies the tenant-tables and global-tables settings on top of a schema.
type overlay struct {
	sqlquery.Catalog
	s *config.Settings
}

func (o overlay) IsGlobal(t string) bool {
	return slices.Contains(o.s.GlobalTables, t) || o.Catalog.IsGlobal(t) && !slices.Contains(o.s.TenantTables, t)
}

func (o overlay) TenantColumn(t string) (string, bool) {
	if o.IsGlobal(t) {
		return "", false
	}
	if slices.Contains(o.s.TenantTables, t) {
		col, _ := o.Catalog.TenantColumn(t)
		return col, true
	}
	col, ok := o.Catalog.TenantColumn(t)
	if ok && col == "" && len(o.Catalog.TenantParents(t)) > 0 && len(o.TenantParents(t)) == 0 {
		return "", false // a child of tables the settings make global
	}
	return col, ok
}

// TenantParents keeps the parents of a child table that are still tenant-owned by their
// column once the settings apply.
func (o overlay) TenantParents(t string) []sqlquery.Parent {
	if o.IsGlobal(t) {
		return nil
	}
	var out []sqlquery.Parent
	for _, p := range o.Catalog.TenantParents(t) {
		if col, ok := o.TenantColumn(p.Table); ok && col == p.Column {
			out = append(out, p)
		}
	}
	return out
}
