package main // want package:`\(\*api.API\).members hands header "X-Org-ID" \(api.go:22\)`

// The cache decorator passes the header on to the store it wraps: reported at the store.

import (
	"example.com/pendgin/api"
	"example.com/pendgin/cache"
	"example.com/pendgin/service"
	"example.com/pendgin/store"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"
)

func build(pool *pgxpool.Pool) *gin.Engine {
	r := gin.New()
	svc := &service.Service{Store: cache.New(&store.PG{Pool: pool})} // want `tenant from header "X-Org-ID", obtained at api.go:22 in \(\*api.API\).members, reaches the tenant placeholder \$1 of \(\*pgxpool.Pool\).QueryRow through \(\*service.Service\).Members -> \(\*service.Service\).list -> service.MemberStore.ListMembers -> \(\*cache.Cache\).ListMembers -> service.MemberStore.ListMembers -> \(\*store.PG\).ListMembers without verification: \*store.PG is converted here to service.MemberStore`
	(&api.API{Svc: svc}).Register(r)
	return r
}

func main() { _ = build(nil) }
