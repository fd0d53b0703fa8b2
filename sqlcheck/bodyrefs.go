package sqlcheck

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// unparsedBody records a PL/pgSQL function whose body pg_query's PL/pgSQL parser rejects
// although PostgreSQL accepts it (bound cursors, RETURN NEXT with OUT parameters). It is not a
// finding by itself: the rules report it (TV5023) only when one of the tables it may touch, the
// names PostgreSQL's scanner finds in the body, is a tenant table.
func (r *replayer) unparsedBody(f *Function, text string, err error) {
	r.s.Events = append(r.s.Events, &Event{
		Kind:   "unanalysed-body",
		Detail: "function " + f.Name + " (" + err.Error() + ")",
		Tables: r.bodyNames(text),
		Pos:    f.Pos,
	})
}

// bodyNames returns the schema-qualified names a function's body may name as tables: every
// identifier, or schema.name pair, among the body's tokens.
func (r *replayer) bodyNames(stmt string) []string {
	tree, err := pg_query.Parse(stmt)
	if err != nil || len(tree.Stmts) != 1 {
		return nil
	}
	cf := tree.Stmts[0].Stmt.GetCreateFunctionStmt()
	if cf == nil {
		return nil
	}
	body := ""
	for _, o := range cf.Options {
		if d := o.GetDefElem(); d != nil && d.Defname == "as" {
			if l := d.Arg.GetList(); l != nil {
				if vals := strVals(l.Items); len(vals) > 0 {
					body = vals[0]
				}
			}
		}
	}
	scan, err := pg_query.Scan(body)
	if err != nil {
		return nil
	}
	word := func(tok *pg_query.ScanToken) (string, bool) {
		if tok.Token != pg_query.Token_IDENT && tok.KeywordKind != pg_query.KeywordKind_UNRESERVED_KEYWORD && tok.KeywordKind != pg_query.KeywordKind_COL_NAME_KEYWORD {
			return "", false
		}
		w := body[tok.Start:tok.End]
		if strings.HasPrefix(w, `"`) {
			return strings.ReplaceAll(strings.Trim(w, `"`), `""`, `"`), true
		}
		return strings.ToLower(w), true
	}
	var out []string
	seen := map[string]bool{}
	toks := scan.Tokens
	for i := 0; i < len(toks); i++ {
		w, ok := word(toks[i])
		if !ok {
			continue
		}
		name := r.qualify("", w)
		if i+2 < len(toks) && toks[i+1].Token == pg_query.Token_ASCII_46 {
			if rel, ok := word(toks[i+2]); ok {
				name = w + "." + rel
				i += 2
			}
		}
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out
}
