// Package validate is a stand-in for github.com/ogen-go/ogen/validate (v1.25.0).
package validate

import "errors"

// ErrFieldRequired reports that a field is required, but not found.
var ErrFieldRequired = errors.New("field required")
