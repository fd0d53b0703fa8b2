// Package entql is a stand-in for entgo.io/ent/entql v0.14.5: the predicates the generated
// XFilter types (privacy filters) take, with the real signatures. The typed predicates
// (StringP, IntP, ValueP) are completed with their field by the generated Where<Field>.
package entql

import "database/sql/driver"

// Op is a predicate operator.
type Op int

// The operators.
const (
	OpAnd Op = iota
	OpOr
	OpNot
	OpEQ
	OpNEQ
	OpGT
	OpGTE
	OpLT
	OpLTE
	OpIn
	OpNotIn
)

// Func is a predicate function.
type Func string

// FuncHasEdge is HasEdge.
const FuncHasEdge Func = "has_edge"

type (
	// Expr represents an entql expression. All expressions implement the Expr interface.
	Expr interface {
		expr()
		String() string
	}

	// P represents an expression that returns a boolean value depending on its variables.
	P interface {
		Expr
		Negate() P
	}
)

type (
	// A UnaryExpr represents a unary expression.
	UnaryExpr struct {
		Op Op
		X  Expr
	}
	// A BinaryExpr represents a binary expression.
	BinaryExpr struct {
		Op   Op
		X, Y Expr
	}
	// A NaryExpr represents a n-ary expression.
	NaryExpr struct {
		Op Op
		Xs []Expr
	}
	// A CallExpr represents a function call with its arguments.
	CallExpr struct {
		Func Func
		Args []Expr
	}
	// A Field represents a node field.
	Field struct{ Name string }
	// An Edge represents an edge in the graph.
	Edge struct{ Name string }
	// A Value represents an arbitrary value.
	Value struct{ V any }
)

func (*UnaryExpr) expr()           {}
func (*BinaryExpr) expr()          {}
func (*NaryExpr) expr()            {}
func (*CallExpr) expr()            {}
func (*Field) expr()               {}
func (*Edge) expr()                {}
func (*Value) expr()               {}
func (*UnaryExpr) String() string  { return "" }
func (*BinaryExpr) String() string { return "" }
func (*NaryExpr) String() string   { return "" }
func (*CallExpr) String() string   { return "" }
func (*Field) String() string      { return "" }
func (*Edge) String() string       { return "" }
func (*Value) String() string      { return "" }
func (e *UnaryExpr) Negate() P     { return Not(e) }
func (e *BinaryExpr) Negate() P    { return Not(e) }
func (e *NaryExpr) Negate() P      { return Not(e) }
func (e *CallExpr) Negate() P      { return Not(e) }

// Not returns a predicate that represents the logical negation of the given predicate.
func Not(x P) P { return &UnaryExpr{Op: OpNot, X: x} }

// And returns a composed predicate that represents the logical AND predicate.
func And(x, y P, z ...P) P { return &BinaryExpr{Op: OpAnd, X: x, Y: y} }

// Or returns a composed predicate that represents the logical OR predicate.
func Or(x, y P, z ...P) P { return &BinaryExpr{Op: OpOr, X: x, Y: y} }

// F returns a field expression for the given name.
func F(name string) *Field { return &Field{Name: name} }

// EQ returns a predicate to check if the expressions are equal.
func EQ(x, y Expr) P { return &BinaryExpr{Op: OpEQ, X: x, Y: y} }

// NEQ returns a predicate to check if the expressions are not equal.
func NEQ(x, y Expr) P { return &BinaryExpr{Op: OpNEQ, X: x, Y: y} }

// FieldEQ returns a predicate to check if a field is equivalent to a given value.
func FieldEQ(name string, v any) P { return EQ(&Field{Name: name}, &Value{V: v}) }

// FieldNEQ returns a predicate to check if a field is not equivalent to a given value.
func FieldNEQ(name string, v any) P { return NEQ(&Field{Name: name}, &Value{V: v}) }

// FieldIn returns a predicate to check if the field value matches any value in the given list.
func FieldIn(name string, vs ...any) P { return &BinaryExpr{Op: OpIn, X: &Field{Name: name}} }

// FieldNotIn returns a predicate to check if the field value doesn't match any value in the given list.
func FieldNotIn(name string, vs ...any) P { return &BinaryExpr{Op: OpNotIn, X: &Field{Name: name}} }

// FieldNil returns a predicate to check if a field is nil (null in databases).
func FieldNil(name string) P { return EQ(&Field{Name: name}, (*Value)(nil)) }

// FieldNotNil returns a predicate to check if a field is not nil (not null in databases).
func FieldNotNil(name string) P { return NEQ(&Field{Name: name}, (*Value)(nil)) }

// HasEdge returns a predicate to check if an edge exists (not null in databases).
func HasEdge(name string) P { return &CallExpr{Func: FuncHasEdge} }

// HasEdgeWith returns a predicate to check if the "other nodes" that are connected to the
// edge returns true on the provided predicate.
func HasEdgeWith(name string, p ...P) P { return &CallExpr{Func: FuncHasEdge} }

// Fielder is the interface for creating a predicate (entql.P)
// by a field name from the different builder types below.
type Fielder interface {
	Field(string) P
}

// StringP is the interface for predicates of type string (`type P[string]`).
type StringP interface {
	Fielder
	string()
}

type stringP struct {
	P
	done func(string)
}

func (p *stringP) Field(name string) P { p.done(name); return p.P }
func (*stringP) string()               {}

func newStringP(p func(*Field) P) StringP {
	f := &Field{}
	return &stringP{P: p(f), done: func(name string) { f.Name = name }}
}

// StringNil applies the Nil operation
func StringNil() StringP { return newStringP(func(f *Field) P { return EQ(f, (*Value)(nil)) }) }

// StringEQ applies the EQ operation on the given value.
func StringEQ(v string) StringP { return newStringP(func(f *Field) P { return EQ(f, &Value{V: v}) }) }

// StringNEQ applies the NEQ operation on the given value.
func StringNEQ(v string) StringP { return newStringP(func(f *Field) P { return NEQ(f, &Value{V: v}) }) }

// StringOr returns a composed predicate that represents the logical OR predicate.
func StringOr(x, y StringP, z ...StringP) StringP { return x }

// StringNot returns a predicate that represents the logical negation of the given predicate.
func StringNot(x StringP) StringP { return x }

// IntP is the interface for predicates of type int (`type P[int]`).
type IntP interface {
	Fielder
	int()
}

type intP struct {
	P
	done func(string)
}

func (p *intP) Field(name string) P { p.done(name); return p.P }
func (*intP) int()                  {}

// IntEQ applies the EQ operation on the given value.
func IntEQ(v int) IntP {
	f := &Field{}
	return &intP{P: EQ(f, &Value{V: v}), done: func(name string) { f.Name = name }}
}

// ValueP is the interface for predicates of type [16]byte (`type P[[16]byte]`).
type ValueP interface {
	Fielder
	value()
}

type valueP struct {
	P
	done func(string)
}

func (p *valueP) Field(name string) P { p.done(name); return p.P }
func (*valueP) value()                {}

// ValueEQ applies the EQ operation on the given value.
func ValueEQ(v driver.Valuer) ValueP {
	f := &Field{}
	return &valueP{P: EQ(f, &Value{V: v}), done: func(name string) { f.Name = name }}
}
