// Package privacy is a stand-in for entgo.io/ent/privacy.
package privacy

import (
	"context"
	"errors"

	"entgo.io/ent"
)

// Decisions of a privacy rule.
var (
	Allow = errors.New("ent/privacy: allow rule")
	Deny  = errors.New("ent/privacy: deny rule")
	Skip  = errors.New("ent/privacy: skip rule")
)

type (
	// QueryRule defines the interface deciding whether a query is allowed.
	QueryRule interface {
		EvalQuery(context.Context, ent.Query) error
	}
	// QueryPolicy combines multiple query rules into a single policy.
	QueryPolicy []QueryRule
	// MutationRule defines the interface deciding whether a mutation is allowed.
	MutationRule interface {
		EvalMutation(context.Context, ent.Mutation) error
	}
	// MutationPolicy combines multiple mutation rules into a single policy.
	MutationPolicy []MutationRule
	// QueryMutationRule is an interface which groups query and mutation rules.
	QueryMutationRule interface {
		QueryRule
		MutationRule
	}
	// Policy groups query and mutation policies.
	Policy struct {
		Query    QueryPolicy
		Mutation MutationPolicy
	}
)

// EvalQuery evaluates the query policy.
func (p Policy) EvalQuery(ctx context.Context, q ent.Query) error { return nil }

// EvalMutation evaluates the mutation policy.
func (p Policy) EvalMutation(ctx context.Context, m ent.Mutation) error { return nil }

// Denyf returns a formatted wrapped Deny decision.
func Denyf(format string, a ...any) error { return Deny }

// NewPolicies creates an ent.Policy from list of mixin.Schema and ent.Schema that implement
// the ent.Policy interface.
func NewPolicies(schemas ...interface{ Policy() ent.Policy }) ent.Policy { return Policy{} }

// Allowf returns a formatted wrapped Allow decision.
func Allowf(format string, a ...any) error { return Allow }

type fixedDecision struct{ decision error }

func (f fixedDecision) EvalQuery(context.Context, ent.Query) error       { return f.decision }
func (f fixedDecision) EvalMutation(context.Context, ent.Mutation) error { return f.decision }

// AlwaysAllowRule returns a rule that returns an allow decision.
func AlwaysAllowRule() QueryMutationRule { return fixedDecision{Allow} }

// AlwaysDenyRule returns a rule that returns a deny decision.
func AlwaysDenyRule() QueryMutationRule { return fixedDecision{Deny} }

type contextDecision struct {
	eval func(context.Context) error
}

func (c contextDecision) EvalQuery(ctx context.Context, _ ent.Query) error       { return c.eval(ctx) }
func (c contextDecision) EvalMutation(ctx context.Context, _ ent.Mutation) error { return c.eval(ctx) }

// ContextQueryMutationRule creates a query/mutation rule from a context eval func.
func ContextQueryMutationRule(eval func(context.Context) error) QueryMutationRule {
	return contextDecision{eval}
}
