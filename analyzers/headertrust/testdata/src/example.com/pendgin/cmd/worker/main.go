package main // want package:`\(\*api.API\).members hands header "X-Org-ID" \(api.go:22\)`

// The same wiring by an assignment to a variable of the interface type.

import (
	"example.com/pendgin/api"
	"example.com/pendgin/service"
	"example.com/pendgin/store"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"
)

func build(pool *pgxpool.Pool) *gin.Engine {
	var st service.MemberStore
	st = &store.PG{Pool: pool} // want `tenant from header "X-Org-ID", obtained at api.go:22 .* -> \(\*store.PG\).ListMembers without verification: \*store.PG is converted here`
	r := gin.New()
	(&api.API{Svc: &service.Service{Store: st}}).Register(r)
	return r
}

func main() { _ = build(nil) }
