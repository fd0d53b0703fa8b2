// Package fiber is a stand-in for github.com/gofiber/fiber/v2 (v2.52) with the signatures tests
// need: the request context *Ctx, the App and its route groups.
package fiber

import "context"

// Handler is a route handler or middleware.
type Handler = func(*Ctx) error

// Map is a shortcut for map[string]interface{}.
type Map map[string]interface{}

// Ctx is the request context.
type Ctx struct{ locals map[interface{}]interface{} }

func (c *Ctx) UserContext() context.Context                            { return context.Background() }
func (c *Ctx) SetUserContext(ctx context.Context)                      {}
func (c *Ctx) Get(key string, defaultValue ...string) string           { return "" }
func (c *Ctx) GetRespHeader(key string, defaultValue ...string) string { return "" }
func (c *Ctx) GetReqHeaders() map[string][]string                      { return nil }
func (c *Ctx) Set(key, val string)                                     {}
func (c *Ctx) Params(key string, defaultValue ...string) string        { return "" }
func (c *Ctx) ParamsInt(key string, defaultValue ...int) (int, error)  { return 0, nil }
func (c *Ctx) Query(key string, defaultValue ...string) string         { return "" }
func (c *Ctx) FormValue(key string, defaultValue ...string) string     { return "" }
func (c *Ctx) Next() error                                             { return nil }
func (c *Ctx) JSON(data interface{}, ctype ...string) error            { return nil }
func (c *Ctx) SendString(body string) error                            { return nil }
func (c *Ctx) SendStatus(status int) error                             { return nil }
func (c *Ctx) Status(status int) *Ctx                                  { return c }

// Locals stores a value under a key for the request when given one, and returns the value
// stored under the key.
func (c *Ctx) Locals(key interface{}, value ...interface{}) interface{} {
	if len(value) == 0 {
		return c.locals[key]
	}
	c.locals[key] = value[0]
	return value[0]
}

// Router is implemented by App and Group.
type Router interface {
	Use(args ...interface{}) Router
	Get(path string, handlers ...Handler) Router
	Post(path string, handlers ...Handler) Router
	Put(path string, handlers ...Handler) Router
	Delete(path string, handlers ...Handler) Router
	Patch(path string, handlers ...Handler) Router
	Group(prefix string, handlers ...Handler) Router
	Route(prefix string, fn func(router Router), name ...string) Router
}

// Config is the App's configuration.
type Config struct{ AppName string }

// App is the fiber application.
type App struct{ config Config }

func New(config ...Config) *App { return &App{} }

func (app *App) Use(args ...interface{}) Router                 { return app }
func (app *App) Get(path string, handlers ...Handler) Router    { return app }
func (app *App) Post(path string, handlers ...Handler) Router   { return app }
func (app *App) Put(path string, handlers ...Handler) Router    { return app }
func (app *App) Delete(path string, handlers ...Handler) Router { return app }
func (app *App) Patch(path string, handlers ...Handler) Router  { return app }
func (app *App) Group(prefix string, handlers ...Handler) Router {
	return &Group{app: app, Prefix: prefix}
}
func (app *App) Route(prefix string, fn func(router Router), name ...string) Router { return app }
func (app *App) Listen(addr string) error                                           { return nil }

// Group is a route group.
type Group struct {
	app    *App
	Prefix string
}

func (grp *Group) Use(args ...interface{}) Router                 { return grp }
func (grp *Group) Get(path string, handlers ...Handler) Router    { return grp }
func (grp *Group) Post(path string, handlers ...Handler) Router   { return grp }
func (grp *Group) Put(path string, handlers ...Handler) Router    { return grp }
func (grp *Group) Delete(path string, handlers ...Handler) Router { return grp }
func (grp *Group) Patch(path string, handlers ...Handler) Router  { return grp }
func (grp *Group) Group(prefix string, handlers ...Handler) Router {
	return &Group{app: grp.app, Prefix: grp.Prefix + prefix}
}
func (grp *Group) Route(prefix string, fn func(router Router), name ...string) Router { return grp }
