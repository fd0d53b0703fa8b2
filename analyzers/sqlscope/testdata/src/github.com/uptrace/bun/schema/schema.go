// Package schema is a stand-in for github.com/uptrace/bun/schema.
package schema

// Ident is a fully qualified SQL identifier.
type Ident string

// Safe is SQL written as is.
type Safe string

// BaseModel carries a model's table metadata in its bun tag.
type BaseModel struct{}
