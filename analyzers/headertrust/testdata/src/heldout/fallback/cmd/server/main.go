package main // want package:`\(\*web.Handlers\).list hands header "X-Tenant-ID" \(read back from the context key TenantIDKey\) \(web.go:60\) to svc.TemplateRepository.ListByTenant param 1 via \(\*svc.TemplateService\).List; \(\*web.Handlers\).list hands query parameter "tenant_id" \(read back from the context key TenantIDKey\) \(web.go:60\) to svc.TemplateRepository.ListByTenant param 1 via \(\*svc.TemplateService\).List`

// The wiring, as noti's cmd does: the only package importing web, svc and repo.

import (
	"net/http"

	"heldout/fallback/repo"
	"heldout/fallback/svc"
	"heldout/fallback/web"

	"github.com/jackc/pgx/v5/pgxpool"
)

func serve(pool *pgxpool.Pool) error {
	templates := svc.NewTemplateService(repo.NewPG(pool)) // want `tenant from header "X-Tenant-ID" \(read back from the context key TenantIDKey\), obtained at web.go:60 in \(\*web.Handlers\).list, reaches the tenant placeholder \$1 of \(\*pgxpool.Pool\).QueryRow through \(\*svc.TemplateService\).List -> svc.TemplateRepository.ListByTenant -> \(\*repo.PG\).ListByTenant without verification: \*repo.PG is converted here to svc.TemplateRepository; verify membership in \(\*web.Handlers\).list before it calls \(\*svc.TemplateService\).List` `tenant from query parameter "tenant_id" .*, obtained at web.go:60 in \(\*web.Handlers\).list, reaches the tenant placeholder \$1 of \(\*pgxpool.Pool\).QueryRow through .* -> \(\*repo.PG\).ListByTenant without verification`
	mux := http.NewServeMux()
	web.NewHandlers(templates).Routes(mux)
	return http.ListenAndServe(":8080", mux)
}

func main() { _ = serve(nil) }
