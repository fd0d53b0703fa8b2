// Package field is a stand-in for entgo.io/ent/schema/field.
package field

// Descriptor describes a field.
type Descriptor struct{ Name string }

// StringBuilder builds a string field.
type StringBuilder struct{ desc *Descriptor }

// String returns a new string field.
func String(name string) *StringBuilder { return &StringBuilder{&Descriptor{Name: name}} }

// Immutable marks the field immutable.
func (b *StringBuilder) Immutable() *StringBuilder { return b }

// Descriptor implements ent.Field.
func (b *StringBuilder) Descriptor() any { return b.desc }
