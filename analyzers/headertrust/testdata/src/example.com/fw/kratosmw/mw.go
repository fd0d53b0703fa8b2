package kratosmw // want package:`type example.com/fw/kratosmw.claimKey holds header "X-Tenant-ID"; type example.com/fw/kratosmw.mdKey holds kratos metadata "x-md-global-tenant-id"`

// The kratos middleware stores the tenant header of the server transport, and the tenant
// metadata of the server, in the context; a client middleware reading its own transport's
// headers stores no claim.

import (
	"context"

	"github.com/go-kratos/kratos/v2/metadata"
	"github.com/go-kratos/kratos/v2/middleware"
	"github.com/go-kratos/kratos/v2/transport"
	khttp "github.com/go-kratos/kratos/v2/transport/http"
)

type (
	claimKey  struct{}
	mdKey     struct{}
	clientKey struct{}
	reqKey    struct{}
)

// Tenant stores the tenant header the client sent.
func Tenant() middleware.Middleware {
	return func(handler middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req interface{}) (interface{}, error) {
			if tr, ok := transport.FromServerContext(ctx); ok {
				ctx = context.WithValue(ctx, claimKey{}, tr.RequestHeader().Get("X-Tenant-ID"))
			}
			return handler(ctx, req)
		}
	}
}

// Metadata stores the tenant the caller propagated in kratos metadata.
func Metadata() middleware.Middleware {
	return func(handler middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req interface{}) (interface{}, error) {
			if md, ok := metadata.FromServerContext(ctx); ok {
				ctx = context.WithValue(ctx, mdKey{}, md.Get("x-md-global-tenant-id"))
			}
			return handler(ctx, req)
		}
	}
}

// Client reads the headers of the call it makes: no claim.
func Client() middleware.Middleware {
	return func(handler middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req interface{}) (interface{}, error) {
			if tr, ok := transport.FromClientContext(ctx); ok {
				ctx = context.WithValue(ctx, clientKey{}, tr.RequestHeader().Get("X-Tenant-ID"))
				if ht, ok := tr.(*khttp.Transport); ok {
					ctx = context.WithValue(ctx, reqKey{}, ht.Request().Header.Get("X-Tenant-ID"))
				}
			}
			if md, ok := metadata.FromClientContext(ctx); ok {
				ctx = context.WithValue(ctx, clientKey{}, md.Get("x-md-global-tenant-id"))
			}
			return handler(ctx, req)
		}
	}
}

// TenantFrom reads back what Tenant stored: the claim.
func TenantFrom(ctx context.Context) string { // want TenantFrom:`returns header "X-Tenant-ID" \(read back from the context key claimKey\)`
	s, _ := ctx.Value(claimKey{}).(string)
	return s
}

// MetadataTenant reads back what Metadata stored: the claim.
func MetadataTenant(ctx context.Context) string { // want MetadataTenant:`returns kratos metadata "x-md-global-tenant-id" \(read back from the context key mdKey\)`
	s, _ := ctx.Value(mdKey{}).(string)
	return s
}

// ClientTenant reads back what Client stored: no claim.
func ClientTenant(ctx context.Context) string { // want ClientTenant:`returns the context value under type example.com/fw/kratosmw.clientKey`
	s, _ := ctx.Value(clientKey{}).(string)
	return s
}

// Header reads the server transport's header its caller names.
func Header(ctx context.Context, key string) string { // want Header:`returns the header named by param 1`
	if tr, ok := transport.FromServerContext(ctx); ok {
		return tr.RequestHeader().Get(key)
	}
	return ""
}
