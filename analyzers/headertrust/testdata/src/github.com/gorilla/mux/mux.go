// Package mux is a stand-in for github.com/gorilla/mux with the signatures tests need.
package mux

import "net/http"

func Vars(r *http.Request) map[string]string { return nil }

type Router struct{}

func NewRouter() *Router { return &Router{} }

type Route struct{}

func (r *Router) HandleFunc(path string, f func(http.ResponseWriter, *http.Request)) *Route {
	return &Route{}
}

func (r *Route) Methods(methods ...string) *Route { return r }
