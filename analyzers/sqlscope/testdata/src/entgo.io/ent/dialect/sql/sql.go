// Package sql is a stand-in for entgo.io/ent/dialect/sql: the selector the generated
// predicates apply to and the field predicates they are built from.
package sql

// Selector is a SELECT statement builder.
type Selector struct{ table string }

// C returns a column qualified by the selector's table.
func (s *Selector) C(column string) string { return s.table + "." + column }

// Where appends a predicate.
func (s *Selector) Where(p *Predicate) *Selector { return s }

// Predicate is a WHERE condition.
type Predicate struct{ s string }

// FieldEQ returns a predicate that checks if the field equals v.
func FieldEQ(name string, v any) func(*Selector) { return func(*Selector) {} }

// FieldNEQ returns a predicate that checks if the field does not equal v.
func FieldNEQ(name string, v any) func(*Selector) { return func(*Selector) {} }

// FieldGT returns a predicate that checks if the field is greater than v.
func FieldGT(name string, v any) func(*Selector) { return func(*Selector) {} }

// FieldLT returns a predicate that checks if the field is less than v.
func FieldLT(name string, v any) func(*Selector) { return func(*Selector) {} }

// FieldIn returns a predicate that checks if the field is one of vs.
func FieldIn[T any](name string, vs ...T) func(*Selector) { return func(*Selector) {} }

// FieldNotIn returns a predicate that checks if the field is none of vs.
func FieldNotIn[T any](name string, vs ...T) func(*Selector) { return func(*Selector) {} }

// FieldIsNull returns a predicate that checks if the field is NULL.
func FieldIsNull(name string) func(*Selector) { return func(*Selector) {} }

// FieldContains returns a predicate that checks if the field contains substr.
func FieldContains(name, substr string) func(*Selector) { return func(*Selector) {} }

// AndPredicates joins predicates with AND.
func AndPredicates[P ~func(*Selector)](predicates ...P) func(*Selector) {
	return func(*Selector) {}
}

// OrPredicates joins predicates with OR.
func OrPredicates[P ~func(*Selector)](predicates ...P) func(*Selector) {
	return func(*Selector) {}
}

// NotPredicates negates predicates.
func NotPredicates[P ~func(*Selector)](predicates ...P) func(*Selector) {
	return func(*Selector) {}
}
