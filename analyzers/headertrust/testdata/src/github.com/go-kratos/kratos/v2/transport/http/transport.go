// Package http is a stand-in for github.com/go-kratos/kratos/v2/transport/http (v2.8) with the
// signatures tests need.
package http

import (
	"context"
	"net/http"

	"github.com/go-kratos/kratos/v2/transport"
)

// Transporter is an HTTP transporter.
type Transporter interface {
	transport.Transporter
	Request() *http.Request
	PathTemplate() string
}

// Transport is an HTTP transport.
type Transport struct {
	endpoint     string
	operation    string
	reqHeader    headerCarrier
	replyHeader  headerCarrier
	request      *http.Request
	pathTemplate string
}

func (tr *Transport) Kind() transport.Kind            { return transport.KindHTTP }
func (tr *Transport) Endpoint() string                { return tr.endpoint }
func (tr *Transport) Operation() string               { return tr.operation }
func (tr *Transport) Request() *http.Request          { return tr.request }
func (tr *Transport) RequestHeader() transport.Header { return tr.reqHeader }
func (tr *Transport) ReplyHeader() transport.Header   { return tr.replyHeader }
func (tr *Transport) PathTemplate() string            { return tr.pathTemplate }

// RequestFromServerContext returns the request from ctx.
func RequestFromServerContext(ctx context.Context) (*http.Request, bool) {
	if tr, ok := transport.FromServerContext(ctx); ok {
		if tr, ok := tr.(*Transport); ok {
			return tr.request, true
		}
	}
	return nil, false
}

type headerCarrier http.Header

func (hc headerCarrier) Get(key string) string        { return http.Header(hc).Get(key) }
func (hc headerCarrier) Set(key string, value string) { http.Header(hc).Set(key, value) }
func (hc headerCarrier) Add(key string, value string) { http.Header(hc).Add(key, value) }
func (hc headerCarrier) Values(key string) []string   { return http.Header(hc).Values(key) }
func (hc headerCarrier) Keys() []string {
	keys := make([]string, 0, len(hc))
	for k := range http.Header(hc) {
		keys = append(keys, k)
	}
	return keys
}
