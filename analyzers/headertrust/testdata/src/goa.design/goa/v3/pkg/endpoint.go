// Package goa is a stand-in for goa.design/goa/v3/pkg (v3.25) with the signatures tests need.
package goa

import "context"

// Endpoint exposes service methods to remote clients independently of the underlying
// transport.
type Endpoint func(ctx context.Context, request any) (response any, err error)

// ServiceError is the error type used by the goa package to encode and decode error responses.
type ServiceError struct {
	Name    string
	ID      string
	Message string
}

func (e *ServiceError) Error() string { return e.Message }

// MissingFieldError is the error produced by the generated code when a payload is missing a
// required field.
func MissingFieldError(name, context string) *ServiceError {
	return &ServiceError{Name: "missing_field", Message: name + " is missing from " + context}
}

// MergeErrors updates an error by merging another into it.
func MergeErrors(err, other error) error {
	if err == nil {
		return other
	}
	return err
}
