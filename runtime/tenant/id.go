package tenant

import (
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
)

// ErrInvalidID is returned when a string is not a canonical, non-nil UUID.
var ErrInvalidID = errors.New("invalid tenant id")

// ErrZeroID is returned when the zero ID is used where a tenant is required.
var ErrZeroID = errors.New("zero tenant id")

// ID identifies a tenant. It holds only a valid, non-nil UUID; the zero value means "no
// tenant" and every function that needs a tenant rejects it.
type ID struct {
	u [16]byte
}

// Parse parses the canonical textual form of a UUID (8-4-4-4-12 hexadecimal digits, either
// case). It rejects every other form (braces, urn prefix, missing hyphens) and the nil UUID.
func Parse(s string) (ID, error) {
	var id ID
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return ID{}, fmt.Errorf("parse %q: %w", truncate(s), ErrInvalidID)
	}
	j := 0
	for i := 0; i < 36; {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			i++
			continue
		}
		hi, ok1 := unhex(s[i])
		lo, ok2 := unhex(s[i+1])
		if !ok1 || !ok2 {
			return ID{}, fmt.Errorf("parse %q: %w", truncate(s), ErrInvalidID)
		}
		id.u[j] = hi<<4 | lo
		j++
		i += 2
	}
	if id.IsZero() {
		return ID{}, fmt.Errorf("parse %q: nil uuid: %w", s, ErrInvalidID)
	}
	return id, nil
}

// MustParse is like Parse but panics on error. Use it for constants in tests and fixtures.
func MustParse(s string) ID {
	id, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return id
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// truncate keeps error messages short when the input is attacker-controlled.
func truncate(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}

// IsZero reports whether id is the zero value, that is, no tenant.
func (id ID) IsZero() bool {
	return id.u == [16]byte{}
}

// String returns the canonical lower-case form, or the empty string for the zero ID.
func (id ID) String() string {
	if id.IsZero() {
		return ""
	}
	var b [36]byte
	hex.Encode(b[0:8], id.u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], id.u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], id.u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], id.u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], id.u[10:])
	return string(b[:])
}

// Bytes returns the 16 bytes of the UUID.
func (id ID) Bytes() [16]byte {
	return id.u
}

// MarshalText implements encoding.TextMarshaler. The zero ID cannot be marshalled, so a missing
// tenant is never written out as if it were one.
func (id ID) MarshalText() ([]byte, error) {
	if id.IsZero() {
		return nil, fmt.Errorf("marshal tenant id: %w", ErrZeroID)
	}
	return []byte(id.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler. The empty text decodes to the zero ID so
// that a missing tenant surfaces where the ID is used (for example jobs.ErrNoTenant) rather
// than as a decoding error; any other text must be accepted by Parse.
func (id *ID) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*id = ID{}
		return nil
	}
	v, err := Parse(string(b))
	if err != nil {
		return fmt.Errorf("unmarshal tenant id: %w", err)
	}
	*id = v
	return nil
}

// Value implements driver.Valuer. The zero ID is an error, never NULL.
func (id ID) Value() (driver.Value, error) {
	if id.IsZero() {
		return nil, fmt.Errorf("tenant id value: %w", ErrZeroID)
	}
	return id.String(), nil
}

// Scan implements sql.Scanner. It accepts the canonical text form (string or []byte) and the
// 16-byte binary form; NULL is an error.
func (id *ID) Scan(src any) error {
	switch v := src.(type) {
	case string:
		p, err := Parse(v)
		if err != nil {
			return fmt.Errorf("scan tenant id: %w", err)
		}
		*id = p
	case []byte:
		if len(v) == 16 {
			var p ID
			copy(p.u[:], v)
			if p.IsZero() {
				return fmt.Errorf("scan tenant id: nil uuid: %w", ErrInvalidID)
			}
			*id = p
			return nil
		}
		return id.Scan(string(v))
	case [16]byte:
		return id.Scan(v[:])
	case nil:
		return fmt.Errorf("scan tenant id: null: %w", ErrZeroID)
	default:
		return fmt.Errorf("scan tenant id: unsupported type %T: %w", src, ErrInvalidID)
	}
	return nil
}
