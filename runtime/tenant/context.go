package tenant

import "context"

// Role is a member's role within a tenant.
type Role string

// The built-in roles, from most to least privileged.
const (
	RoleOwner  Role = "owner"
	RoleAdmin  Role = "admin"
	RoleMember Role = "member"
	RoleViewer Role = "viewer"
)

// Valid reports whether r is one of the built-in roles.
func (r Role) Valid() bool {
	switch r {
	case RoleOwner, RoleAdmin, RoleMember, RoleViewer:
		return true
	}
	return false
}

// Context is the verified tenant context of a request or job. Only a Resolver, a verified job
// payload or other server-side proof should produce one.
type Context struct {
	TenantID  ID
	UserID    string
	Role      Role
	RequestID string
}

type contextKey struct{}

// NewContext returns a copy of ctx carrying c.
func NewContext(ctx context.Context, c Context) context.Context {
	return context.WithValue(ctx, contextKey{}, c)
}

// FromContext returns the Context stored by NewContext. ok is false when there is none or when
// its TenantID is the zero ID.
func FromContext(ctx context.Context) (c Context, ok bool) {
	c, ok = ctx.Value(contextKey{}).(Context)
	if !ok || c.TenantID.IsZero() {
		return Context{}, false
	}
	return c, true
}
