package flags

import (
	"context"
	"net/http"

	"github.com/tenantvet/tenantvet/runtime/tenant"
)

// InScope is a configured scope helper (-scope-helpers=flags.InScope:2:1): the tenant is arg 1.
func InScope(ctx context.Context, id string, fn func(context.Context) error) error { return nil }

// Authorize is a configured verifier returning the verified tenant.
func Authorize(r *http.Request, claim string) (string, error) { return "", nil }

type Job struct {
	Customer string
	TenantID string // want TenantID:`holds header "X-Customer"`
}

func work(context.Context) error { return nil }

func handler(w http.ResponseWriter, r *http.Request) {
	_ = InScope(r.Context(), r.Header.Get("X-Customer"), work)    // want `tenant from header "X-Customer" reaches flags.InScope`
	_ = InScope(r.Context(), r.URL.Query().Get("customer"), work) // want `tenant from query parameter "customer" reaches flags.InScope`
	_ = Job{Customer: r.Header.Get("x-customer")}                 // want `tenant from header "x-customer" reaches the Customer field of flags.Job`
	// X-Tenant-ID is not configured in this test, and TenantID is not the job tenant field.
	_ = InScope(r.Context(), r.Header.Get("X-Tenant-ID"), work)
	_ = Job{TenantID: r.Header.Get("X-Customer")}
	_ = tenant.MustParse(r.Header.Get("X-Tenant-ID"))

	c, err := Authorize(r, r.Header.Get("X-Customer"))
	if err != nil {
		return
	}
	_ = InScope(r.Context(), c, work)
	_ = InScope(r.Context(), r.Header.Get("X-Customer"), work)
}
