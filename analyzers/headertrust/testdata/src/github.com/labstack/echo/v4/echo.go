// Package echo is a stand-in for github.com/labstack/echo/v4 with the signatures tests need.
package echo

import "net/http"

type Context interface {
	Request() *http.Request
	Param(name string) string
	QueryParam(name string) string
	FormValue(name string) string
	JSON(code int, i any) error
	Get(key string) any
	Set(key string, val any)
}

type HandlerFunc func(c Context) error

type MiddlewareFunc func(next HandlerFunc) HandlerFunc

type Route struct{ Path string }

type Echo struct{}

func New() (e *Echo) { return &Echo{} }

func (e *Echo) GET(path string, h HandlerFunc, m ...MiddlewareFunc) *Route { return nil }

func (e *Echo) Group(prefix string, m ...MiddlewareFunc) (g *Group) { return &Group{} }

type Group struct{}

func (g *Group) GET(path string, h HandlerFunc, m ...MiddlewareFunc) *Route    { return nil }
func (g *Group) Group(prefix string, middleware ...MiddlewareFunc) (sg *Group) { return g }
