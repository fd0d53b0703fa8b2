// Package logkeys declares the context keys a logging package reads its fields from.
//
// Held-out shape (d4l-data4life/go-svc pkg/log and pkg/middlewares/tenant.go): the key lives in
// the logging package, the middleware that fills it in another, the handlers in a third.
package logkeys

type ctxKey string

const (
	TenantIDContextKey ctxKey = "tenant-id"
	UserIDContextKey   ctxKey = "user-id"
)
