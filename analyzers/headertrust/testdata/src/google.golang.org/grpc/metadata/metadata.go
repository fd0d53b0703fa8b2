// Package metadata is a stand-in for google.golang.org/grpc/metadata.
package metadata

import "context"

type MD map[string][]string

func (md MD) Get(k string) []string                                     { return md[k] }
func (md MD) Set(k string, vals ...string)                              {}
func FromIncomingContext(ctx context.Context) (MD, bool)                { return nil, false }
func ValueFromIncomingContext(ctx context.Context, key string) []string { return nil }
func NewOutgoingContext(ctx context.Context, md MD) context.Context     { return ctx }
func Pairs(kv ...string) MD                                             { return nil }
