// Package safelog provides a slog.Handler that keeps secrets and personal content out of
// operational logs and tags every record with the tenant and request id.
//
// NewHandler wraps any slog.Handler. Before a record reaches it, every attribute is resolved
// and walked at every depth (groups, slog.LogValuer results, maps, structs, slices) and the
// value of every sensitive key is replaced with "[REDACTED]". Keys are compared after
// lower-casing and dropping '-', '_', '.' and spaces, so "X-Api-Key", "api_key" and "apiKey"
// all match "apikey". The sensitive keys are authorization, cookie, set-cookie, password,
// passwd, secret, client_secret, token, access_token, refresh_token, id_token, api_key, apikey,
// x-api-key, private_key and prompt (also as plurals), keys ending in password, passwd, secret,
// token, apikey or privatekey (db_password, github_token), and Options.ExtraKeys.
//
// Some values get special treatment:
//   - *http.Request (and http.Request) is logged as method, host and path only: never
//     headers, query or body. *http.Response is logged as its status and request only.
//   - Values that implement io.Reader (bodies, buffers, files) are never read or printed.
//   - *url.URL and url.URL are logged without user info, query and fragment.
//   - http.Header values are redacted for sensitive header names and for names that mention
//     auth, token, cookie, secret, session, signature, password or key.
//   - []byte values (and named byte slices such as json.RawMessage) are never emitted, only their
//     length: request and response bodies are logged by length, never by content. To log part of
//     a body on purpose, convert the fields you need to a string under a non-sensitive key.
//
// The handler cannot see into the message string or into values that format themselves
// (error, fmt.Stringer, json.Marshaler): do not put secrets there. Audit events belong in the
// audit package, not in operational logs.
package safelog

import (
	"context"
	"encoding"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/tenantvet/tenantvet/runtime/tenant"
)

// Redacted replaces the value of a sensitive key.
const Redacted = "[REDACTED]"

// maxDepth bounds the walk over nested values (and cycles through pointers and maps).
const maxDepth = 10

// DefaultKeys are the sensitive key names matched by every handler.
var DefaultKeys = []string{
	"authorization", "cookie", "set-cookie", "password", "passwd", "secret", "client_secret",
	"token", "access_token", "refresh_token", "id_token", "api_key", "apikey", "x-api-key",
	"private_key", "prompt",
}

// suffixes are sensitive when a normalised key ends with them.
var suffixes = []string{"password", "passwd", "secret", "token", "apikey", "privatekey"}

// headerFragments make a header name sensitive when its normalised form contains them.
var headerFragments = []string{"auth", "token", "cookie", "secret", "session", "signature", "password", "key"}

// Options configures NewHandler.
type Options struct {
	// ExtraKeys are more sensitive key names, matched like the defaults.
	ExtraKeys []string
}

// normalise lower-cases name and drops '-', '_', '.' and spaces.
func normalise(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	for _, r := range strings.ToLower(name) {
		switch r {
		case '-', '_', '.', ' ':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

type redactor struct {
	keys map[string]bool
}

func newRedactor(opts *Options) *redactor {
	r := &redactor{keys: map[string]bool{}}
	for _, k := range DefaultKeys {
		r.keys[normalise(k)] = true
	}
	if opts != nil {
		for _, k := range opts.ExtraKeys {
			if n := normalise(k); n != "" {
				r.keys[n] = true
			}
		}
	}
	return r
}

func (r *redactor) sensitive(key string) bool {
	n := normalise(key)
	if n == "" {
		return false
	}
	if r.keys[n] || strings.HasSuffix(n, "s") && r.keys[strings.TrimSuffix(n, "s")] {
		return true
	}
	for _, s := range suffixes {
		if strings.HasSuffix(n, s) {
			return true
		}
	}
	return false
}

func (r *redactor) sensitiveHeader(name string) bool {
	if r.sensitive(name) {
		return true
	}
	n := normalise(name)
	for _, f := range headerFragments {
		if strings.Contains(n, f) {
			return true
		}
	}
	return false
}

func (r *redactor) attrs(as []slog.Attr, depth int) []slog.Attr {
	out := make([]slog.Attr, 0, len(as))
	for _, a := range as {
		out = append(out, r.attr(a, depth))
	}
	return out
}

func (r *redactor) attr(a slog.Attr, depth int) slog.Attr {
	if r.sensitive(a.Key) {
		return slog.String(a.Key, Redacted)
	}
	return slog.Attr{Key: a.Key, Value: r.value(a.Value, depth)}
}

func (r *redactor) value(v slog.Value, depth int) slog.Value {
	if depth > maxDepth {
		return slog.StringValue("[TRUNCATED]")
	}
	v = v.Resolve()
	switch v.Kind() {
	case slog.KindGroup:
		return slog.GroupValue(r.attrs(v.Group(), depth+1)...)
	case slog.KindLogValuer:
		// Resolve gave up (a LogValuer chain that is too long): emit nothing of it.
		return slog.StringValue(Redacted)
	case slog.KindAny:
		return r.any(v.Any(), depth)
	}
	return v
}

var (
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	stringer      = reflect.TypeFor[fmt.Stringer]()
	errorType     = reflect.TypeFor[error]()
)

func (r *redactor) any(x any, depth int) slog.Value {
	switch t := x.(type) {
	case nil:
		return slog.AnyValue(nil)
	case *http.Request:
		return requestValue(t)
	case http.Request:
		return requestValue(&t)
	case *http.Response:
		return responseValue(t)
	case http.Header:
		return r.header(t)
	case *url.URL:
		return urlValue(t)
	case url.URL:
		return urlValue(&t)
	}
	if _, ok := x.(io.Reader); ok {
		// A reader is a stream, most often a request or response body: never read or print it.
		return slog.StringValue("[stream omitted]")
	}
	rv := reflect.ValueOf(x)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			return slog.StringValue(fmt.Sprintf("[%d bytes omitted]", rv.Len()))
		}
		if rv.Kind() == reflect.Slice && rv.IsNil() {
			return slog.AnyValue(x)
		}
		if !needsWalk(rv.Type().Elem()) {
			return slog.AnyValue(x)
		}
		as := make([]slog.Attr, rv.Len())
		for i := range rv.Len() {
			as[i] = slog.Attr{Key: strconv.Itoa(i), Value: r.value(slog.AnyValue(rv.Index(i).Interface()), depth+1)}
		}
		return slog.GroupValue(as...)
	case reflect.Map:
		if rv.IsNil() {
			return slog.AnyValue(x)
		}
		keys := rv.MapKeys()
		as := make([]slog.Attr, 0, len(keys))
		for _, k := range keys {
			name := fmt.Sprint(k.Interface())
			as = append(as, r.attr(slog.Attr{Key: name, Value: slog.AnyValue(rv.MapIndex(k).Interface())}, depth+1))
		}
		slices.SortFunc(as, func(a, b slog.Attr) int { return strings.Compare(a.Key, b.Key) })
		return slog.GroupValue(as...)
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() || formatsItself(rv.Type()) {
			return slog.AnyValue(x)
		}
		return r.any(rv.Elem().Interface(), depth+1)
	case reflect.Struct:
		if formatsItself(rv.Type()) {
			return slog.AnyValue(x)
		}
		return r.structValue(rv, depth)
	}
	return slog.AnyValue(x)
}

// formatsItself reports whether t controls its own text or JSON form; such values are passed
// through as they are.
func formatsItself(t reflect.Type) bool {
	return t.Implements(textMarshaler) || t.Implements(jsonMarshaler) || t.Implements(stringer) || t.Implements(errorType)
}

// needsWalk reports whether values of type t can contain keyed data worth redacting.
func needsWalk(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Map, reflect.Struct, reflect.Interface, reflect.Pointer, reflect.Slice, reflect.Array:
		return true
	}
	return false
}

// structValue expands the exported fields of a struct into a group, named as encoding/json
// would name them, because slog's JSON handler would otherwise marshal every field as is.
func (r *redactor) structValue(rv reflect.Value, depth int) slog.Value {
	t := rv.Type()
	as := make([]slog.Attr, 0, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name := f.Name
		if tag, ok := f.Tag.Lookup("json"); ok {
			n, _, _ := strings.Cut(tag, ",")
			if n == "-" {
				continue
			}
			if n != "" {
				name = n
			}
		}
		as = append(as, r.attr(slog.Attr{Key: name, Value: slog.AnyValue(rv.Field(i).Interface())}, depth+1))
	}
	return slog.GroupValue(as...)
}

func requestValue(req *http.Request) slog.Value {
	if req == nil {
		return slog.AnyValue(nil)
	}
	path := ""
	if req.URL != nil {
		path = req.URL.Path
	}
	return slog.GroupValue(
		slog.String("method", req.Method),
		slog.String("host", req.Host),
		slog.String("path", path),
	)
}

// responseValue logs a response as its status and request only: never headers or body.
func responseValue(resp *http.Response) slog.Value {
	if resp == nil {
		return slog.AnyValue(nil)
	}
	return slog.GroupValue(
		slog.Int("status", resp.StatusCode),
		slog.Attr{Key: "request", Value: requestValue(resp.Request)},
	)
}

// urlValue drops the user info, query and fragment, where credentials and tokens travel.
func urlValue(u *url.URL) slog.Value {
	if u == nil {
		return slog.AnyValue(nil)
	}
	return slog.StringValue((&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String())
}

func (r *redactor) header(h http.Header) slog.Value {
	as := make([]slog.Attr, 0, len(h))
	for k, vs := range h {
		if r.sensitiveHeader(k) {
			as = append(as, slog.String(k, Redacted))
			continue
		}
		as = append(as, slog.String(k, strings.Join(vs, ", ")))
	}
	slices.SortFunc(as, func(a, b slog.Attr) int { return strings.Compare(a.Key, b.Key) })
	return slog.GroupValue(as...)
}

// groupOrAttrs is one WithGroup or WithAttrs call, replayed in Handle so that tenant_id and
// request_id stay at the top level of every record.
type groupOrAttrs struct {
	group string
	attrs []slog.Attr
}

type handler struct {
	inner slog.Handler
	r     *redactor
	goas  []groupOrAttrs
}

// NewHandler returns a handler that redacts sensitive values (see the package documentation)
// and adds tenant_id and request_id from the tenant.Context in the record's context before
// passing records to inner. opts may be nil.
func NewHandler(inner slog.Handler, opts *Options) slog.Handler {
	return &handler{inner: inner, r: newRedactor(opts)}
}

func (h *handler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.inner.Enabled(ctx, level)
}

func (h *handler) with(g groupOrAttrs) *handler {
	return &handler{inner: h.inner, r: h.r, goas: append(slices.Clip(h.goas), g)}
}

func (h *handler) WithAttrs(as []slog.Attr) slog.Handler {
	if len(as) == 0 {
		return h
	}
	return h.with(groupOrAttrs{attrs: h.r.attrs(as, 0)})
}

func (h *handler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	return h.with(groupOrAttrs{group: name})
}

func (h *handler) Handle(ctx context.Context, rec slog.Record) error {
	attrs := make([]slog.Attr, 0, rec.NumAttrs())
	rec.Attrs(func(a slog.Attr) bool {
		attrs = append(attrs, h.r.attr(a, 0))
		return true
	})
	for i := len(h.goas) - 1; i >= 0; i-- {
		g := h.goas[i]
		if g.group != "" {
			if len(attrs) == 0 {
				continue // slog drops empty groups
			}
			attrs = []slog.Attr{{Key: g.group, Value: slog.GroupValue(attrs...)}}
			continue
		}
		attrs = append(slices.Clip(g.attrs), attrs...)
	}
	out := slog.NewRecord(rec.Time, rec.Level, rec.Message, rec.PC)
	if tc, ok := tenant.FromContext(ctx); ok {
		out.AddAttrs(slog.String("tenant_id", tc.TenantID.String()))
		if tc.RequestID != "" {
			out.AddAttrs(slog.String("request_id", tc.RequestID))
		}
	}
	out.AddAttrs(attrs...)
	return h.inner.Handle(ctx, out)
}
