package sqlscope

import (
	"errors"
	"slices"
	"strings"
	"sync"

	"github.com/tenantvet/tenantvet/internal/config"
	"github.com/tenantvet/tenantvet/internal/sqlquery"
)

// schemas caches the schema of each schema/migrations setting for the life of the process: the
// same migrations are read once, not once per package.
var schemas sync.Map // string -> *schemaEntry

type schemaEntry struct {
	once sync.Once
	cat  sqlquery.Catalog
	err  error
}

// catalogFor returns the schema the settings name, overlaid with -tenant-tables and
// -global-tables; nil when no schema or migrations are configured.
func catalogFor(s *config.Settings, load func(*config.Settings) (sqlquery.Catalog, error)) (sqlquery.Catalog, error) {
	if s.Schema == "" && len(s.Migrations) == 0 {
		return nil, nil
	}
	key := s.Schema + "\x00" + strings.Join(s.Migrations, "\x00") + "\x00" + strings.Join(s.TenantColumns, ",")
	e, _ := schemas.LoadOrStore(key, &schemaEntry{})
	ent := e.(*schemaEntry)
	ent.once.Do(func() { ent.cat, ent.err = load(s) })
	if ent.err != nil {
		return nil, ent.err
	}
	return overlay{ent.cat, s}, nil
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
	col, ok := o.Catalog.TenantColumn(t)
	if !ok && slices.Contains(o.s.TenantTables, t) {
		return "", true
	}
	return col, ok
}

// loadSchema reads the schema model or the migrations the settings name.
// TODO(sqlcheck): call sqlcheck.LoadForAnalysis once it is committed.
var loadSchema = func(s *config.Settings) (sqlquery.Catalog, error) {
	return nil, errNoSchemaLoader
}

var errNoSchemaLoader = errors.New("sqlscope: reading -schema and -migrations needs sqlcheck.LoadForAnalysis")
