package tenant_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/tenantvet/tenantvet/runtime/tenant"
)

var (
	acmeID   = tenant.MustParse("11111111-1111-4111-8111-111111111111")
	globexID = tenant.MustParse("22222222-2222-4222-8222-222222222222")
)

type directory struct{}

func (directory) TenantBySlug(_ context.Context, slug string) (tenant.ID, error) {
	switch slug {
	case "acme":
		return acmeID, nil
	case "globex":
		return globexID, nil
	case "broken":
		return tenant.ID{}, errors.New("database down")
	}
	return tenant.ID{}, tenant.ErrUnknownTenant
}

func (directory) TenantByDomain(_ context.Context, host string) (tenant.ID, error) {
	if host == "portal.acme-corp.com" {
		return acmeID, nil
	}
	return tenant.ID{}, nil
}

// alice is a member of acme only; the session is the "session" cookie.
func newResolver() *tenant.Resolver {
	return &tenant.Resolver{
		BaseDomain:    "example.com",
		CustomDomains: true,
		PathPrefix:    "/t/",
		Sessions: tenant.SessionsFunc(func(r *http.Request) (string, error) {
			c, err := r.Cookie("session")
			if err != nil {
				return "", tenant.ErrNoSession
			}
			return c.Value, nil
		}),
		Tenants: directory{},
		Members: tenant.MembersFunc(func(_ context.Context, id tenant.ID, user string) (tenant.Role, error) {
			if id == acmeID && user == "alice" {
				return tenant.RoleAdmin, nil
			}
			if id == acmeID && user == "bob" {
				return "root", nil // a buggy lookup
			}
			return "", tenant.ErrNotMember
		}),
		NewRequestID: func() string { return "req-1" },
	}
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name    string
		url     string
		user    string
		headers map[string]string
		want    tenant.ID
		status  int
	}{
		{"subdomain", "http://acme.example.com/projects", "alice", nil, acmeID, 200},
		{"subdomain with port and case", "http://ACME.Example.com:8443/", "alice", nil, acmeID, 200},
		{"custom domain", "http://portal.acme-corp.com/", "alice", nil, acmeID, 200},
		{"path", "http://example.com/t/acme/projects", "alice", nil, acmeID, 200},
		{"no session", "http://acme.example.com/", "", nil, tenant.ID{}, 401},
		{"unknown subdomain", "http://nope.example.com/", "alice", nil, tenant.ID{}, 404},
		{"nested subdomain", "http://a.acme.example.com/", "alice", nil, tenant.ID{}, 404},
		{"unknown custom domain", "http://evil.test/", "alice", nil, tenant.ID{}, 404},
		{"base domain without tenant", "http://example.com/projects", "alice", nil, tenant.ID{}, 404},
		{"app subdomain with path", "http://app.example.com/t/acme/", "alice", nil, acmeID, 200},
		{"unknown path slug", "http://example.com/t/nope/", "alice", nil, tenant.ID{}, 404},
		{"invalid path slug", "http://example.com/t/AC%20ME/", "alice", nil, tenant.ID{}, 404},
		{"host and path disagree", "http://acme.example.com/t/globex/", "alice", nil, tenant.ID{}, 404},
		{"not a member", "http://globex.example.com/", "alice", nil, tenant.ID{}, 403},
		{"other user", "http://acme.example.com/", "mallory", nil, tenant.ID{}, 403},
		{"lookup failure", "http://broken.example.com/", "alice", nil, tenant.ID{}, 500},
		{"unknown role fails closed", "http://acme.example.com/", "bob", nil, tenant.ID{}, 500},
		{"x-tenant-id header ignored", "http://globex.example.com/", "alice",
			map[string]string{"X-Tenant-ID": acmeID.String()}, tenant.ID{}, 403},
		{"x-tenant-id header without tenant in host", "http://example.com/", "alice",
			map[string]string{"X-Tenant-ID": acmeID.String()}, tenant.ID{}, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", tt.url, nil)
			if tt.user != "" {
				r.AddCookie(&http.Cookie{Name: "session", Value: tt.user})
			}
			for k, v := range tt.headers {
				r.Header.Set(k, v)
			}
			c, err := newResolver().Resolve(r)
			if got := tenant.StatusCode(err); got != tt.status {
				t.Fatalf("status = %d (%v), want %d", got, err, tt.status)
			}
			if c.TenantID != tt.want {
				t.Errorf("tenant = %v, want %v", c.TenantID, tt.want)
			}
		})
	}
}

func TestResolvePathValue(t *testing.T) {
	rv := newResolver()
	rv.PathPrefix = ""
	rv.PathValue = "tenant"
	mux := http.NewServeMux()
	var got tenant.Context
	mux.HandleFunc("/orgs/{tenant}/projects", func(w http.ResponseWriter, r *http.Request) {
		c, err := rv.Resolve(r)
		if err != nil {
			http.Error(w, err.Error(), tenant.StatusCode(err))
			return
		}
		got = c
	})
	r := httptest.NewRequest("GET", "http://example.com/orgs/acme/projects", nil)
	r.AddCookie(&http.Cookie{Name: "session", Value: "alice"})
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	if w.Code != 200 || got.TenantID != acmeID || got.Role != tenant.RoleAdmin || got.UserID != "alice" {
		t.Fatalf("code %d, context %+v", w.Code, got)
	}
}

func TestMiddleware(t *testing.T) {
	tests := []struct {
		name   string
		url    string
		user   string
		status int
	}{
		{"ok", "http://acme.example.com/", "alice", 200},
		{"401", "http://acme.example.com/", "", 401},
		{"404", "http://nope.example.com/", "alice", 404},
		{"403", "http://globex.example.com/", "alice", 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got tenant.Context
			var called bool
			h := newResolver().Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				called = true
				got, _ = tenant.FromContext(r.Context())
			}))
			r := httptest.NewRequest("GET", tt.url, nil)
			r.Header.Set("X-Request-ID", "client-chosen")
			if tt.user != "" {
				r.AddCookie(&http.Cookie{Name: "session", Value: tt.user})
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tt.status {
				t.Fatalf("status = %d, want %d", w.Code, tt.status)
			}
			if called != (tt.status == 200) {
				t.Fatalf("next called = %v", called)
			}
			if tt.status == 200 {
				if got.TenantID != acmeID || got.RequestID != "req-1" {
					t.Errorf("context = %+v, want acme with generated request id", got)
				}
				if w.Header().Get("X-Request-ID") != "req-1" {
					t.Errorf("response request id = %q", w.Header().Get("X-Request-ID"))
				}
			}
		})
	}
}

func TestTrustedRequestIDHeader(t *testing.T) {
	rv := newResolver()
	rv.TrustedRequestIDHeader = "X-Request-ID"
	for in, want := range map[string]string{"abc-123": "abc-123", "bad value\n": "req-1", "": "req-1"} {
		r := httptest.NewRequest("GET", "http://acme.example.com/", nil)
		r.AddCookie(&http.Cookie{Name: "session", Value: "alice"})
		r.Header.Set("X-Request-ID", in)
		c, err := rv.Resolve(r)
		if err != nil || c.RequestID != want {
			t.Errorf("header %q: request id %q, %v; want %q", in, c.RequestID, err, want)
		}
	}
}

func TestDefaultRequestID(t *testing.T) {
	a, b := tenant.NewRequestID(), tenant.NewRequestID()
	if len(a) != 32 || a == b {
		t.Fatalf("NewRequestID = %q, %q", a, b)
	}
}

func TestFromContext(t *testing.T) {
	if _, ok := tenant.FromContext(context.Background()); ok {
		t.Fatal("empty context has a tenant")
	}
	if _, ok := tenant.FromContext(tenant.NewContext(context.Background(), tenant.Context{UserID: "u"})); ok {
		t.Fatal("context with zero tenant reported ok")
	}
	ctx := tenant.NewContext(context.Background(), tenant.Context{TenantID: acmeID, Role: tenant.RoleViewer})
	c, ok := tenant.FromContext(ctx)
	if !ok || c.TenantID != acmeID || !c.Role.Valid() || tenant.Role("root").Valid() {
		t.Fatalf("FromContext = %+v, %v", c, ok)
	}
}
