package main // want package:`\(\*api.API\).members hands header "X-Org-ID" \(api.go:22\)`

// The fixed wiring: the store is wrapped in the decorator that verifies membership, so the
// header the handler passes is checked before any query.

import (
	"example.com/pendgin/api"
	"example.com/pendgin/service"
	"example.com/pendgin/store"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"
)

func build(pool *pgxpool.Pool) *gin.Engine {
	r := gin.New()
	svc := &service.Service{Store: &store.Verified{Next: &store.PG{Pool: pool}}}
	(&api.API{Svc: svc}).Register(r)
	return r
}

func main() { _ = build(nil) }
