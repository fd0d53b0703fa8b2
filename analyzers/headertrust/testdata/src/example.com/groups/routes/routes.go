// Package routes registers handlers on routers its callers give it, under prefixes only the
// callers know.
package routes

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/gorilla/mux"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

type API struct{ pool *pgxpool.Pool }

func noop(pgx.Tx) error { return nil }

// IsMember is configured as a verifier (-verifiers).
func IsMember(ctx context.Context, id string) bool { return false }

// RegisterChi registers the tenant's routes on r: the caller decides the prefix r serves under.
func (a *API) RegisterChi(r chi.Router) { // want RegisterChi:`param 0 routes "/users" to \(\*routes.API\).users reading "id"; param 0 routes "/billing" to \(\*routes.API\).billing reading "id"`
	r.Get("/users", a.users)
	r.Get("/checked", a.checked)
	r.Get("/projects/{id}", a.project)
	r.Route("/billing", func(r chi.Router) {
		r.Get("/", a.billing)
	})
}

// RegisterGin registers on the group it is given.
func RegisterGin(g *gin.RouterGroup, a *API) { // want RegisterGin:`param 0 routes "/members" to \(\*routes.API\).members reading "id"`
	g.GET("/members", a.members)
}

// RegisterIDs registers "/{id}" below r: under "/tenants" the id is the tenant.
func (a *API) RegisterIDs(r chi.Router) { // want RegisterIDs:`param 0 routes "/\{id\}" to \(\*routes.API\).byID reading "id"`
	r.Get("/{id}", a.byID)
}

// Router returns a router for the caller to mount.
func (a *API) Router() http.Handler { // want Router:`result routes "/usage" to \(\*routes.API\).usage reading "id"`
	r := chi.NewRouter()
	r.Get("/usage", a.usage)
	return r
}

// MountOn mounts a router of its own below the router it is given.
func (a *API) MountOn(r chi.Router) { // want MountOn:`param 0 routes "/settings" to \(\*routes.API\).usage reading "id"`
	sub := chi.NewRouter()
	sub.Get("/", a.usage)
	r.Mount("/settings", sub)
}

// RegisterMux registers on the gorilla/mux subrouter it is given.
func (a *API) RegisterMux(r *mux.Router) { // want RegisterMux:`param 0 routes "/users" to \(\*routes.API\).muxUsers reading "id"`
	r.HandleFunc("/users", a.muxUsers)
}

// MountTenant mounts the handler it is given under a tenant route below the router it is given.
func MountTenant(r chi.Router, sub http.Handler) { // want MountTenant:`param 1 mounted at "/tenants/\{id\}" below param 0`
	r.Mount("/tenants/{id}", sub)
}

// MountProject mounts the handler it is given under a project route.
func MountProject(r chi.Router, sub http.Handler) { // want MountProject:`param 1 mounted at "/projects/\{id\}" below param 0`
	r.Mount("/projects/{id}", sub)
}

// register is not callable from another package: no fact.
func (a *API) register(r chi.Router) {
	r.Get("/hidden", a.users)
}

func (a *API) users(w http.ResponseWriter, r *http.Request) { // want users:`path parameter "id" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(r.Context(), a.pool, tenant.MustParse(chi.URLParam(r, "id")), noop)
}

// checked verifies membership first.
func (a *API) checked(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	if !IsMember(r.Context(), id) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	_ = tenantdb.WithTenant(r.Context(), a.pool, tenant.MustParse(id), noop)
}

// project's id is captured by its own route, a project's: no prefix makes it the tenant.
func (a *API) project(w http.ResponseWriter, r *http.Request) { // want project:`path parameter "id" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(r.Context(), a.pool, tenant.MustParse(chi.URLParam(r, "id")), noop)
}

func (a *API) billing(w http.ResponseWriter, r *http.Request) { // want billing:`path parameter "id" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(r.Context(), a.pool, tenant.MustParse(chi.URLParam(r, "id")), noop)
}

func (a *API) members(c *gin.Context) { // want members:`path parameter "id" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(c.Request.Context(), a.pool, tenant.MustParse(c.Param("id")), noop)
}

func (a *API) byID(w http.ResponseWriter, r *http.Request) { // want byID:`path parameter "id" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(r.Context(), a.pool, tenant.MustParse(chi.URLParam(r, "id")), noop)
}

func (a *API) usage(w http.ResponseWriter, r *http.Request) { // want usage:`path parameter "id" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(r.Context(), a.pool, tenant.MustParse(chi.URLParam(r, "id")), noop)
}

func (a *API) muxUsers(w http.ResponseWriter, r *http.Request) { // want muxUsers:`path parameter "id" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(r.Context(), a.pool, tenant.MustParse(mux.Vars(r)["id"]), noop)
}
