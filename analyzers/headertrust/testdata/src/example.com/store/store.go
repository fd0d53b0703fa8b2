package store

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/jobs"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

type Store struct {
	pool   *pgxpool.Pool
	signer *jobs.Signer
}

func noop(pgx.Tx) error { return nil }

// Verify checks membership (configured with -verifiers).
func Verify(ctx context.Context, user string, id tenant.ID) error { return nil }

func (s *Store) ListNotes(ctx context.Context, tenantID string) error { // want ListNotes:"param 1 reaches tenantdb.WithTenantReadOnly"
	id, err := tenant.Parse(tenantID)
	if err != nil {
		return err
	}
	return tenantdb.WithTenantReadOnly(ctx, s.pool, id, noop)
}

// Load goes through ListNotes: the fact is transitive.
func (s *Store) Load(ctx context.Context, user, tenantID string) error { // want Load:"param 2 reaches tenantdb.WithTenantReadOnly"
	return s.ListNotes(ctx, tenantID)
}

func Enqueue(signer *jobs.Signer, id tenant.ID) error { // want Enqueue:"param 1 reaches \\(\\*jobs.Signer\\).Sign"
	_, err := sign(signer, id)
	return err
}

func sign(signer *jobs.Signer, id tenant.ID) (jobs.Payload, error) { // want sign:"param 1 reaches \\(\\*jobs.Signer\\).Sign"
	return signer.Sign("export", id, nil)
}

func Export(root, tenantID string) error { // want Export:"param 1 reaches filepath.Join"
	_, err := os.Create(filepath.Join(root, tenantID, "export.csv"))
	return err
}

// Checked verifies membership before scoping: no fact.
func (s *Store) Checked(ctx context.Context, user string, tenantID string) error {
	id, err := tenant.Parse(tenantID)
	if err != nil {
		return err
	}
	if err := Verify(ctx, user, id); err != nil {
		return err
	}
	return tenantdb.WithTenant(ctx, s.pool, id, noop)
}

// Trusted takes an already verified tenant.Context: its TenantID is not a parameter's claim.
func (s *Store) Trusted(ctx context.Context) error {
	tc, _ := tenant.FromContext(ctx)
	return tenantdb.WithTenant(ctx, s.pool, tc.TenantID, noop)
}

// TenantFromHeader returns the raw claim: callers receive an unverified tenant.
func TenantFromHeader(r *http.Request) string { // want TenantFromHeader:`returns header "X-Tenant-ID"`
	return strings.TrimSpace(r.Header.Get("X-Tenant-ID"))
}

// Normalize passes its argument through.
func Normalize(s string) string { // want Normalize:"returns param 0"
	return strings.ToLower(strings.TrimSpace(s))
}

// VerifiedTenant verifies the claim before returning it: no fact.
func VerifiedTenant(r *http.Request) (tenant.ID, error) {
	id, err := tenant.Parse(r.Header.Get("X-Tenant-ID"))
	if err != nil {
		return tenant.ID{}, err
	}
	if err := Verify(r.Context(), "u", id); err != nil {
		return tenant.ID{}, err
	}
	return id, nil
}

// Header reads the header its caller names: callers naming a tenant header hold a claim.
func Header(r *http.Request, name string) string { // want Header:"returns the header named by param 1"
	return strings.TrimSpace(r.Header.Get(name))
}

// ScopeByHeader scopes to the header its caller names.
func (s *Store) ScopeByHeader(r *http.Request, name string) error { // want ScopeByHeader:"the header named by param 1 reaches tenantdb.WithTenant"
	return tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(Header(r, name)), noop)
}
