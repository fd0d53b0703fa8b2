package config

import (
	"errors"
	"fmt"

	"github.com/goccy/go-yaml"
)

// FromMap validates settings given as a decoded mapping (an editor's initializationOptions, a
// golangci-lint settings block) exactly as Parse validates .tenantvet.yaml: the same keys, the
// same errors for unknown keys and wrong types. origin names the place in errors, and relative
// paths are relative to its directory. A nil or empty map configures nothing.
func FromMap(origin string, m map[string]any) (*File, error) {
	if len(m) == 0 {
		return &File{Path: origin, Values: map[string]string{}}, nil
	}
	data, err := yaml.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("%s: settings: %w", origin, err)
	}
	f, err := Parse(origin, data)
	var ce *Error
	if errors.As(err, &ce) {
		// Lines of the YAML made from the map mean nothing to the user: name the key only.
		ce.Line, ce.Col = 0, 0
	}
	return f, err
}

// Merge returns f with the values of over added, over's winning. Either may be nil.
func Merge(f, over *File) *File {
	if over == nil || len(over.Values) == 0 {
		return f
	}
	if f == nil {
		return over
	}
	out := &File{Path: f.Path, Values: map[string]string{}, Hash: f.Hash + "+" + over.Hash}
	for k, v := range f.Values {
		out.Values[k] = v
	}
	for k, v := range over.Values {
		out.Values[k] = v
	}
	return out
}
