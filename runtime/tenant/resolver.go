package tenant

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
)

// Errors returned by Resolver.Resolve. StatusCode maps them to HTTP status codes.
var (
	// ErrNoSession means the request has no signed-in user (401).
	ErrNoSession = errors.New("no session")
	// ErrUnknownTenant means no tenant matches the host or path, or they disagree (404).
	ErrUnknownTenant = errors.New("unknown tenant")
	// ErrNotMember means the user is not a member of the tenant (403).
	ErrNotMember = errors.New("not a member of the tenant")
)

// StatusCode returns the HTTP status code for an error returned by Resolve: 401, 404 or 403 for
// the sentinel errors, 200 for nil and 500 for anything else.
func StatusCode(err error) int {
	switch {
	case err == nil:
		return http.StatusOK
	case errors.Is(err, ErrNoSession):
		return http.StatusUnauthorized
	case errors.Is(err, ErrUnknownTenant):
		return http.StatusNotFound
	case errors.Is(err, ErrNotMember):
		return http.StatusForbidden
	}
	return http.StatusInternalServerError
}

// Sessions finds the signed-in user of a request, typically from a session cookie or a bearer
// token. It returns "" or an error wrapping ErrNoSession when there is none.
type Sessions interface {
	UserID(r *http.Request) (string, error)
}

// SessionsFunc adapts a function to Sessions.
type SessionsFunc func(r *http.Request) (string, error)

// UserID calls f(r).
func (f SessionsFunc) UserID(r *http.Request) (string, error) { return f(r) }

// Directory maps a tenant slug or a custom domain to a tenant ID. It returns the zero ID or an
// error wrapping ErrUnknownTenant when there is no such tenant.
type Directory interface {
	TenantBySlug(ctx context.Context, slug string) (ID, error)
	TenantByDomain(ctx context.Context, host string) (ID, error)
}

// Members looks up the role of a user in a tenant. It returns "" or an error wrapping
// ErrNotMember when the user is not a member. Any role other than the four built-in ones fails
// the request (500).
type Members interface {
	Role(ctx context.Context, tenantID ID, userID string) (Role, error)
}

// MembersFunc adapts a function to Members.
type MembersFunc func(ctx context.Context, tenantID ID, userID string) (Role, error)

// Role calls f(ctx, tenantID, userID).
func (f MembersFunc) Role(ctx context.Context, tenantID ID, userID string) (Role, error) {
	return f(ctx, tenantID, userID)
}

// Resolver resolves and verifies the tenant of an HTTP request.
//
// The candidate tenant comes from the host or the path, never from a header such as
// X-Tenant-ID: a subdomain of BaseDomain ("acme.example.com" is slug "acme"), any other host as
// a custom domain (when CustomDomains is set), the route wildcard named PathValue
// (r.PathValue) or the segment after PathPrefix ("/t/acme/..."). When both the host and the path
// name a tenant they must name the same one. The candidate is only a claim: Resolve then checks
// the session and the membership on the server.
//
// The Host header is used as received; do not rewrite it from X-Forwarded-Host unless a proxy
// you control sets it.
type Resolver struct {
	// BaseDomain is the domain whose single-label subdomains are tenant slugs, e.g.
	// "example.com". Empty disables subdomain resolution.
	BaseDomain string
	// CustomDomains enables Directory.TenantByDomain for hosts outside BaseDomain.
	CustomDomains bool
	// PathValue names a route wildcard (as in "/t/{tenant}/") holding the slug.
	PathValue string
	// PathPrefix is a path prefix followed by the slug, e.g. "/t/".
	PathPrefix string

	// Sessions, Tenants and Members are required.
	Sessions Sessions
	Tenants  Directory
	Members  Members

	// NewRequestID generates request ids. The default returns 16 random bytes in hex.
	NewRequestID func() string
	// TrustedRequestIDHeader names a header whose value is used as the request id, for use
	// behind a proxy you control that sets it. Empty (the default) never trusts the client.
	// Values that are not 1 to 64 characters of [A-Za-z0-9._-] are ignored.
	TrustedRequestIDHeader string
	// OnError writes the response when Resolve fails. The default writes the status code from
	// StatusCode and its status text, without details.
	OnError func(w http.ResponseWriter, r *http.Request, err error)
}

// Resolve returns the verified Context of r. It fails with an error wrapping ErrNoSession,
// ErrUnknownTenant or ErrNotMember, or with a lookup error (500).
func (rv *Resolver) Resolve(r *http.Request) (Context, error) {
	if rv.Sessions == nil || rv.Tenants == nil || rv.Members == nil {
		return Context{}, errors.New("resolve tenant: resolver needs Sessions, Tenants and Members")
	}
	ctx := r.Context()
	userID, err := rv.Sessions.UserID(r)
	if err != nil {
		return Context{}, fmt.Errorf("resolve session: %w", err)
	}
	if userID == "" {
		return Context{}, fmt.Errorf("resolve session: %w", ErrNoSession)
	}
	id, err := rv.candidate(ctx, r)
	if err != nil {
		return Context{}, err
	}
	role, err := rv.Members.Role(ctx, id, userID)
	if err != nil {
		return Context{}, fmt.Errorf("check membership of tenant %s: %w", id, err)
	}
	if role == "" {
		return Context{}, fmt.Errorf("check membership of tenant %s: %w", id, ErrNotMember)
	}
	if !role.Valid() {
		// A lookup that invents roles is a bug; fail closed (500) rather than guess a privilege.
		return Context{}, fmt.Errorf("check membership of tenant %s: unknown role %q", id, truncate(string(role)))
	}
	return Context{TenantID: id, UserID: userID, Role: role, RequestID: rv.requestID(r)}, nil
}

// candidate resolves the tenant named by the host and the path. A host that names no tenant
// (say app.example.com serving /t/{slug}/ paths) does not fail the request when the path names
// one; a host and a path naming two different tenants do.
func (rv *Resolver) candidate(ctx context.Context, r *http.Request) (ID, error) {
	fromHost, hostErr := rv.hostTenant(ctx, r)
	if hostErr != nil && !errors.Is(hostErr, ErrUnknownTenant) {
		return ID{}, hostErr
	}
	var fromPath ID
	if slug, ok := rv.pathSlug(r); ok {
		if !validSlug(slug) {
			return ID{}, fmt.Errorf("resolve path slug %q: %w", truncate(slug), ErrUnknownTenant)
		}
		id, err := rv.lookup(rv.Tenants.TenantBySlug(ctx, slug))
		if err != nil {
			return ID{}, fmt.Errorf("resolve path slug %q: %w", slug, err)
		}
		fromPath = id
	}
	switch {
	case !fromHost.IsZero() && !fromPath.IsZero() && fromHost != fromPath:
		return ID{}, fmt.Errorf("resolve tenant: host and path name different tenants: %w", ErrUnknownTenant)
	case !fromPath.IsZero():
		return fromPath, nil
	case !fromHost.IsZero():
		return fromHost, nil
	case hostErr != nil:
		return ID{}, hostErr
	}
	return ID{}, fmt.Errorf("resolve tenant: no tenant in host or path: %w", ErrUnknownTenant)
}

// hostTenant resolves the tenant named by the Host header, if any.
func (rv *Resolver) hostTenant(ctx context.Context, r *http.Request) (ID, error) {
	host := hostOnly(r.Host)
	base := strings.ToLower(strings.TrimSuffix(rv.BaseDomain, "."))
	switch {
	case base != "" && strings.HasSuffix(host, "."+base):
		slug := strings.TrimSuffix(host, "."+base)
		if !validSlug(slug) {
			return ID{}, fmt.Errorf("resolve host %q: %w", truncate(host), ErrUnknownTenant)
		}
		id, err := rv.lookup(rv.Tenants.TenantBySlug(ctx, slug))
		if err != nil {
			return ID{}, fmt.Errorf("resolve subdomain %q: %w", slug, err)
		}
		return id, nil
	case host != "" && host != base && rv.CustomDomains:
		id, err := rv.lookup(rv.Tenants.TenantByDomain(ctx, host))
		if err != nil {
			return ID{}, fmt.Errorf("resolve domain %q: %w", truncate(host), err)
		}
		return id, nil
	}
	return ID{}, nil
}

func (rv *Resolver) lookup(id ID, err error) (ID, error) {
	if err != nil {
		return ID{}, err
	}
	if id.IsZero() {
		return ID{}, ErrUnknownTenant
	}
	return id, nil
}

func (rv *Resolver) pathSlug(r *http.Request) (string, bool) {
	if rv.PathValue != "" {
		if v := r.PathValue(rv.PathValue); v != "" {
			return v, true
		}
	}
	if rv.PathPrefix != "" && r.URL != nil && strings.HasPrefix(r.URL.Path, rv.PathPrefix) {
		rest := strings.TrimPrefix(r.URL.Path, rv.PathPrefix)
		slug, _, _ := strings.Cut(rest, "/")
		return slug, true
	}
	return "", false
}

func hostOnly(hostport string) string {
	h := hostport
	if host, _, err := net.SplitHostPort(hostport); err == nil {
		h = host
	}
	return strings.TrimSuffix(strings.ToLower(h), ".")
}

// validSlug accepts a single DNS label: 1 to 63 of [a-z0-9-], not starting or ending with '-'.
func validSlug(s string) bool {
	if len(s) == 0 || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func (rv *Resolver) requestID(r *http.Request) string {
	if rv.TrustedRequestIDHeader != "" {
		if v := r.Header.Get(rv.TrustedRequestIDHeader); validRequestID(v) {
			return v
		}
	}
	if rv.NewRequestID != nil {
		return rv.NewRequestID()
	}
	return NewRequestID()
}

func validRequestID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// NewRequestID returns a random request id: 16 bytes from crypto/rand in hex.
func NewRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b[:])
}

// Middleware resolves the tenant of every request, stores the verified Context with NewContext
// and calls next. On failure it calls OnError (by default writing 401, 404, 403 or 500) and
// does not call next. The request id is also sent in the X-Request-ID response header.
func (rv *Resolver) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := rv.Resolve(r)
		if err != nil {
			if rv.OnError != nil {
				rv.OnError(w, r, err)
				return
			}
			code := StatusCode(err)
			http.Error(w, http.StatusText(code), code)
			return
		}
		w.Header().Set("X-Request-ID", c.RequestID)
		next.ServeHTTP(w, r.WithContext(NewContext(r.Context(), c)))
	})
}
