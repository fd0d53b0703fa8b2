// Package gin is a stand-in for github.com/gin-gonic/gin with the signatures tests need.
package gin

import "net/http"

type Context struct {
	Request *http.Request
}

func (c *Context) GetHeader(key string) string                   { return "" }
func (c *Context) Param(key string) string                       { return "" }
func (c *Context) Query(key string) string                       { return "" }
func (c *Context) DefaultQuery(key, def string) string           { return "" }
func (c *Context) GetQuery(key string) (string, bool)            { return "", false }
func (c *Context) PostForm(key string) string                    { return "" }
func (c *Context) JSON(code int, obj any)                        {}
func (c *Context) AbortWithStatus(code int)                      {}
func (c *Context) Header(key, value string)                      {}
func (c *Context) Set(key any, value any)                        {}
func (c *Context) Get(key any) (value any, exists bool)          { return nil, false }
func (c *Context) MustGet(key any) any                           { return nil }
func (c *Context) GetString(key any) string                      { return "" }
func (c *Context) GetInt64(key any) int64                        { return 0 }
func (c *Context) Next()                                         {}
func (c *Context) String(code int, format string, values ...any) {}
func (c *Context) Value(key any) any                             { return nil }

type HandlerFunc func(*Context)

type IRoutes interface {
	GET(relativePath string, handlers ...HandlerFunc) IRoutes
	DELETE(string, ...HandlerFunc) IRoutes
}

type IRouter interface {
	IRoutes
	Group(string, ...HandlerFunc) *RouterGroup
}

type RouterGroup struct{}

func (group *RouterGroup) GET(relativePath string, handlers ...HandlerFunc) IRoutes { return nil }
func (group *RouterGroup) DELETE(relativePath string, handlers ...HandlerFunc) IRoutes {
	return nil
}
func (group *RouterGroup) Group(relativePath string, handlers ...HandlerFunc) *RouterGroup {
	return nil
}

type Engine struct {
	RouterGroup
}

func New() *Engine { return &Engine{} }
