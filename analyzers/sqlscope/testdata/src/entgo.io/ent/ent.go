// Package ent is a stand-in for entgo.io/ent (v0.14): the runtime types generated code and
// schemas refer to.
package ent

import "context"

type (
	// Value is the value a query or mutation returns.
	Value any
	// Query is a generated query builder (*XQuery).
	Query any
	// Querier runs a query.
	Querier interface {
		Query(context.Context, Query) (Value, error)
	}
	// QuerierFunc is a Querier.
	QuerierFunc func(context.Context, Query) (Value, error)
	// Interceptor wraps the querier of a query.
	Interceptor interface {
		Intercept(Querier) Querier
	}
	// InterceptFunc is an Interceptor.
	InterceptFunc func(Querier) Querier
	// Traverser runs before a query's traversal.
	Traverser interface {
		Traverse(context.Context, Query) error
	}
	// TraverseFunc is a Traverser and an Interceptor.
	TraverseFunc func(context.Context, Query) error
	// Mutation is a generated mutation.
	Mutation interface {
		Op() Op
		Type() string
	}
	// Mutator applies a mutation.
	Mutator interface {
		Mutate(context.Context, Mutation) (Value, error)
	}
	// Hook wraps a mutator.
	Hook func(Mutator) Mutator
	// Policy is a privacy policy.
	Policy interface {
		EvalMutation(context.Context, Mutation) error
		EvalQuery(context.Context, Query) error
	}
	// Field is a schema field.
	Field interface{ Descriptor() any }
	// Edge is a schema edge.
	Edge interface{ Descriptor() any }
	// Mixin is a schema mixin.
	Mixin interface {
		Fields() []Field
		Edges() []Edge
		Interceptors() []Interceptor
		Policy() Policy
	}
	// Interface is a schema.
	Interface interface {
		Fields() []Field
		Edges() []Edge
		Mixin() []Mixin
		Interceptors() []Interceptor
		Policy() Policy
	}
	// Schema is embedded by every schema.
	Schema struct{ Interface }
	// QueryContext is the state of a query.
	QueryContext struct {
		Type   string
		Limit  *int
		Offset *int
		Unique *bool
		Fields []string
	}
)

// Query implements Querier.
func (f QuerierFunc) Query(ctx context.Context, q Query) (Value, error) { return f(ctx, q) }

// Intercept implements Interceptor.
func (f InterceptFunc) Intercept(next Querier) Querier { return f(next) }

// Traverse implements Traverser.
func (f TraverseFunc) Traverse(ctx context.Context, q Query) error { return f(ctx, q) }

// Intercept implements Interceptor.
func (f TraverseFunc) Intercept(next Querier) Querier { return next }

// Op is a mutation operation.
type Op uint

// The operations.
const (
	OpCreate Op = 1 << iota
	OpUpdate
	OpUpdateOne
	OpDelete
	OpDeleteOne
)
