// Package keys holds the request context's keys, setters and getters; it knows nothing of
// where the values come from.
package keys

import "context"

type ctxKey int

const (
	orgKey ctxKey = iota
	sessionKey
)

type key string

// ProjectKey is read and written by other packages.
var ProjectKey = key("project")

func WithOrg(ctx context.Context, org string) context.Context { // want WithOrg:`param 1 is stored in the request context \(context.WithValue key ctxKey\)`
	return context.WithValue(ctx, orgKey, org)
}

func Org(ctx context.Context) string { // want Org:"returns the context value under const example.com/ctx/keys.orgKey"
	s, _ := ctx.Value(orgKey).(string)
	return s
}

func WithSession(ctx context.Context, tenantID string) context.Context { // want WithSession:`param 1 is stored in the request context`
	return context.WithValue(ctx, sessionKey, tenantID)
}

func Session(ctx context.Context) string { // want Session:"returns the context value under const example.com/ctx/keys.sessionKey"
	s, _ := ctx.Value(sessionKey).(string)
	return s
}
