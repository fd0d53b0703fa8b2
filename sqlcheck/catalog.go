package sqlcheck

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/tenantvet/tenantvet/internal/config"
	"github.com/tenantvet/tenantvet/internal/diskcache"
	"github.com/tenantvet/tenantvet/internal/sqlquery"
)

// Catalog is the part of the schema model the Go analyzers ask about, with every answer worked
// out in advance: per table whether it is tenant-owned and by which column (or, for a child
// table, through which parents), whether it is global, whether row level security is enabled,
// and whether its policies isolate reads. Under go vet
// each package is analysed in its own process; decoding the whole model there (columns,
// policies, positions...) costs more than analysing a small package, while this stays small.
type Catalog struct {
	Tables map[string]CatalogTable `json:"tables"` // keyed like Schema.Tables: schema.table
	Views  []string                `json:"views,omitempty"`
	AnyRLS bool                    `json:"any_rls"`
}

// CatalogTable is what the analyzers need to know about one table.
type CatalogTable struct {
	Tenant   bool   `json:"tenant,omitempty"`
	Column   string `json:"column,omitempty"`
	Global   bool   `json:"global,omitempty"`
	RLS      bool   `json:"rls,omitempty"`      // row level security enabled
	Isolated bool   `json:"isolated,omitempty"` // enabled, forced, and reads isolated by policy
	// Parents are set for a child table: no tenant column, not global, foreign keys to
	// tenant-owned tables (see Schema.TenantParents).
	Parents []sqlquery.Parent `json:"parents,omitempty"`
}

// catalogVersion is the version of the catalog cached on disk; versions up to 3 were the
// model's. 4: the parents of child tables. 5: the parents of grandchildren (children of child
// tables).
const catalogVersion = 5

// Catalog works out the analyzers' answers from the model.
func (s *Schema) Catalog() *Catalog {
	c := &Catalog{Tables: make(map[string]CatalogTable, len(s.Tables)), AnyRLS: s.HasRLS()}
	tenants := s.tenantsTables()
	for name, t := range s.Tables {
		c.Tables[name] = CatalogTable{Tenant: t.Tenant, Column: t.TenantCol, Global: t.Global, RLS: t.RLS, Isolated: s.tableHasRLS(t),
			Parents: s.parentsOf(t, tenants)}
	}
	for name := range s.Views {
		c.Views = append(c.Views, name)
	}
	return c
}

// TenantColumn reports whether table is tenant-owned and names its tenant column ("" for a
// child table, tenant-owned through its parents).
func (c *Catalog) TenantColumn(table string) (string, bool) {
	t, ok := lookupRelation(c.Tables, table)
	if !ok || !t.Tenant && len(t.Parents) == 0 {
		return "", false
	}
	return t.Column, true
}

// TenantParents returns the parents of a child table (see Schema.TenantParents).
func (c *Catalog) TenantParents(table string) []sqlquery.Parent {
	t, ok := lookupRelation(c.Tables, table)
	if !ok {
		return nil
	}
	return t.Parents
}

// IsGlobal reports whether table holds global data.
func (c *Catalog) IsGlobal(table string) bool {
	t, ok := lookupRelation(c.Tables, table)
	return ok && t.Global
}

// Known reports whether the migrations create table, or a view of that name.
func (c *Catalog) Known(table string) bool {
	if _, ok := lookupRelation(c.Tables, table); ok {
		return true
	}
	name := strings.ReplaceAll(table, `"`, "")
	if !strings.Contains(name, ".") {
		name = "public." + name
	}
	for _, v := range c.Views {
		if v == name {
			return true
		}
	}
	return false
}

// HasRLS reports whether the project relies on row level security (see Schema.HasRLS).
func (c *Catalog) HasRLS() bool { return c.AnyRLS }

// TableHasRLS reports whether the table's policies isolate reads (see Schema.TableHasRLS).
func (c *Catalog) TableHasRLS(table string) bool {
	t, ok := lookupRelation(c.Tables, table)
	return ok && t.Isolated
}

// RLSEnabled reports whether row level security is enabled on the table.
func (c *Catalog) RLSEnabled(table string) bool {
	t, ok := lookupRelation(c.Tables, table)
	return ok && t.RLS
}

type catalogFile struct {
	Version int `json:"version"`
	*Catalog
}

var catalogMemo = map[string]*Catalog{} // guarded by loadMu

// LoadCatalog gives analyzers the catalog of the schema the settings name (see LoadForAnalysis):
// from the model file s.Schema, or from the migrations, cached on disk next to the model under
// the same key, and memoised per process. It returns (nil, nil) when neither is set.
func LoadCatalog(s *config.Settings) (*Catalog, error) {
	if s == nil || s.Schema == "" && len(s.Migrations) == 0 {
		return nil, nil
	}
	memoKey := "settings:" + string(relevantSettings(s)) + "\x00" + s.Schema
	loadMu.Lock()
	if c := catalogMemo[memoKey]; c != nil {
		loadMu.Unlock()
		return c, nil
	}
	var cachePath string
	if s.Schema == "" {
		key, err := cacheKey(s)
		if err != nil {
			loadMu.Unlock()
			return nil, err
		}
		if dir, err := os.UserCacheDir(); err == nil {
			cachePath = filepath.Join(dir, "tenantvet", "catalog-"+key+".json")
			if c, err := readCatalog(cachePath); err == nil {
				diskcache.Touch(cachePath)
				catalogMemo[memoKey] = c
				loadMu.Unlock()
				return c, nil
			}
		}
	}
	loadMu.Unlock()

	m, err := LoadForAnalysis(s)
	if err != nil || m == nil {
		return nil, err
	}
	c := m.Catalog()
	if cachePath != "" {
		if data, err := json.Marshal(catalogFile{Version: catalogVersion, Catalog: c}); err == nil {
			if os.MkdirAll(filepath.Dir(cachePath), 0o755) == nil {
				_ = writeAtomic(cachePath, data) // the cache is an optimisation only
				diskcache.Trim(filepath.Dir(cachePath))
			}
		}
	}
	loadMu.Lock()
	catalogMemo[memoKey] = c
	loadMu.Unlock()
	return c, nil
}

func readCatalog(path string) (*Catalog, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f := catalogFile{Catalog: &Catalog{}}
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, err
	}
	if f.Version != catalogVersion || f.Tables == nil {
		return nil, fmt.Errorf("catalog %s: stale version %d", path, f.Version)
	}
	return f.Catalog, nil
}
