// Package mixin is a stand-in for entgo.io/ent/schema/mixin.
package mixin

import "entgo.io/ent"

// Schema is the default implementation of ent.Mixin, embedded by mixins.
type Schema struct{}

// Fields of the mixin.
func (Schema) Fields() []ent.Field { return nil }

// Edges of the mixin.
func (Schema) Edges() []ent.Edge { return nil }

// Interceptors of the mixin.
func (Schema) Interceptors() []ent.Interceptor { return nil }

// Policy of the mixin.
func (Schema) Policy() ent.Policy { return nil }
