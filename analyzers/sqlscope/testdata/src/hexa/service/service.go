// Package service is the domain of a hexagonal layout: it declares the repositories it needs
// and imports none of their implementations, which are wired in main.
package service

import "context"

type Project struct {
	ID, Name string
}

// Repo is implemented by hexa/postgres, which imports this package for Project.
type Repo interface {
	Get(ctx context.Context, id string) (*Project, error)
	GetForTenant(ctx context.Context, tenantID, id string) (*Project, error)
	Plan(ctx context.Context, id string) (string, error)
}

type Service struct {
	repo Repo
}

func New(repo Repo) *Service { return &Service{repo: repo} }

// GetProject takes the tenant and drops it: the finding is made in hexa/postgres, at the
// implementation that queries projects by id alone.
func (s *Service) GetProject(ctx context.Context, tenantID, id string) (*Project, error) { // want GetProject:"dropsTenant:tenantID calls:Repo.Get"
	return s.repo.Get(ctx, id)
}

// GetProjectSafe passes the tenant on.
func (s *Service) GetProjectSafe(ctx context.Context, tenantID, id string) (*Project, error) {
	return s.repo.GetForTenant(ctx, tenantID, id)
}

// PlanName drops the tenant, but the implementation reads the global plan catalogue only.
func (s *Service) PlanName(ctx context.Context, tenantID, id string) (string, error) { // want PlanName:"dropsTenant:tenantID calls:Repo.Plan"
	return s.repo.Plan(ctx, id)
}

// memRepo is a test double: it runs no query, so it does not settle the calls above.
type memRepo struct{}

func (memRepo) Get(ctx context.Context, id string) (*Project, error) { return nil, nil }
func (memRepo) GetForTenant(ctx context.Context, tenantID, id string) (*Project, error) {
	return nil, nil
}
func (memRepo) Plan(ctx context.Context, id string) (string, error) { return "", nil }

var _ Repo = memRepo{}

// Notes is implemented by sqlc's generated *notesdb.Queries, a package that does not import
// this one: the finding is made where main converts the generated store to Notes.
type Notes interface {
	GetNoteBody(ctx context.Context, id string) (string, error)
	GetTenantNoteBody(ctx context.Context, tenantID, id string) (string, error)
}

type NoteService struct {
	q Notes
}

func NewNotes(q Notes) *NoteService { return &NoteService{q: q} }

func (s *NoteService) Body(ctx context.Context, tenantID, id string) (string, error) { // want Body:"dropsTenant:tenantID calls:Notes.GetNoteBody"
	return s.q.GetNoteBody(ctx, id)
}

func (s *NoteService) BodySafe(ctx context.Context, tenantID, id string) (string, error) {
	return s.q.GetTenantNoteBody(ctx, tenantID, id)
}

// Greeter's only caller below uses the tenant: nothing is pending.
type Greeter interface {
	Greet(ctx context.Context, tenantID string) string
}

func Hello(ctx context.Context, g Greeter, tenantID string) string {
	return g.Greet(ctx, tenantID)
}
