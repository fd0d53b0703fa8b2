// Package chi is a stand-in for github.com/go-chi/chi/v5 with the signatures tests need.
package chi

import (
	"context"
	"net/http"
)

func URLParam(r *http.Request, key string) string            { return "" }
func URLParamFromCtx(ctx context.Context, key string) string { return "" }

type Router interface {
	http.Handler
	Get(pattern string, h http.HandlerFunc)
	HandleFunc(pattern string, h http.HandlerFunc)
	With(middlewares ...func(http.Handler) http.Handler) Router
	Group(fn func(r Router)) Router
	Route(pattern string, fn func(r Router)) Router
	Mount(pattern string, h http.Handler)
}

func NewRouter() *Mux { return &Mux{} }

type Mux struct{}

func (mx *Mux) ServeHTTP(w http.ResponseWriter, r *http.Request)           {}
func (mx *Mux) Get(pattern string, h http.HandlerFunc)                     {}
func (mx *Mux) HandleFunc(pattern string, h http.HandlerFunc)              {}
func (mx *Mux) Route(pattern string, fn func(r Router)) Router             { return mx }
func (mx *Mux) With(middlewares ...func(http.Handler) http.Handler) Router { return mx }
func (mx *Mux) Group(fn func(r Router)) Router                             { return mx }
func (mx *Mux) Mount(pattern string, handler http.Handler)                 {}
