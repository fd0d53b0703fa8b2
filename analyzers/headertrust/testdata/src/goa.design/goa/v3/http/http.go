// Package http is a stand-in for goa.design/goa/v3/http (v3.25) with the signatures tests need.
package http

import "net/http"

type (
	// Muxer is the HTTP request multiplexer interface used by the generated code.
	Muxer interface {
		Handle(method, pattern string, handler http.HandlerFunc)
		ServeHTTP(http.ResponseWriter, *http.Request)
		Vars(*http.Request) map[string]string
	}

	// Decoder provides the actual decoding algorithm used to load HTTP request and response
	// bodies.
	Decoder interface {
		Decode(v any) error
	}

	// Encoder provides the actual encoding algorithm used to write HTTP bodies.
	Encoder interface {
		Encode(v any) error
	}
)
