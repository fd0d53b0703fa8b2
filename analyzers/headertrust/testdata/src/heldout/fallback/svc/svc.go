// Package svc is the template service; its repository is an interface.
package svc

import "context"

type Template struct{ ID, Name string }

type TemplateRepository interface {
	ListByTenant(ctx context.Context, tenantID string) ([]Template, error)
}

type TemplateService struct{ repo TemplateRepository }

func NewTemplateService(r TemplateRepository) *TemplateService { return &TemplateService{repo: r} }

// List hands the tenant to the repository; no implementation is in view here.
func (s *TemplateService) List(ctx context.Context, tenantID string) ([]Template, error) { // want List:`param 1 reaches svc.TemplateRepository.ListByTenant param 1$`
	return s.repo.ListByTenant(ctx, tenantID)
}
