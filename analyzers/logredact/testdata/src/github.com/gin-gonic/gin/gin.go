// Package gin is a stand-in for github.com/gin-gonic/gin (v1.10.0 signatures) with what the
// tests need.
package gin

import "net/http"

type Context struct {
	Request *http.Request
}

func (c *Context) GetRawData() ([]byte, error)  { return nil, nil }
func (c *Context) ShouldBind(obj any) error     { return nil }
func (c *Context) ShouldBindJSON(obj any) error { return nil }
func (c *Context) Bind(obj any) error           { return nil }
func (c *Context) BindJSON(obj any) error       { return nil }
func (c *Context) Param(key string) string      { return "" }
