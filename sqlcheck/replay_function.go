package sqlcheck

import (
	"encoding/json"
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

func (r *replayer) createFunction(cf *pg_query.CreateFunctionStmt) {
	f := &Function{Name: r.qualifyList(listName(cf.Funcname)), Pos: r.stmtPos()}
	lang, body, hasBody, asLoc := "sql", "", false, int32(-1)
	for _, o := range cf.Options {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		switch d.Defname {
		case "language":
			if s := d.Arg.GetString_(); s != nil {
				lang = strings.ToLower(s.Sval)
			}
		case "as":
			if l := d.Arg.GetList(); l != nil {
				if vals := strVals(l.Items); len(vals) > 0 && len(vals) == len(l.Items) {
					body, hasBody, asLoc = vals[0], true, d.Location
				}
			}
		case "security":
			f.SecurityDefiner = defBool(d)
		case "set":
			r.functionSet(f, d)
		}
	}
	var plfn *plFunction
	delete(r.plFuncs, f.Name)
	delete(r.plNotes, f.Name)
	switch {
	case cf.SqlBody != nil:
		f.Refs = r.relRefs(cf.SqlBody)
		r.scanCalls(cf.SqlBody, f.Pos, true)
		f.Setting = r.bodySetting(cf.SqlBody)
	case lang == "sql" && body != "":
		tree, err := pg_query.Parse(body)
		if err != nil {
			// PostgreSQL would reject it too unless check_function_bodies is off; either way
			// nothing about what it touches is known.
			r.event("unanalysed", "", "function "+f.Name+" (its SQL body does not parse)", f.Pos)
			break
		}
		f.Refs = r.relRefs(tree)
		r.scanCalls(tree, f.Pos, false)
		if len(tree.Stmts) == 1 {
			f.Setting = r.bodySetting(tree.Stmts[0].Stmt)
		}
	case lang == "plpgsql" && hasBody:
		// pg_query's PL/pgSQL parser asserts (aborting the process) on a function without AS.
		if plfn = r.plpgsql(f, r.stmtText(), body, asLoc); plfn != nil {
			r.storePL(f.Name, plfn, cf.Parameters)
		}
	case lang != "sql" && lang != "plpgsql" && f.SecurityDefiner:
		// A SECURITY DEFINER body in another language (plpython3u, plv8, C) runs with its
		// owner's rights and cannot be read; an invoker's stays under the caller's policies.
		r.event("unanalysed", "", "SECURITY DEFINER function "+f.Name+" in LANGUAGE "+lang, f.Pos)
	}
	switch lang {
	case "sql":
		r.memberFunction(f, cf, body) // membership.go
	case "plpgsql":
		r.memberPL(f, cf, plfn) // membership_plpgsql.go
	}
	r.s.Functions[f.Name] = f
}

func (r *replayer) functionSet(f *Function, d *pg_query.DefElem) {
	vs := d.Arg.GetVariableSetStmt()
	if vs == nil {
		return
	}
	switch vs.Name {
	case "search_path":
		f.SearchPath = vs.Kind == pg_query.VariableSetKind_VAR_SET_VALUE || vs.Kind == pg_query.VariableSetKind_VAR_SET_CURRENT
		if !f.SearchPath {
			f.Pos = r.stmtPos() // an ALTER FUNCTION ... RESET search_path is what to report
		}
	case "row_security":
		if isOff(vs) {
			r.event("row-security-off", "", "function "+f.Name, r.stmtPos())
		}
	}
}

// plpgsqlBody is what pg_query's PL/pgSQL parser found in a function or DO body.
type plpgsqlBody struct {
	dynamic bool     // EXECUTE, FOR ... EXECUTE or OPEN ... FOR EXECUTE
	stmts   []string // plain SQL statements (PLpgSQL_stmt_execsql), in order
	queries []string // every embedded query and expression, statements included
}

// parsePlpgsql parses the text of a CREATE FUNCTION ... LANGUAGE plpgsql statement: the
// queries inside it, and the typed tree the evaluator runs (nil if it does not decode).
func parsePlpgsql(text string) (*plpgsqlBody, *plFunction, error) {
	out, err := pg_query.ParsePlPgSqlToJSON(text)
	if err != nil {
		return nil, nil, err
	}
	var tree any
	if err := json.Unmarshal([]byte(out), &tree); err != nil {
		return nil, nil, err
	}
	b := &plpgsqlBody{}
	var visit func(v any)
	visit = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				if k == "PLpgSQL_stmt_dynexecute" || k == "PLpgSQL_stmt_dynfors" || k == "PLpgSQL_stmt_open" && hasKey(val, "dynquery") || k == "PLpgSQL_stmt_return_query" && hasKey(val, "dynquery") {
					b.dynamic = true
				}
				if k == "PLpgSQL_stmt_execsql" {
					if q, ok := exprQuery(val, "sqlstmt"); ok {
						b.stmts = append(b.stmts, q)
					}
				}
				if k == "query" {
					if s, ok := val.(string); ok {
						b.queries = append(b.queries, s)
						continue
					}
				}
				visit(val)
			}
		case []any:
			for _, e := range x {
				visit(e)
			}
		}
	}
	visit(tree)
	fn, _ := decodePLFunction(out)
	return b, fn, nil
}

// exprQuery returns v[key].PLpgSQL_expr.query.
func exprQuery(v any, key string) (string, bool) {
	m, _ := v.(map[string]any)
	e, _ := m[key].(map[string]any)
	pe, _ := e["PLpgSQL_expr"].(map[string]any)
	q, ok := pe["query"].(string)
	return q, ok
}

// plpgsql parses a PL/pgSQL function and reads the SQL inside it. body is the text of its
// body, asLoc the location of the AS before it. The strings its EXECUTE statements run are evaluated where the body
// determines them; the rest is reported at the EXECUTE.
func (r *replayer) plpgsql(f *Function, text, body string, asLoc int32) *plFunction {
	b, fn, err := parsePlpgsql(text)
	if err != nil {
		r.unparsedBody(f, text, err) // bodyrefs.go
		return nil
	}
	for _, q := range b.queries {
		tree, err := pg_query.Parse(q)
		if err != nil {
			tree, err = pg_query.Parse("SELECT " + q)
		}
		if err != nil {
			continue
		}
		r.addRefs(f, tree)
		r.scanCalls(tree, f.Pos, false)
	}
	if !b.dynamic {
		return fn
	}
	if fn == nil {
		r.event("unanalysed", "", "dynamic EXECUTE in function "+f.Name, f.Pos)
		return nil
	}
	r.evalFunction(f, fn, r.newLocator(body, r.bodyOffset(asLoc, true)))
	return fn
}

func (r *replayer) addRefs(f *Function, tree any) {
	for _, ref := range r.relRefs(tree) {
		if !slices.Contains(f.Refs, ref) {
			f.Refs = append(f.Refs, ref)
		}
	}
}

// doBlock evaluates a PL/pgSQL DO block: the statements it runs, static or EXECUTEd, are
// replayed where they run, a branch whose condition is not known as if it ran (the usual DO
// block guards a CREATE ROLE with IF NOT EXISTS). A block in another language, and an EXECUTE
// whose statement depends on run-time data, cannot be analysed and are reported.
func (r *replayer) doBlock(ds *pg_query.DoStmt) {
	lang, body, hasBody, bodyLoc := "plpgsql", "", false, int32(-1)
	for _, a := range ds.Args {
		d := a.GetDefElem()
		if d == nil {
			continue
		}
		switch d.Defname {
		case "language":
			if s := d.Arg.GetString_(); s != nil {
				lang = strings.ToLower(s.Sval)
			}
		case "as":
			if s := d.Arg.GetString_(); s != nil {
				body, hasBody, bodyLoc = s.Sval, true, d.Location
			}
		}
	}
	if lang != "plpgsql" || !hasBody {
		r.event("unanalysed", "", "DO block in LANGUAGE "+lang, r.stmtPos())
		return
	}
	if r.plDepth >= plMaxDepth {
		r.event("unanalysed", "", "DO block nested in EXECUTE too deeply", r.stmtPos())
		return
	}
	tag := "$tenantvet$"
	for i := 0; strings.Contains(body, tag); i++ {
		tag = "$tenantvet" + itoa(int32(i)) + "$"
	}
	b, fn, err := parsePlpgsql("CREATE FUNCTION tenantvet_do() RETURNS void LANGUAGE plpgsql AS " + tag + body + tag)
	if err != nil {
		r.event("unanalysed", "", "DO block ("+err.Error()+")", r.stmtPos())
		return
	}
	// Node locations inside the body are offsets into the body: findings point at the line
	// of the statement in the body, or at the DO.
	saved := r.inBody
	r.inBody = true
	defer func() { r.inBody = saved }()
	stmts := map[string]bool{}
	for _, q := range b.stmts {
		stmts[q] = true
	}
	if fn != nil {
		r.evalDo(fn, r.newLocator(body, r.bodyOffset(bodyLoc, false)))
	} else {
		if b.dynamic {
			r.event("unanalysed", "", "DO block with dynamic EXECUTE", r.stmtPos())
		}
		for _, q := range b.stmts {
			if tree, err := pg_query.Parse(q); err == nil {
				for _, raw := range tree.Stmts {
					r.stmt(raw.Stmt)
				}
			}
		}
	}
	for _, q := range b.queries {
		if stmts[q] {
			continue
		}
		tree, err := pg_query.Parse(q)
		if err != nil {
			tree, err = pg_query.Parse("SELECT " + q)
		}
		if err == nil {
			r.scanCalls(tree, r.stmtPos(), false)
		}
	}
}

func hasKey(v any, key string) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	_, ok = m[key]
	return ok
}

func (r *replayer) alterFunction(af *pg_query.AlterFunctionStmt) {
	if af.Func == nil {
		return
	}
	f := r.s.Functions[r.qualifyList(listName(af.Func.Objname))]
	if f == nil {
		return
	}
	for _, a := range af.Actions {
		d := a.GetDefElem()
		if d == nil {
			continue
		}
		switch d.Defname {
		case "security":
			f.SecurityDefiner = defBool(d)
			f.Pos = r.stmtPos()
		case "set":
			r.functionSet(f, d)
		}
	}
}
