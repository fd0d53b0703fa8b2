// Package cachekey defines an Analyzer that reports in-memory caches keyed without the tenant.
//
// # Analyzer cachekey
//
// cachekey: report caches of tenant data whose key does not include the tenant
//
// A process-wide cache outlives the request that filled it. When a function that serves one
// tenant stores that tenant's data under a key without the tenant (a constant such as "" or
// "dashboard", or an object id alone), the next request of any other tenant that asks for the
// same key is answered with the first tenant's data, and no database policy is consulted. The
// analyzer recognises these caches:
//
//   - a map held in a struct field or a package variable, filled with m[k] = v or read with m[k];
//   - sync.Map (Load, Store, LoadOrStore, LoadAndDelete, Swap, CompareAndSwap, Delete);
//   - github.com/hashicorp/golang-lru/v2 Cache and TwoQueueCache, and expirable.LRU (Add, Get,
//     Peek, Contains, ContainsOrAdd, PeekOrAdd, Remove);
//   - golang.org/x/sync/singleflight.Group (Do, DoChan, Forget): the shared result of Do is a
//     cache for the duration of the call;
//   - memoizers: a function or method of the program whose parameter becomes the key of one of
//     the caches above (a fact, so a memoizer in another package counts);
//   - a shared sync.Once whose function fills a package variable or a field of a shared struct:
//     a cache with no key at all, which keeps the value of the first tenant to call it.
//
// It reports:
//
//   - TV6001: a cache filled in a function that has a tenant in scope (a parameter of type
//     tenant.ID or named by tenant-param-names, a TenantID-like field, the verified tenant of
//     tenant.FromContext) with a value computed from that tenant, whose key is not computed from
//     the tenant; and a read of such a cache, elsewhere, in a function with a tenant in scope
//     and a key without it. The key may carry the tenant in any form: fmt.Sprintf("%s:%s",
//     tenantID, id), a struct key with a tenant field, a map per tenant (m[tenantID][id]).
//
// Not reported: a map or cache created in the function itself (a per-request cache), a cache
// held by a struct that also holds the tenant (a per-tenant object), a cache whose values do not
// depend on the tenant (global data such as the plan catalogue), and a map from a key to the
// tenant itself (a session table).
package cachekey
