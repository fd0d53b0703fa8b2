package store

import (
	"context"
	"sync"

	"github.com/tenantvet/tenantvet/runtime/tenant"
)

// NoteCache keeps recently read notes in memory for the whole process.
type NoteCache struct {
	notes sync.Map
}

// noteKey is the cache key: the tenant and the note id, so that one tenant's entry can never
// answer another tenant's request.
type noteKey struct {
	tenant tenant.ID
	id     string
}

// Get returns a tenant's note, loading it on a miss.
func (c *NoteCache) Get(ctx context.Context, tenantID tenant.ID, id string, load func(context.Context, tenant.ID, string) (Note, error)) (Note, error) {
	key := noteKey{tenant: tenantID, id: id}
	if v, ok := c.notes.Load(key); ok {
		return v.(Note), nil
	}
	n, err := load(ctx, tenantID, id)
	if err != nil {
		return Note{}, err
	}
	c.notes.Store(key, n)
	return n, nil
}
