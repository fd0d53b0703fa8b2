// Package service holds the policy service; its repository is an interface-typed field built
// elsewhere.
package service

import (
	"context"
	"errors"

	"heldout/policies/repo"
)

var ErrNotFound = errors.New("not found")

type Repository interface {
	GetByID(ctx context.Context, id string) (*repo.Policy, error)
	Delete(ctx context.Context, id string) error
	DeleteInTenant(ctx context.Context, tenantID, id string) error
}

type PolicyService struct {
	repo Repository
}

func NewPolicyService(r Repository) *PolicyService { return &PolicyService{repo: r} }

// GetPolicy takes the caller's tenant and drops it.
func (s *PolicyService) GetPolicy(ctx context.Context, tenantID, id string) (*repo.Policy, error) { // want `GetPolicy queries tenant data but never uses its tenant parameter tenantID`
	return s.repo.GetByID(ctx, id)
}

// GetOwned is the fix the service shipped: load, then compare the owner before returning.
func (s *PolicyService) GetOwned(ctx context.Context, tenantID, id string) (*repo.Policy, error) {
	p, err := s.repo.GetByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.TenantID != tenantID {
		return nil, ErrNotFound
	}
	return p, nil
}

// DeletePolicy takes the caller's tenant and deletes by id alone.
func (s *PolicyService) DeletePolicy(ctx context.Context, tenantID, id string) error { // want `DeletePolicy queries tenant data but never uses its tenant parameter tenantID`
	return s.repo.Delete(ctx, id)
}

// DeletePolicyInTenant passes the tenant to the repository.
func (s *PolicyService) DeletePolicyInTenant(ctx context.Context, tenantID, id string) error {
	return s.repo.DeleteInTenant(ctx, tenantID, id)
}
