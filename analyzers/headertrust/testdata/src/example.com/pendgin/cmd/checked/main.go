package main // want package:`\(\*api.API\).members hands header "X-Org-ID" \(api.go:22\)`

// The checking decorator verifies membership before the store sees the header: silent.

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
	svc := &service.Service{Store: cache.NewChecked(&store.PG{Pool: pool})}
	(&api.API{Svc: svc}).Register(r)
	return r
}

func main() { _ = build(nil) }
