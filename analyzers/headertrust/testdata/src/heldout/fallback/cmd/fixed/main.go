package main // want package:`\(\*web.Handlers\).list hands header "X-Tenant-ID" \(read back from the context key TenantIDKey\) \(web.go:60\) to svc.TemplateRepository.ListByTenant param 1 via \(\*svc.TemplateService\).List; \(\*web.Handlers\).list hands query parameter "tenant_id" \(read back from the context key TenantIDKey\) \(web.go:60\) to svc.TemplateRepository.ListByTenant param 1 via \(\*svc.TemplateService\).List`

// The fixed wiring: the repository scopes by the verified tenant, so the handler's claim
// never reaches a query.

import (
	"net/http"

	"heldout/fallback/repo"
	"heldout/fallback/svc"
	"heldout/fallback/web"

	"github.com/jackc/pgx/v5/pgxpool"
)

func serve(pool *pgxpool.Pool) error {
	templates := svc.NewTemplateService(repo.NewScoped(pool))
	mux := http.NewServeMux()
	web.NewHandlers(templates).Routes(mux)
	return http.ListenAndServe(":8080", mux)
}

func main() { _ = serve(nil) }
