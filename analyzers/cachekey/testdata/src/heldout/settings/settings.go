// Package settings caches tenant settings in the process.
//
// Held-out shapes (mizuki1412/go-core-kit mod/setting/service/settingservice: a package-level
// settings map filled once, under sync.Once, from the schema the first caller names; a settings
// cache keyed "<tenant-id>#<key>" in a public settings service): the value loaded for one tenant
// kept under no tenant, or under the setting's key alone, beside twins that key by the tenant.
package settings

import (
	"context"
	"sync"
)

type Loader interface {
	Load(ctx context.Context, tenantID, key string) (string, error)
	All(ctx context.Context, tenantID string) (map[string]string, error)
	Plans(ctx context.Context) ([]string, error)
}

var (
	loader Loader

	once sync.Once
	all  map[string]string

	plansOnce sync.Once
	plans     []string

	byKey       = map[string]string{}
	byTenantKey = map[string]string{}
	perTenant   sync.Map
)

// Get fills the package map once with the first caller's tenant; every later tenant reads it.
func Get(ctx context.Context, tenantID string) map[string]string {
	once.Do(func() { // want `sync.Once once keeps the data of the first tenant to call it while tenant tenantID is in scope: every other tenant reads it; keep it per tenant \(a map keyed by the tenant\) \(TV6001\)`
		all, _ = loader.All(ctx, tenantID)
	})
	return all
}

// Plans loads the plan catalogue once: the same for every tenant.
func Plans(ctx context.Context, tenantID string) []string {
	plansOnce.Do(func() {
		plans, _ = loader.Plans(ctx)
	})
	return plans
}

// GetPerTenant keeps one map per tenant.
func GetPerTenant(ctx context.Context, tenantID string) map[string]string {
	if v, ok := perTenant.Load(tenantID); ok {
		return v.(map[string]string)
	}
	m, _ := loader.All(ctx, tenantID)
	perTenant.Store(tenantID, m)
	return m
}

// Setting caches under the setting's key alone.
func Setting(ctx context.Context, tenantID, key string) string {
	if v, ok := byKey[key]; ok { // a read in the function that fills: reported at the fill
		return v
	}
	v, _ := loader.Load(ctx, tenantID, key)
	byKey[key] = v // want `map byKey is keyed by key alone while tenant tenantID is in scope`
	return v
}

// SettingOfTenant keys by tenant and setting, as <tenant-id>#<key>.
func SettingOfTenant(ctx context.Context, tenantID, key string) string {
	k := tenantID + "#" + key
	if v, ok := byTenantKey[k]; ok {
		return v
	}
	v, _ := loader.Load(ctx, tenantID, key)
	byTenantKey[k] = v
	return v
}
