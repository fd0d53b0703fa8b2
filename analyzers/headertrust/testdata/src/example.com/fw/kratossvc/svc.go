// Package kratossvc is a kratos service: the tenant a middleware of another package read from
// the server transport's header or metadata is a claim here, and so are the headers and
// metadata the service reads itself.
package kratossvc

import (
	"context"
	"log"

	"github.com/go-kratos/kratos/v2/metadata"
	"github.com/go-kratos/kratos/v2/transport"
	khttp "github.com/go-kratos/kratos/v2/transport/http"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"

	"example.com/fw/kratosmw"
)

type GreeterService struct{ pool *pgxpool.Pool }

type HelloRequest struct{ Name string }

type HelloReply struct{ Message string }

func noop(pgx.Tx) error { return nil }

// Verify is configured as a verifier (-verifiers).
func Verify(ctx context.Context, tenantID string) error { return nil }

func (s *GreeterService) SayHello(ctx context.Context, in *HelloRequest) (*HelloReply, error) {
	err := tenantdb.WithTenant(ctx, s.pool, tenant.MustParse(kratosmw.TenantFrom(ctx)), noop) // want `tenant from header "X-Tenant-ID" \(read back from the context key claimKey\) reaches tenantdb.WithTenant`
	return &HelloReply{}, err
}

func (s *GreeterService) SayHelloChecked(ctx context.Context, in *HelloRequest) (*HelloReply, error) {
	tid := kratosmw.TenantFrom(ctx)
	if err := Verify(ctx, tid); err != nil {
		return nil, err
	}
	return &HelloReply{}, tenantdb.WithTenant(ctx, s.pool, tenant.MustParse(tid), noop)
}

func (s *GreeterService) FromMetadata(ctx context.Context, in *HelloRequest) (*HelloReply, error) {
	err := tenantdb.WithTenant(ctx, s.pool, tenant.MustParse(kratosmw.MetadataTenant(ctx)), noop) // want `tenant from kratos metadata "x-md-global-tenant-id" \(read back from the context key mdKey\) reaches tenantdb.WithTenant`
	return &HelloReply{}, err
}

// FromClient: what a client middleware read from its own call is no claim.
func (s *GreeterService) FromClient(ctx context.Context, in *HelloRequest) (*HelloReply, error) {
	return &HelloReply{}, tenantdb.WithTenant(ctx, s.pool, tenant.MustParse(kratosmw.ClientTenant(ctx)), noop)
}

// Direct reads the server transport's header in the service.
func (s *GreeterService) Direct(ctx context.Context, in *HelloRequest) (*HelloReply, error) {
	tr, ok := transport.FromServerContext(ctx)
	if !ok {
		return nil, nil
	}
	if ht, ok := tr.(khttp.Transporter); ok {
		_ = tenantdb.WithTenant(ctx, s.pool, tenant.MustParse(ht.RequestHeader().Get("X-Org-ID")), noop)     // want `tenant from header "X-Org-ID" reaches tenantdb.WithTenant`
		_ = tenantdb.WithTenant(ctx, s.pool, tenant.MustParse(ht.Request().Header.Get("X-Tenant-ID")), noop) // want `tenant from header "X-Tenant-ID" reaches tenantdb.WithTenant`
	}
	// A header that names no tenant, and the reply header.
	_ = tenantdb.WithTenant(ctx, s.pool, tenant.MustParse(tr.RequestHeader().Get("X-Request-ID")), noop)
	_ = tenantdb.WithTenant(ctx, s.pool, tenant.MustParse(tr.ReplyHeader().Get("X-Tenant-ID")), noop)
	return &HelloReply{}, tenantdb.WithTenant(ctx, s.pool, tenant.MustParse(tr.RequestHeader().Get("X-Tenant-ID")), noop) // want `tenant from header "X-Tenant-ID" reaches tenantdb.WithTenant`
}

// DirectMetadata reads the server's metadata in the service.
func (s *GreeterService) DirectMetadata(ctx context.Context, in *HelloRequest) (*HelloReply, error) {
	md, _ := metadata.FromServerContext(ctx)
	log.Printf("caller tenant %s", md.Get("x-md-global-tenant-id")) // only logged
	_ = tenantdb.WithTenant(ctx, s.pool, tenant.MustParse(md.Get("x-md-global-trace")), noop)
	return &HelloReply{}, tenantdb.WithTenant(ctx, s.pool, tenant.MustParse(md.Get("x-md-local-org-id")), noop) // want `tenant from kratos metadata "x-md-local-org-id" reaches tenantdb.WithTenant`
}

// Outgoing reads the client side of a call it makes: no claim.
func (s *GreeterService) Outgoing(ctx context.Context, in *HelloRequest) (*HelloReply, error) {
	if tr, ok := transport.FromClientContext(ctx); ok {
		_ = tenantdb.WithTenant(ctx, s.pool, tenant.MustParse(tr.RequestHeader().Get("X-Tenant-ID")), noop)
	}
	md, _ := metadata.FromClientContext(ctx)
	return &HelloReply{}, tenantdb.WithTenant(ctx, s.pool, tenant.MustParse(md.Get("x-md-global-tenant-id")), noop)
}

// ByName reads the header through a helper of another package that takes its name.
func (s *GreeterService) ByName(ctx context.Context, in *HelloRequest) (*HelloReply, error) {
	_ = tenantdb.WithTenant(ctx, s.pool, tenant.MustParse(kratosmw.Header(ctx, "X-Request-ID")), noop)
	return &HelloReply{}, tenantdb.WithTenant(ctx, s.pool, tenant.MustParse(kratosmw.Header(ctx, "X-Tenant-ID")), noop) // want `tenant from header "X-Tenant-ID" reaches tenantdb.WithTenant`
}

// FromRequest reads the header of the server's HTTP request.
func (s *GreeterService) FromRequest(ctx context.Context, in *HelloRequest) (*HelloReply, error) {
	r, ok := khttp.RequestFromServerContext(ctx)
	if !ok {
		return nil, nil
	}
	return &HelloReply{}, tenantdb.WithTenant(ctx, s.pool, tenant.MustParse(r.Header.Get("X-Tenant-ID")), noop) // want `tenant from header "X-Tenant-ID" reaches tenantdb.WithTenant`
}
