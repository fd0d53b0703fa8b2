// Package entitlements caches per-user entitlement settings and per-tenant breaker settings.
//
// Held-out shapes (two caches returned by the code index, repositories not named): a
// ConfigCache whose GetConfig/SetConfig key is strings.ToUpper(login), filled here by a service
// that loads the entitlements of a tenant's user (the same login in two tenants shares one
// entry); and a circuit-breaker TenantCache whose key is the tenant id (the twin).
package entitlements

import (
	"context"
	"strings"
	"sync"
)

type Entitlement struct{ Plan string }

type ConfigCache struct {
	mu    sync.Mutex
	cache map[string]*Entitlement
}

func (c *ConfigCache) GetConfig(login string) *Entitlement { // want GetConfig:`cache key arg 0`
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cache[strings.ToUpper(login)]
}

func (c *ConfigCache) SetConfig(login string, e *Entitlement) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cache[strings.ToUpper(login)] = e
}

type Service struct {
	configs *ConfigCache
	load    func(ctx context.Context, tenantID, login string) (*Entitlement, error)
}

func (s *Service) Entitlements(ctx context.Context, tenantID, login string) (*Entitlement, error) {
	if e := s.configs.GetConfig(login); e != nil {
		return e, nil
	}
	e, err := s.load(ctx, tenantID, login)
	if err != nil {
		return nil, err
	}
	s.configs.SetConfig(login, e) // MISSED (heldout2): a setter method (key and value both parameters) exports no fact: the memoizer fact says which parameter becomes a key, not which becomes the stored value, so the tenant's entitlement stored through SetConfig is not seen
	return e, nil
}

type BreakerConfig struct{ MaxFailures int }

type TenantCache struct {
	mu    sync.Mutex
	cache map[string]BreakerConfig // key is the tenant id
}

func (tc *TenantCache) GetConfig(tenantID string) (BreakerConfig, bool) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	c, ok := tc.cache[tenantID]
	return c, ok
}

func (tc *TenantCache) Load(ctx context.Context, tenantID string, load func(context.Context, string) BreakerConfig) BreakerConfig {
	if c, ok := tc.GetConfig(tenantID); ok {
		return c
	}
	c := load(ctx, tenantID)
	tc.mu.Lock()
	tc.cache[tenantID] = c
	tc.mu.Unlock()
	return c
}
