// Package svc is the template service; its repository is an interface.
package svc

import "context"

type Template struct{ ID, Name string }

type TemplateRepository interface {
	ListByTenant(ctx context.Context, tenantID string) ([]Template, error)
}

type TemplateService struct{ repo TemplateRepository }

func NewTemplateService(r TemplateRepository) *TemplateService { return &TemplateService{repo: r} }

func (s *TemplateService) List(ctx context.Context, tenantID string) ([]Template, error) {
	return s.repo.ListByTenant(ctx, tenantID)
}
