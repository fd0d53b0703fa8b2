// Package middleware is a stand-in for github.com/go-kratos/kratos/v2/middleware (v2.8).
package middleware

import "context"

// Handler defines the handler invoked by Middleware.
type Handler func(ctx context.Context, req interface{}) (interface{}, error)

// Middleware is HTTP/gRPC transport middleware.
type Middleware func(Handler) Handler
