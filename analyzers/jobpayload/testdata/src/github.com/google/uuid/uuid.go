// Package uuid is a stand-in for github.com/google/uuid.
package uuid

type UUID [16]byte

func Parse(s string) (UUID, error) { return UUID{}, nil }
func MustParse(s string) UUID      { return UUID{} }
func (u UUID) String() string      { return "" }

var Nil UUID
