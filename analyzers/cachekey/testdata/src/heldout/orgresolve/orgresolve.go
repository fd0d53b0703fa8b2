// Package orgresolve maps a verified organisation to its tenant and caches the answer.
//
// Held-out shape (an ext-authz org-to-tenant resolver, package orgtenant of Zero Root AI's
// service): a map and singleflight keyed by the organisation id, whose value is the tenant itself,
// beside a twin that shares one in-flight fetch of an organisation's quota under a constant key.
package orgresolve

import (
	"context"
	"sync"

	"golang.org/x/sync/singleflight"
)

type Quota struct{ Seats int }

type Resolver struct {
	fetch      func(ctx context.Context, orgID string) (string, error)
	fetchQuota func(ctx context.Context, orgID string) (Quota, error)

	mu      sync.Mutex
	entries map[string]string
	sf      singleflight.Group
}

func (r *Resolver) TenantForOrg(ctx context.Context, orgID string) (string, error) {
	r.mu.Lock()
	t, hit := r.entries[orgID]
	r.mu.Unlock()
	if hit {
		return t, nil
	}
	v, err, _ := r.sf.Do(orgID, func() (any, error) {
		tenant, err := r.fetch(ctx, orgID)
		if err != nil {
			return "", err
		}
		r.mu.Lock()
		r.entries[orgID] = tenant
		r.mu.Unlock()
		return tenant, nil
	})
	if err != nil {
		return "", err
	}
	return v.(string), nil
}

// QuotaFor shares one fetch between concurrent callers under a constant key: a caller of
// another organisation gets the first organisation's quota.
func (r *Resolver) QuotaFor(ctx context.Context, orgID string) (Quota, error) {
	v, err, _ := r.sf.Do("quota", func() (any, error) { // want `singleflight.Group r.sf is keyed by the constant "quota" while tenant orgID is in scope`
		return r.fetchQuota(ctx, orgID)
	})
	if err != nil {
		return Quota{}, err
	}
	return v.(Quota), nil
}

// QuotaOf keys the shared fetch by the organisation.
func (r *Resolver) QuotaOf(ctx context.Context, orgID string) (Quota, error) {
	v, err, _ := r.sf.Do("quota:"+orgID, func() (any, error) {
		return r.fetchQuota(ctx, orgID)
	})
	if err != nil {
		return Quota{}, err
	}
	return v.(Quota), nil
}
