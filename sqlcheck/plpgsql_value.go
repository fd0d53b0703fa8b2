package sqlcheck

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// plKind is the kind of a value the PL/pgSQL evaluator knows. vUnknown is a value that depends
// on data the migrations do not show (a parameter, a user table, a sequence).
type plKind uint8

const (
	vUnknown plKind = iota
	vNull
	vText
	vInt
	vBool
	vArray
	vRecord
)

// hole marks, inside a text value, a part that depends on run-time data. PostgreSQL text can
// never hold a NUL byte, so the marker cannot clash with real text.
const hole = "\x00"

// Limits that keep the evaluation finite whatever the input.
const (
	plMaxSteps = 20000   // statements and loop iterations per evaluation
	plMaxText  = 1 << 16 // bytes of one text value
	plMaxArray = 10000   // elements of one array, rows of one query
	plMaxDepth = 8       // DO blocks inside EXECUTEd strings inside DO blocks
)

// plValue is a value of the evaluator.
type plValue struct {
	k    plKind
	s    string
	i    int64
	b    bool
	arr  []plValue
	cols []string // vRecord: column names, in order
	vals []plValue
}

var unknown = plValue{}

func textV(s string) plValue {
	if len(s) > plMaxText {
		return unknown
	}
	return plValue{k: vText, s: s}
}

func boolV(b bool) plValue { return plValue{k: vBool, b: b} }

func nullV() plValue { return plValue{k: vNull} }

// partial reports whether a text value has parts that depend on run-time data.
func (v plValue) partial() bool { return v.k == vText && strings.Contains(v.s, hole) }

// known reports whether the value is fully known.
func (v plValue) known() bool {
	switch v.k {
	case vUnknown:
		return false
	case vText:
		return !v.partial()
	case vArray:
		for _, e := range v.arr {
			if !e.known() {
				return false
			}
		}
	case vRecord:
		for _, e := range v.vals {
			if !e.known() {
				return false
			}
		}
	}
	return true
}

// text converts a scalar to its text form; ok is false for NULL, arrays and records. An
// unknown value becomes a hole.
func (v plValue) text() (string, bool) {
	switch v.k {
	case vUnknown:
		return hole, true
	case vText:
		return v.s, true
	case vInt:
		return strconv.FormatInt(v.i, 10), true
	case vBool:
		if v.b {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

// field returns a record's field.
func (v plValue) field(name string) plValue {
	if v.k != vRecord {
		return unknown
	}
	for i, c := range v.cols {
		if c == name {
			return v.vals[i]
		}
	}
	return unknown
}

// truth is the value of a condition: ok is false when it is not known.
func (v plValue) truth() (b, ok bool) {
	switch v.k {
	case vBool:
		return v.b, true
	case vNull:
		return false, true
	}
	return false, false
}

func equalV(a, b plValue) plValue {
	if a.k == vNull || b.k == vNull {
		return nullV()
	}
	if !a.known() || !b.known() {
		return unknown
	}
	if a.k == vInt && b.k == vInt {
		return boolV(a.i == b.i)
	}
	if a.k == vBool || b.k == vBool {
		ab, ok1 := castV(a, "bool").truth()
		bb, ok2 := castV(b, "bool").truth()
		if !ok1 || !ok2 {
			return unknown
		}
		return boolV(ab == bb)
	}
	as, ok1 := a.text()
	bs, ok2 := b.text()
	if !ok1 || !ok2 {
		return unknown
	}
	if a.k == vInt || b.k == vInt {
		ai, e1 := strconv.ParseInt(strings.TrimSpace(as), 10, 64)
		bi, e2 := strconv.ParseInt(strings.TrimSpace(bs), 10, 64)
		if e1 != nil || e2 != nil {
			return unknown
		}
		return boolV(ai == bi)
	}
	return boolV(as == bs)
}

// compareV orders two known scalars: -1, 0, 1, ok false when they cannot be ordered here.
func compareV(a, b plValue) (int, bool) {
	if !a.known() || !b.known() || a.k == vNull || b.k == vNull {
		return 0, false
	}
	if a.k == vInt && b.k == vInt {
		switch {
		case a.i < b.i:
			return -1, true
		case a.i > b.i:
			return 1, true
		}
		return 0, true
	}
	if a.k == vText && b.k == vText {
		return strings.Compare(a.s, b.s), true
	}
	return 0, false
}

func notV(v plValue) plValue {
	if b, ok := v.truth(); ok && v.k == vBool {
		return boolV(!b)
	}
	if v.k == vNull {
		return v
	}
	return unknown
}

// castV applies a cast to a type, named by the last part of its name.
func castV(v plValue, typ string) plValue {
	if v.k == vNull || v.k == vUnknown {
		return v
	}
	switch typ {
	case "text", "varchar", "name", "bpchar", "char", "character varying", "regclass", "regnamespace", "regrole", "unknown":
		if s, ok := v.text(); ok {
			return textV(s)
		}
		return unknown
	case "int", "int2", "int4", "int8", "integer", "bigint", "smallint":
		switch v.k {
		case vInt:
			return v
		case vText:
			if v.partial() {
				return unknown
			}
			if i, err := strconv.ParseInt(strings.TrimSpace(v.s), 10, 64); err == nil {
				return plValue{k: vInt, i: i}
			}
		}
		return unknown
	case "bool", "boolean":
		switch v.k {
		case vBool:
			return v
		case vText:
			switch strings.ToLower(strings.TrimSpace(v.s)) {
			case "t", "true", "on", "yes", "y", "1":
				return boolV(true)
			case "f", "false", "off", "no", "n", "0":
				return boolV(false)
			}
		}
		return unknown
	}
	if strings.HasSuffix(typ, "[]") || strings.HasPrefix(typ, "_") {
		if v.k == vArray {
			return v
		}
		return unknown
	}
	if v.k == vText || v.k == vInt || v.k == vBool {
		return v // a cast to a type the evaluator does not model keeps the literal's text
	}
	return unknown
}

// concatV is a || b.
func concatV(a, b plValue) plValue {
	if a.k == vArray || b.k == vArray {
		var out []plValue
		for _, v := range []plValue{a, b} {
			switch v.k {
			case vArray:
				out = append(out, v.arr...)
			case vNull:
			default:
				out = append(out, v)
			}
		}
		if len(out) > plMaxArray {
			return unknown
		}
		return plValue{k: vArray, arr: out}
	}
	if a.k == vNull || b.k == vNull {
		return nullV()
	}
	as, ok1 := a.text()
	bs, ok2 := b.text()
	if !ok1 || !ok2 {
		return unknown
	}
	return textV(as + bs)
}

// quoteIdent is PostgreSQL's quote_ident: the name as is when it is a lower-case identifier
// that is not a keyword (other than an unreserved one), else in double quotes.
func quoteIdent(s string) string {
	plain := s != ""
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = c == '_' || c >= 'a' && c <= 'z' || i > 0 && (c >= '0' && c <= '9' || c == '$')
	}
	if plain {
		if sr, err := pg_query.Scan(s); err == nil && len(sr.Tokens) == 1 {
			k := sr.Tokens[0].KeywordKind
			plain = k == pg_query.KeywordKind_NO_KEYWORD || k == pg_query.KeywordKind_UNRESERVED_KEYWORD
		} else {
			plain = false
		}
	}
	if plain {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// quoteLiteral is PostgreSQL's quote_literal.
func quoteLiteral(s string) string {
	q := "'" + strings.ReplaceAll(s, "'", "''") + "'"
	if strings.Contains(s, `\`) {
		q = "E" + strings.ReplaceAll(q, `\`, `\\`)
	}
	return q
}

// quoteV applies quote_ident (ident) or quote_literal to a value; a hole stays a hole.
func quoteV(v plValue, ident bool) plValue {
	switch {
	case v.k == vNull:
		if ident {
			return unknown // format('%I', NULL) is an error
		}
		return textV("NULL")
	case v.k == vUnknown || v.partial():
		return textV(hole)
	}
	s, ok := v.text()
	if !ok {
		return unknown
	}
	if ident {
		return textV(quoteIdent(s))
	}
	return textV(quoteLiteral(s))
}

// formatV is PostgreSQL's format(): %s, %I, %L and %% with optional n$ argument positions.
// Widths and flags are not modelled and make the result unknown.
func formatV(fmtv plValue, args []plValue) plValue {
	if fmtv.k == vNull {
		return nullV()
	}
	if fmtv.k != vText || fmtv.partial() {
		return unknown
	}
	f := fmtv.s
	var b strings.Builder
	next := 0
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(f) {
			return unknown
		}
		if f[i] == '%' {
			b.WriteByte('%')
			continue
		}
		argn := -1
		j := i
		for j < len(f) && f[j] >= '0' && f[j] <= '9' {
			j++
		}
		if j > i && j < len(f) && f[j] == '$' {
			n, err := strconv.Atoi(f[i:j])
			if err != nil || n < 1 {
				return unknown
			}
			argn = n - 1
			i = j + 1
		}
		if i >= len(f) {
			return unknown
		}
		if argn < 0 {
			argn = next
		}
		next = argn + 1
		if argn >= len(args) {
			return unknown // too few arguments: an error at run time
		}
		a := args[argn]
		switch f[i] {
		case 's':
			switch {
			case a.k == vNull:
			case a.k == vUnknown:
				b.WriteString(hole)
			default:
				s, ok := a.text()
				if !ok {
					return unknown
				}
				b.WriteString(s)
			}
		case 'I', 'L':
			q := quoteV(a, f[i] == 'I')
			if q.k != vText {
				return unknown
			}
			b.WriteString(q.s)
		default:
			return unknown
		}
		if b.Len() > plMaxText {
			return unknown
		}
	}
	return textV(b.String())
}

// likeV matches s against a LIKE pattern (% and _, backslash escapes).
func likeV(s, pat string) bool {
	if len(pat) > 1000 {
		return false
	}
	// Iterative matching with backtracking on the last %.
	si, pi := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(pat) && pat[pi] == '\\' && pi+1 < len(pat) && pat[pi+1] == s[si]:
			si++
			pi += 2
		case pi < len(pat) && (pat[pi] == '_' || pat[pi] != '%' && pat[pi] != '\\' && pat[pi] == s[si]):
			si++
			pi++
		case pi < len(pat) && pat[pi] == '%':
			star, mark = pi, si
			pi++
		case star >= 0:
			mark++
			si = mark
			pi = star + 1
		default:
			return false
		}
	}
	for pi < len(pat) && pat[pi] == '%' {
		pi++
	}
	return pi == len(pat)
}
