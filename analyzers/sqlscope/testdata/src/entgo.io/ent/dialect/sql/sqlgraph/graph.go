// Package sqlgraph is a stand-in for entgo.io/ent/dialect/sql/sqlgraph v0.14.5: the step and
// neighbour functions the generated edge predicates call, with the real signatures. The
// bodies do nothing.
package sqlgraph

import (
	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/entql"
)

// Rel is an edge relation type.
type Rel int

// Relation types.
const (
	Unk Rel = iota
	O2O
	O2M
	M2O
	M2M
)

// Step is a traversal step from one table to another over an edge.
type Step struct{}

// StepOption configures a Step.
type StepOption func(*Step)

// From sets the source of the step.
func From(table, column string, v ...any) StepOption { return func(*Step) {} }

// To sets the destination of the step.
func To(table, column string) StepOption { return func(*Step) {} }

// Edge sets the edge info for getting the neighbors.
func Edge(rel Rel, inverse bool, table string, columns ...string) StepOption {
	return func(*Step) {}
}

// NewStep gets list of options and returns a configured step.
func NewStep(opts ...StepOption) *Step { return &Step{} }

// HasNeighbors applies on the given Selector a neighbors check.
func HasNeighbors(q *sql.Selector, s *Step) {}

// HasNeighborsWith applies on the given Selector a neighbors check. The given predicate
// applies its filtering on the selector.
func HasNeighborsWith(q *sql.Selector, s *Step, pred func(*sql.Selector)) {}

// WrapFunc wraps a selector-func with an entql call expression.
func WrapFunc(s func(*sql.Selector)) *entql.CallExpr { return &entql.CallExpr{Func: "selector"} }
