package sqlscope

import (
	"strconv"
	"strings"

	"github.com/tenantvet/tenantvet/internal/knownapi"
)

// sqlxNamed compiles the SQL of sqlx's named queries (NamedExec, NamedQuery and their Context
// forms) the way sqlx does before it sends them: :name binds an argument ($N for PostgreSQL),
// :: is an escaped colon, := is left alone. The parser can then read the statement.
func sqlxNamed(st *querySite) {
	if st.api == nil || st.api.Pkg != knownapi.PkgSqlx || !strings.HasPrefix(st.api.Name, "Named") {
		return
	}
	for i, s := range st.sqls {
		st.sqls[i] = compileNamed(s)
	}
	for i, s := range st.partial {
		st.partial[i] = compileNamed(s)
	}
}

func compileNamed(s string) string {
	var b strings.Builder
	n := 0
	isName := func(c byte) bool {
		return c == '_' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	for i := 0; i < len(s); i++ {
		if s[i] != ':' {
			b.WriteByte(s[i])
			continue
		}
		switch {
		case i+1 < len(s) && s[i+1] == ':':
			b.WriteByte(':')
			i++
		case i+1 < len(s) && isName(s[i+1]):
			j := i + 1
			for j < len(s) && isName(s[j]) {
				j++
			}
			n++
			b.WriteString("$" + strconv.Itoa(n))
			i = j - 1
		default:
			b.WriteByte(':')
		}
	}
	return b.String()
}
