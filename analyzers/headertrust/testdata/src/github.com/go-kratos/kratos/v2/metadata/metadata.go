// Package metadata is a stand-in for github.com/go-kratos/kratos/v2/metadata (v2.8) with the
// signatures tests need.
package metadata

import (
	"context"
	"strings"
)

// Metadata is our way of representing request headers internally.
type Metadata map[string][]string

func (m Metadata) Get(key string) string {
	v := m[strings.ToLower(key)]
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

func (m Metadata) Set(key string, value string) { m[strings.ToLower(key)] = []string{value} }
func (m Metadata) Values(key string) []string   { return m[strings.ToLower(key)] }

type (
	serverMetadataKey struct{}
	clientMetadataKey struct{}
)

// FromServerContext returns the server metadata in ctx if it exists.
func FromServerContext(ctx context.Context) (Metadata, bool) {
	md, ok := ctx.Value(serverMetadataKey{}).(Metadata)
	return md, ok
}

// FromClientContext returns the client metadata in ctx if it exists.
func FromClientContext(ctx context.Context) (Metadata, bool) {
	md, ok := ctx.Value(clientMetadataKey{}).(Metadata)
	return md, ok
}

// AppendToClientContext returns a new context with the provided kv merged with any existing
// metadata in the context.
func AppendToClientContext(ctx context.Context, kv ...string) context.Context {
	md, _ := FromClientContext(ctx)
	for i := 0; i+1 < len(kv); i += 2 {
		md.Set(kv[i], kv[i+1])
	}
	return context.WithValue(ctx, clientMetadataKey{}, md)
}
