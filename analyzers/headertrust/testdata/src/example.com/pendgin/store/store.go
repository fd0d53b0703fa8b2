// Package store is the PostgreSQL adapter: it imports service and implements its port.
package store

import (
	"context"

	"example.com/pendgin/service"

	"github.com/jackc/pgx/v5/pgxpool"
)

type PG struct{ Pool *pgxpool.Pool }

func (p *PG) ListMembers(ctx context.Context, orgID string) ([]service.Member, error) { // want ListMembers:`param 1 reaches the tenant placeholder \$1 of \(\*pgxpool.Pool\).QueryRow`
	var m service.Member
	err := p.Pool.QueryRow(ctx, "SELECT id, email FROM members WHERE tenant_id = $1", orgID).Scan(&m.ID, &m.Email)
	return []service.Member{m}, err
}

func (p *PG) CountInvites(ctx context.Context, email string) (int, error) {
	var n int
	err := p.Pool.QueryRow(ctx, "SELECT count(*) FROM invites WHERE email = $1", email).Scan(&n)
	return n, err
}

// Verified decorates a store: it checks membership before the query, so the organisation it
// passes on is verified.
type Verified struct{ Next service.MemberStore }

func (v *Verified) ListMembers(ctx context.Context, orgID string) ([]service.Member, error) {
	if err := service.VerifyMember(ctx, orgID); err != nil {
		return nil, err
	}
	return v.Next.ListMembers(ctx, orgID)
}

func (v *Verified) CountInvites(ctx context.Context, email string) (int, error) {
	return v.Next.CountInvites(ctx, email)
}
