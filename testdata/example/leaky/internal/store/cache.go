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

// Get returns a tenant's note, loading it on a miss. The cache is keyed by the note id alone:
// tenant B asking for an id tenant A read a moment ago is handed A's note from memory, and no
// row level security policy ever sees that read.
func (c *NoteCache) Get(ctx context.Context, tenantID tenant.ID, id string, load func(context.Context, tenant.ID, string) (Note, error)) (Note, error) {
	if v, ok := c.notes.Load(id); ok {
		return v.(Note), nil
	}
	n, err := load(ctx, tenantID, id)
	if err != nil {
		return Note{}, err
	}
	c.notes.Store(id, n)
	return n, nil
}
