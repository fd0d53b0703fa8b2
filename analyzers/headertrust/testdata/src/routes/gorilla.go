package routes

import (
	"net/http"

	"github.com/gorilla/mux"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

// Gorilla registers handlers on gorilla/mux subrouters: the tenant parameter is in the prefix
// of the route the subrouter was made from.
func (s *Server) Gorilla(r *mux.Router) {
	t := r.PathPrefix("/tenants/{id}").Subrouter()
	t.HandleFunc("/users", s.muxTenantUsers).Methods("GET")
	t.Handle("/usage", http.HandlerFunc(s.muxTenantUsage))
	t.Path("/plan").Methods("GET").HandlerFunc(s.muxTenantPlan)
	t.Methods("POST").Path("/plan").Handler(http.HandlerFunc(s.muxTenantChecked))
	t.PathPrefix("/billing").Subrouter().HandleFunc("/invoices", s.muxNestedTenant)
	api := r.Host("api.example.com").Subrouter()
	api.PathPrefix("/orgs/{ref}").Subrouter().HandleFunc("/", s.muxHostOrg)
	r.Path("/accounts/{acct}").HandlerFunc(s.muxAccountPath)

	p := r.PathPrefix("/projects/{id}").Subrouter()
	p.HandleFunc("/users", s.muxProjectUsers)
	p.Path("/settings").HandlerFunc(s.muxProjectSettings)
}

func (s *Server) muxTenantUsers(w http.ResponseWriter, r *http.Request) {
	_, _ = s.GetTenant(r.Context(), mux.Vars(r)["id"]) // want `tenant from path parameter "id" of route "/tenants/\{id\}/users" reaches`
}

func (s *Server) muxTenantUsage(w http.ResponseWriter, r *http.Request) {
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(mux.Vars(r)["id"]), noop) // want `tenant from path parameter "id" of route "/tenants/\{id\}/usage" reaches tenantdb.WithTenant`
}

func (s *Server) muxTenantPlan(w http.ResponseWriter, r *http.Request) {
	vars := mux.Vars(r)
	_, _ = s.GetTenant(r.Context(), vars["id"]) // want `tenant from path parameter "id" of route "/tenants/\{id\}/plan" reaches`
}

// muxTenantChecked checks membership of the tenant in the subrouter's prefix first.
func (s *Server) muxTenantChecked(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	if !IsMember(r.Context(), id) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	_, _ = s.GetTenant(r.Context(), id)
}

func (s *Server) muxNestedTenant(w http.ResponseWriter, r *http.Request) {
	_, _ = s.GetTenant(r.Context(), mux.Vars(r)["id"]) // want `tenant from path parameter "id" of route "/tenants/\{id\}/billing/invoices" reaches`
}

func (s *Server) muxHostOrg(w http.ResponseWriter, r *http.Request) {
	_, _ = s.GetTenant(r.Context(), mux.Vars(r)["ref"]) // want `tenant from path parameter "ref" of route "/orgs/\{ref\}" reaches`
}

func (s *Server) muxAccountPath(w http.ResponseWriter, r *http.Request) {
	_, _ = s.GetTenant(r.Context(), mux.Vars(r)["acct"]) // want `tenant from path parameter "acct" of route "/accounts/\{acct\}" reaches`
}

// muxProjectUsers' id is a project's: "/projects/{id}" is no tenant route.
func (s *Server) muxProjectUsers(w http.ResponseWriter, r *http.Request) { // want muxProjectUsers:`path parameter "id" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(mux.Vars(r)["id"]), noop)
}

func (s *Server) muxProjectSettings(w http.ResponseWriter, r *http.Request) { // want muxProjectSettings:`path parameter "id" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(mux.Vars(r)["id"]), noop)
}
