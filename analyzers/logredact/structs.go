package logredact

import (
	"go/types"
	"reflect"
	"strings"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/sensitive"
)

// maxStructDepth bounds how deep structSecret looks into nested struct fields.
const maxStructDepth = 3

type structKey struct {
	t       types.Type
	fmt     bool
	safelog bool
}

// redactingMethods are methods through which a type controls how loggers render it: slog's
// LogValuer, fmt's Stringer and Formatter, zap's and zerolog's object marshalers, and the JSON
// and text marshalers JSON handlers use.
var redactingMethods = []string{"LogValue", "String", "Format", "MarshalLogObject", "MarshalZerologObject", "MarshalJSON", "MarshalText"}

// structSecret returns the path of a secret-bearing field of the struct type t (or *t, []t,
// map[k]t), or "" when there is none or the type renders itself through a redacting method.
// Fields are secret-bearing when their name or json name is a sensitive key and their type can
// carry a secret, or when they hold a request, headers or cookies. fmtPrinted says the value is
// printed by fmt (which shows unexported fields) rather than by a JSON or reflection encoder
// (which skips unexported fields and those tagged json:"-"). safelog says the value goes through
// safelog.NewHandler, which walks structs and redacts the fields whose key it knows, and renders
// requests and headers safely: only fields it lets through count.
func (c *checker) structSecret(t types.Type, fmtPrinted, safelog bool, depth int) string {
	if depth > maxStructDepth || t == nil {
		return ""
	}
	t = types.Unalias(t)
	for {
		switch u := t.Underlying().(type) {
		case *types.Pointer:
			t = types.Unalias(u.Elem())
			continue
		case *types.Slice:
			t = types.Unalias(u.Elem())
			continue
		case *types.Array:
			t = types.Unalias(u.Elem())
			continue
		case *types.Map:
			t = types.Unalias(u.Elem())
			continue
		}
		break
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || hasRedactingMethod(t) {
		return ""
	}
	if depth == 0 {
		if knownapi.IsNamed(t, "net/http", "Request") || knownapi.IsNamed(t, "net/url", "URL") {
			return "" // reported by their own rules or safe (url.URL prints the password masked)
		}
	}
	key := structKey{t, fmtPrinted, safelog}
	if p, ok := c.structs[key]; ok {
		return p
	}
	c.structs[key] = "" // cycles end here
	path := c.fieldSecret(st, fmtPrinted, safelog, depth)
	c.structs[key] = path
	return path
}

func (c *checker) fieldSecret(st *types.Struct, fmtPrinted, safelog bool, depth int) string {
	for i := range st.NumFields() {
		f := st.Field(i)
		tag := reflect.StructTag(st.Tag(i)).Get("json")
		jsonName, _, _ := strings.Cut(tag, ",")
		if !fmtPrinted && (!f.Exported() || jsonName == "-") {
			continue
		}
		ft := f.Type()
		if isCookie(ft) || !safelog && (knownapi.IsNamed(ft, "net/http", "Request") || knownapi.IsNamed(ft, "net/http", "Header")) {
			return f.Name()
		}
		// safelog names the field as encoding/json does.
		logKey := f.Name()
		if jsonName != "" && jsonName != "-" {
			logKey = jsonName
		}
		if !benignType(ft) && !(safelog && sensitive.SafelogRedacts(logKey)) {
			if _, ok := c.keys.Match(f.Name()); ok {
				return f.Name()
			}
			if jsonName != "" && jsonName != "-" {
				if _, ok := c.keys.Match(jsonName); ok {
					return f.Name()
				}
			}
		}
		if safelog && isBytes(ft) {
			continue
		}
		if p := c.structSecret(ft, fmtPrinted, safelog, depth+1); p != "" {
			return f.Name() + "." + p
		}
	}
	return ""
}

func benignType(t types.Type) bool {
	if knownapi.IsNamed(t, "time", "Time") || knownapi.IsNamed(t, "time", "Duration") {
		return true
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&(types.IsBoolean|types.IsNumeric) != 0
}

func hasRedactingMethod(t types.Type) bool {
	named, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	ms := types.NewMethodSet(types.NewPointer(named))
	for _, name := range redactingMethods {
		if ms.Lookup(named.Obj().Pkg(), name) != nil {
			return true
		}
	}
	return false
}
