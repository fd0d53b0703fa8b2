// Package cache decorates the service's store; it imports service, not store.
package cache

import (
	"context"

	"example.com/pendgin/service"
)

// Cache answers from memory and passes misses on, organisation and all.
type Cache struct {
	next service.MemberStore
	hits map[string][]service.Member
}

func New(next service.MemberStore) service.MemberStore { return &Cache{next: next} } // want New:`builds \*cache.Cache: CountInvites param 1 reaches service.MemberStore.CountInvites param 1; ListMembers param 1 reaches service.MemberStore.ListMembers param 1$`

func (c *Cache) ListMembers(ctx context.Context, orgID string) ([]service.Member, error) { // want ListMembers:`param 1 reaches service.MemberStore.ListMembers param 1$`
	if ms, ok := c.hits[orgID]; ok {
		return ms, nil
	}
	return c.next.ListMembers(ctx, orgID)
}

func (c *Cache) CountInvites(ctx context.Context, email string) (int, error) { // want CountInvites:`param 1 reaches service.MemberStore.CountInvites param 1$`
	return c.next.CountInvites(ctx, email)
}

// checked verifies membership before it passes the organisation on.
type checked struct{ next service.MemberStore }

func NewChecked(next service.MemberStore) service.MemberStore { return &checked{next: next} } // want NewChecked:`builds \*cache.checked: CountInvites param 1 reaches service.MemberStore.CountInvites param 1$`

func (c *checked) ListMembers(ctx context.Context, orgID string) ([]service.Member, error) {
	if err := service.VerifyMember(ctx, orgID); err != nil {
		return nil, err
	}
	return c.next.ListMembers(ctx, orgID)
}

func (c *checked) CountInvites(ctx context.Context, email string) (int, error) { // want CountInvites:`param 1 reaches service.MemberStore.CountInvites param 1$`
	return c.next.CountInvites(ctx, email)
}
