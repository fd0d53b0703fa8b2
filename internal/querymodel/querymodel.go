// Package querymodel is the one description of a query that every access path produces: the
// SQL path (constant SQL handed to database/sql, pgx, sqlx or sqlc) and each ORM or query
// builder recogniser (gorm, and the libraries after it). sqlscope's checks (TV1001 to TV1006)
// run on the model once, whatever produced it.
//
// A Query holds the operation, the target table with its alias, the joined tables, the
// predicate as the library builds it (a flat list of conditions joined by AND or OR, each
// possibly negated or parenthesised, in the order the library writes them: gorm and bun both
// keep such a list and join it left to right, so AND binds tighter than a later OR exactly as
// in their SQL), the columns an INSERT sets, and whether some part is built at run time.
// Where the handle came from is not part of the text: sqlscope follows the handle value the
// query runs on (scoped or not, and from which scope) separately, because it is the same for
// every access path.
//
// A model is judged by rendering it as the SQL statement the library would send and resolving
// that with the PostgreSQL parser (internal/sqlquery): top-level AND conjuncts, OR, NOT and
// sub-queries then mean exactly what they mean in PostgreSQL, and a condition string the
// library passes through verbatim (gorm's Where("a = ? OR b = ?")) is parsed, not matched.
package querymodel

import (
	"strconv"
	"strings"
)

// Op is the statement a query runs.
type Op int

// The operations.
const (
	Select Op = iota + 1
	Insert
	Update
	Delete
	Raw // SQL text written by hand (gorm's Raw and Exec): RawSQL holds it
)

// Conj joins a condition to the ones before it.
type Conj int

// The joins.
const (
	And Conj = iota
	Or
)

// Cond is one condition of the predicate list.
type Cond struct {
	Conj  Conj
	Not   bool
	Paren bool   // written in parentheses (gorm wraps a string holding AND or OR)
	SQL   string // a boolean SQL expression with $N placeholders
}

// Query is one query of any access path.
type Query struct {
	Op     Op
	Table  string // "" when it is not known
	Alias  string
	Joins  []string // JOIN clauses as SQL ("JOIN tags t ON t.note_id = notes.id")
	Where  []Cond
	Sets   []string // INSERT: the columns set
	RawSQL string   // Op Raw: the statement itself
	// Dynamic: some part (a condition, the table, the columns) is built at run time, so the
	// rendered SQL holds DynamicName in its place and cannot be judged in full.
	Dynamic bool
	params  int
}

// DynamicName stands for a part of a statement built at run time. It parses as an identifier,
// so the parser still tells which tables the statement names.
const DynamicName = "tenantvet_dynamic"

// Param returns the next placeholder, $1, $2, ...
func (q *Query) Param() string {
	q.params++
	return "$" + strconv.Itoa(q.params)
}

// Bind replaces the first nargs question marks of a condition string with placeholders, as gorm
// and bun do (every '?' byte while arguments remain, quoted or not); arguments beyond the last
// '?' are appended, as gorm appends them.
func (q *Query) Bind(s string, nargs int) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '?' && nargs > 0 {
			b.WriteString(q.Param())
			nargs--
			continue
		}
		b.WriteByte(s[i])
	}
	for ; nargs > 0; nargs-- {
		b.WriteString(" " + q.Param())
	}
	return b.String()
}

// AddCond appends a condition.
func (q *Query) AddCond(c Cond) { q.Where = append(q.Where, c) }

// SQL renders the statement the library sends.
func (q *Query) SQL() string {
	if q.Op == Raw {
		return q.RawSQL
	}
	table := q.Table
	if table == "" {
		table = DynamicName
	}
	rel := quoteIdent(table)
	if q.Alias != "" && q.Alias != table {
		rel += " AS " + quoteIdent(q.Alias)
	}
	var b strings.Builder
	switch q.Op {
	case Insert:
		b.WriteString("INSERT INTO " + rel)
		if len(q.Sets) == 0 {
			b.WriteString(" DEFAULT VALUES")
			return b.String()
		}
		b.WriteString(" (")
		for i, c := range q.Sets {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(quoteIdent(c))
		}
		b.WriteString(") VALUES (")
		for i := range q.Sets {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(q.Param())
		}
		b.WriteString(")")
		return b.String()
	case Update:
		b.WriteString("UPDATE " + rel + " SET " + DynamicName + " = " + DynamicName)
	case Delete:
		b.WriteString("DELETE FROM " + rel)
	default:
		b.WriteString("SELECT * FROM " + rel)
	}
	for _, j := range q.Joins {
		b.WriteString(" " + j)
	}
	if len(q.Where) > 0 {
		b.WriteString(" WHERE " + RenderConds(q.Where))
	}
	return b.String()
}

// RenderConds writes a list of conditions as SQL, each joined to the ones before it by its
// Conj (the first one's is not written). A group of conditions (gorm's Where(db.Where(...)))
// is rendered with it and becomes one condition of the outer list.
func RenderConds(conds []Cond) string {
	var b strings.Builder
	for i, c := range conds {
		if i > 0 {
			if c.Conj == Or {
				b.WriteString(" OR ")
			} else {
				b.WriteString(" AND ")
			}
		}
		if c.Not {
			b.WriteString("NOT ")
		}
		if c.Paren || c.Not {
			b.WriteString("(" + c.SQL + ")")
		} else {
			b.WriteString(c.SQL)
		}
	}
	return b.String()
}

// quoteIdent quotes each part of a name, so reserved words ("user") and mixed case read as
// written; "schema.table" stays qualified.
func quoteIdent(s string) string {
	parts := strings.Split(s, ".")
	for i, p := range parts {
		parts[i] = `"` + strings.ReplaceAll(p, `"`, `""`) + `"`
	}
	return strings.Join(parts, ".")
}
