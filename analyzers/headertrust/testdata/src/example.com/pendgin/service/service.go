// Package service is the application layer: it declares the store it needs as an interface
// (a port) and imports no adapter.
package service

import "context"

type Member struct{ ID, Email string }

// MemberStore is the port; package store implements it.
type MemberStore interface {
	ListMembers(ctx context.Context, orgID string) ([]Member, error)
	CountInvites(ctx context.Context, email string) (int, error)
}

type Service struct {
	Store MemberStore
}

// VerifyMember checks that the signed-in user belongs to the organisation (configured with
// -verifiers).
func VerifyMember(ctx context.Context, orgID string) error { return nil }

func (s *Service) Members(ctx context.Context, orgID string) ([]Member, error) { // want Members:`param 1 reaches service.MemberStore.ListMembers param 1 via \(\*service.Service\).list$`
	return s.list(ctx, orgID)
}

func (s *Service) list(ctx context.Context, orgID string) ([]Member, error) { // want list:`param 1 reaches service.MemberStore.ListMembers param 1$`
	return s.Store.ListMembers(ctx, orgID)
}

// Invites hands the store a value no implementation uses as a tenant.
func (s *Service) Invites(ctx context.Context, email string) (int, error) { // want Invites:`param 1 reaches service.MemberStore.CountInvites param 1$`
	return s.Store.CountInvites(ctx, email)
}
