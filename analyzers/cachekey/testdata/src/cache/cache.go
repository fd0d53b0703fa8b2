package cache

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/golang-lru/v2"
	"github.com/hashicorp/golang-lru/v2/expirable"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"golang.org/x/sync/singleflight"
)

type Project struct {
	ID       string
	TenantID tenant.ID
	Name     string
}

type Plan struct{ Name string }

type Store interface {
	GetProject(ctx context.Context, tenantID tenant.ID, id string) (*Project, error)
	Dashboard(ctx context.Context, tenantID tenant.ID) ([]byte, error)
	Plan(ctx context.Context, id string) (*Plan, error)
}

type Service struct {
	store    Store
	projects *lru.Cache[string, *Project]
	recent   *lru.TwoQueueCache[string, *Project]
	ttl      *expirable.LRU[string, []byte]
	byID     map[string]*Project
	plans    sync.Map
	sessions map[string]tenant.ID
	group    singleflight.Group
	mu       sync.Mutex
}

// GetProject caches by the project id alone: tenant B asking for A's project id is answered
// from the cache without the tenant check the store would have made.
func (s *Service) GetProject(ctx context.Context, tenantID tenant.ID, id string) (*Project, error) {
	if p, ok := s.projects.Get(id); ok { // a read in the function that fills: reported at the fill
		return p, nil
	}
	p, err := s.store.GetProject(ctx, tenantID, id)
	if err != nil {
		return nil, err
	}
	s.projects.Add(id, p) // want `lru.Cache s.projects is keyed by id alone while tenant tenantID is in scope: another tenant asking for the same key gets this tenant's data; put the tenant in the key \(TV6001\)`
	return p, nil
}

// PeekProject only reads the cache GetProject fills with tenant data.
func (s *Service) PeekProject(tenantID tenant.ID, id string) (*Project, bool) {
	return s.projects.Peek(id) // want `lru.Cache s.projects is keyed by id alone while tenant tenantID`
}

// GetProjectSafe keys by tenant and id.
func (s *Service) GetProjectSafe(ctx context.Context, tenantID tenant.ID, id string) (*Project, error) {
	key := fmt.Sprintf("%s:%s", tenantID, id)
	if p, ok := s.projects.Get(key); ok {
		return p, nil
	}
	p, err := s.store.GetProject(ctx, tenantID, id)
	if err != nil {
		return nil, err
	}
	s.projects.Add(key, p)
	return p, nil
}

// Dashboard shares one in-flight load between every tenant that asks at the same moment.
func (s *Service) Dashboard(ctx context.Context, tenantID tenant.ID) ([]byte, error) {
	v, err, _ := s.group.Do("dashboard", func() (any, error) { // want `singleflight.Group s.group is keyed by the constant "dashboard" while tenant tenantID is in scope`
		return s.store.Dashboard(ctx, tenantID)
	})
	if err != nil {
		return nil, err
	}
	return v.([]byte), nil
}

// DashboardSafe includes the tenant in the flight key.
func (s *Service) DashboardSafe(ctx context.Context, tenantID tenant.ID) ([]byte, error) {
	v, err, _ := s.group.Do("dashboard:"+tenantID.String(), func() (any, error) {
		return s.store.Dashboard(ctx, tenantID)
	})
	if err != nil {
		return nil, err
	}
	return v.([]byte), nil
}

// FromContext takes the verified tenant from the request context.
func (s *Service) FromContext(ctx context.Context, id string) (*Project, error) {
	tc, _ := tenant.FromContext(ctx)
	p, err := s.store.GetProject(ctx, tc.TenantID, id)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.byID[id] = p // want `map s.byID is keyed by id alone while tenant.FromContext\(ctx\) is in scope`
	s.mu.Unlock()
	return p, nil
}

type projectKey struct {
	tenant tenant.ID
	id     string
}

type idKey struct{ id string }

var byKey = map[projectKey]*Project{}
var byIDKey = map[idKey]*Project{}

// StructKey carries the tenant in a struct key.
func (s *Service) StructKey(ctx context.Context, tenantID tenant.ID, id string) *Project {
	k := projectKey{tenant: tenantID, id: id}
	if p := byKey[k]; p != nil {
		return p
	}
	p, _ := s.store.GetProject(ctx, tenantID, id)
	byKey[k] = p
	return p
}

// StructKeyNoTenant uses a struct key without the tenant.
func (s *Service) StructKeyNoTenant(ctx context.Context, tenantID tenant.ID, id string) *Project {
	p, _ := s.store.GetProject(ctx, tenantID, id)
	byIDKey[idKey{id}] = p // want `map byIDKey is keyed by idKey\{…\} alone`
	return p
}

// Builder builds the key with a strings.Builder fed the tenant.
func (s *Service) Builder(ctx context.Context, tenantID tenant.ID, id string) {
	var b strings.Builder
	b.WriteString(tenantID.String())
	b.WriteString("/")
	b.WriteString(id)
	data, _ := s.store.Dashboard(ctx, tenantID)
	s.ttl.Add(b.String(), data)
}

// TTL caches a tenant's rendered page by path.
func (s *Service) TTL(ctx context.Context, tenantID tenant.ID, path string) {
	data, _ := s.store.Dashboard(ctx, tenantID)
	s.ttl.Add(path, data) // want `expirable.LRU s.ttl is keyed by path alone`
}

// Recent uses a 2Q cache keyed by id.
func (s *Service) Recent(ctx context.Context, tenantID tenant.ID, id string) {
	p, _ := s.store.GetProject(ctx, tenantID, id)
	s.recent.Add(id, p) // want `lru.TwoQueueCache s.recent is keyed by id alone`
}

// Plan caches global data: the plan catalogue is the same for every tenant.
func (s *Service) Plan(ctx context.Context, tenantID tenant.ID, planID string) (*Plan, error) {
	if v, ok := s.plans.Load(planID); ok {
		return v.(*Plan), nil
	}
	p, err := s.store.Plan(ctx, planID)
	if err != nil {
		return nil, err
	}
	s.plans.Store(planID, p)
	return p, nil
}

// Login maps a session to its tenant: the value is the tenant itself, not tenant data.
func (s *Service) Login(sessionID string, tenantID tenant.ID) {
	s.sessions[sessionID] = tenantID
}

// PerRequest fills a map that lives for this call only.
func (s *Service) PerRequest(ctx context.Context, tenantID tenant.ID, ids []string) []*Project {
	seen := map[string]*Project{}
	var out []*Project
	for _, id := range ids {
		if seen[id] != nil {
			continue
		}
		p, _ := s.store.GetProject(ctx, tenantID, id)
		seen[id] = p
		out = append(out, p)
	}
	return out
}

// Nested keeps one map per tenant.
type Nested struct {
	store    Store
	byTenant map[tenant.ID]map[string]*Project
}

func (n *Nested) Get(ctx context.Context, tenantID tenant.ID, id string) *Project {
	if p := n.byTenant[tenantID][id]; p != nil {
		return p
	}
	p, _ := n.store.GetProject(ctx, tenantID, id)
	n.byTenant[tenantID][id] = p
	return p
}

// TenantStore is built per tenant: its cache holds that tenant's data only.
type TenantStore struct {
	tenantID tenant.ID
	store    Store
	cache    map[string]*Project
}

func (t *TenantStore) Get(ctx context.Context, id string) *Project {
	if p := t.cache[id]; p != nil {
		return p
	}
	p, _ := t.store.GetProject(ctx, t.tenantID, id)
	t.cache[id] = p
	return p
}

// Counter counts calls per project id: a counter, not a cached value.
var calls = map[string]int{}

func Count(tenantID tenant.ID, id string) {
	calls[id]++
}
