// Package tenant is a stand-in for the tenantvet runtime's tenant package.
package tenant

import (
	"context"
	"net/http"
)

type ID struct{ b [16]byte }

func Parse(s string) (ID, error) { return ID{}, nil }
func MustParse(s string) ID      { return ID{} }
func (id ID) String() string     { return "" }
func (id ID) IsZero() bool       { return true }

type Role string

type Context struct {
	TenantID  ID
	UserID    string
	Role      Role
	RequestID string
}

func NewContext(ctx context.Context, c Context) context.Context { return ctx }
func FromContext(ctx context.Context) (c Context, ok bool)      { return Context{}, false }

type Resolver struct{}

func (rv *Resolver) Resolve(r *http.Request) (Context, error)  { return Context{}, nil }
func (rv *Resolver) Middleware(next http.Handler) http.Handler { return next }
