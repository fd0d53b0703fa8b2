package sqlcheck

import (
	"strings"
)

// quoteQualified quotes each part of a schema-qualified name with quoteIdent (public.TenantMember becomes
// public."TenantMember").
func quoteQualified(name string) string {
	schema, rel, ok := strings.Cut(name, ".")
	if !ok {
		return quoteIdent(name)
	}
	return quoteIdent(schema) + "." + quoteIdent(rel)
}

// quoteList quotes and joins column names.
func quoteList(cols []string) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = quoteIdent(c)
	}
	return strings.Join(out, ", ")
}
