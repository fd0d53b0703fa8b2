package sqlcheck

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// quoteIdent quotes an identifier for SQL in a message's fix text when PostgreSQL would not read
// it back as written: upper case or other characters outside [a-z0-9_$], a leading digit, or a
// reserved keyword (asked of PostgreSQL's own scanner).
func quoteIdent(name string) string {
	plain := name != ""
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c == '_' || 'a' <= c && c <= 'z' || i > 0 && ('0' <= c && c <= '9' || c == '$')) {
			plain = false
			break
		}
	}
	if plain && !reservedWord(name) {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// reservedWord reports whether PostgreSQL's scanner reads name as a keyword that cannot be a
// table or column name unquoted.
func reservedWord(name string) bool {
	res, err := pg_query.Scan(name)
	if err != nil || len(res.Tokens) != 1 {
		return true
	}
	switch res.Tokens[0].KeywordKind {
	case pg_query.KeywordKind_RESERVED_KEYWORD, pg_query.KeywordKind_TYPE_FUNC_NAME_KEYWORD:
		return true
	}
	return false
}

// quoteQualified quotes each part of a schema-qualified name (public.TenantMember becomes
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
