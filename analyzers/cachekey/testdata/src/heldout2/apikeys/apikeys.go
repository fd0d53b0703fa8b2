// Package apikeys caches the tenant an API key belongs to.
//
// Held-out shape (mpapenbr/iracelog-service-manager-go pkg/grpc/.../cache, NewTenantCache: a
// loader cache keyed by the hashed API key whose loader returns the key's tenant): a map from a
// key to the tenant itself, which is not a leak; beside it, the key's rate-limit settings
// cached under the same hash, which are global to the key as well.
package apikeys

import (
	"context"
	"sync"
)

type Tenant struct {
	ID   string
	Name string
}

type Cache struct {
	mu      sync.Mutex
	tenants map[string]*Tenant
	load    func(ctx context.Context, hashedKey string) (*Tenant, error)
}

func (c *Cache) TenantFor(ctx context.Context, hashedKey string) (*Tenant, error) { // want TenantFor:`cache key arg 1`
	c.mu.Lock()
	t, ok := c.tenants[hashedKey]
	c.mu.Unlock()
	if ok {
		return t, nil
	}
	t, err := c.load(ctx, hashedKey)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.tenants[hashedKey] = t
	c.mu.Unlock()
	return t, nil
}
