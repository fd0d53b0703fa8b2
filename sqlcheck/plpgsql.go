package sqlcheck

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"github.com/pganalyze/pg_query_go/v5/parser"
)

// The PL/pgSQL tree pg_query prints (ParsePlPgSqlToJSON), decoded into typed structs. Every
// node is an object with one key naming its type; a struct of pointers decodes any of them.

type plFunction struct {
	Datums []plDatum `json:"datums"`
	Action plStmt    `json:"action"`
}

type plDatum struct {
	Var *plVar `json:"PLpgSQL_var"`
	Rec *plVar `json:"PLpgSQL_rec"`
	Row *plRow `json:"PLpgSQL_row"`
}

type plVar struct {
	Refname  string  `json:"refname"`
	Lineno   int     `json:"lineno"`
	Datatype *plType `json:"datatype"`
	Default  *plExpr `json:"default_val"`
}

type plType struct {
	T struct {
		Typname string `json:"typname"`
	} `json:"PLpgSQL_type"`
}

type plRow struct {
	Fields []struct {
		Name  string `json:"name"`
		Varno int    `json:"varno"`
	} `json:"fields"`
}

// plTarget is the variable a loop or INTO assigns: a row of variables, or one variable.
type plTarget struct {
	Row *plRow `json:"PLpgSQL_row"`
	Var *plVar `json:"PLpgSQL_var"`
	Rec *plVar `json:"PLpgSQL_rec"`
}

type plExpr struct {
	E struct {
		Query string `json:"query"`
	} `json:"PLpgSQL_expr"`
}

func (e *plExpr) query() string {
	if e == nil {
		return ""
	}
	return e.E.Query
}

type plStmt struct {
	Block      *plBlock   `json:"PLpgSQL_stmt_block"`
	Assign     *plAssign  `json:"PLpgSQL_stmt_assign"`
	If         *plIf      `json:"PLpgSQL_stmt_if"`
	Case       *plCase    `json:"PLpgSQL_stmt_case"`
	Loop       *plLoop    `json:"PLpgSQL_stmt_loop"`
	While      *plLoop    `json:"PLpgSQL_stmt_while"`
	ForI       *plForI    `json:"PLpgSQL_stmt_fori"`
	ForS       *plForS    `json:"PLpgSQL_stmt_fors"`
	ForC       *plForS    `json:"PLpgSQL_stmt_forc"`
	ForEach    *plForEach `json:"PLpgSQL_stmt_foreach_a"`
	DynFors    *plForS    `json:"PLpgSQL_stmt_dynfors"`
	Exit       *plExit    `json:"PLpgSQL_stmt_exit"`
	Return     *plReturn  `json:"PLpgSQL_stmt_return"`
	Raise      *plRaise   `json:"PLpgSQL_stmt_raise"`
	ExecSQL    *plExecSQL `json:"PLpgSQL_stmt_execsql"`
	DynExecute *plExecSQL `json:"PLpgSQL_stmt_dynexecute"`
	GetDiag    *plGetDiag `json:"PLpgSQL_stmt_getdiag"`
	Fetch      *plExecSQL `json:"PLpgSQL_stmt_fetch"`
	Call       *plExecSQL `json:"PLpgSQL_stmt_call"`
	Open       *plOpen    `json:"PLpgSQL_stmt_open"`
	RetQuery   *plOpen    `json:"PLpgSQL_stmt_return_query"`
	Perform    *plExecSQL `json:"PLpgSQL_stmt_perform"`
}

type plBlock struct {
	Lineno     int      `json:"lineno"`
	Label      string   `json:"label"`
	Body       []plStmt `json:"body"`
	Exceptions *struct {
		B struct {
			List []struct {
				E struct {
					Action []plStmt `json:"action"`
				} `json:"PLpgSQL_exception"`
			} `json:"exc_list"`
		} `json:"PLpgSQL_exception_block"`
	} `json:"exceptions"`
}

type plAssign struct {
	Lineno int     `json:"lineno"`
	Varno  int     `json:"varno"`
	Expr   *plExpr `json:"expr"`
}

type plIf struct {
	Lineno int      `json:"lineno"`
	Cond   *plExpr  `json:"cond"`
	Then   []plStmt `json:"then_body"`
	Elsifs []struct {
		E struct {
			Cond  *plExpr  `json:"cond"`
			Stmts []plStmt `json:"stmts"`
		} `json:"PLpgSQL_if_elsif"`
	} `json:"elsif_list"`
	Else []plStmt `json:"else_body"`
}

type plCase struct {
	Lineno int     `json:"lineno"`
	TExpr  *plExpr `json:"t_expr"`
	TVarno int     `json:"t_varno"`
	Whens  []struct {
		W struct {
			Expr  *plExpr  `json:"expr"`
			Stmts []plStmt `json:"stmts"`
		} `json:"PLpgSQL_case_when"`
	} `json:"case_when_list"`
	HaveElse bool     `json:"have_else"`
	Else     []plStmt `json:"else_stmts"`
}

type plLoop struct {
	Lineno int      `json:"lineno"`
	Label  string   `json:"label"`
	Cond   *plExpr  `json:"cond"` // WHILE only
	Body   []plStmt `json:"body"`
}

type plForI struct {
	Lineno  int      `json:"lineno"`
	Label   string   `json:"label"`
	Var     plTarget `json:"var"`
	Lower   *plExpr  `json:"lower"`
	Upper   *plExpr  `json:"upper"`
	Step    *plExpr  `json:"step"`
	Reverse bool     `json:"reverse"`
	Body    []plStmt `json:"body"`
}

type plForS struct {
	Lineno int      `json:"lineno"`
	Label  string   `json:"label"`
	Var    plTarget `json:"var"`
	Query  *plExpr  `json:"query"`
	Body   []plStmt `json:"body"`
}

type plForEach struct {
	Lineno int      `json:"lineno"`
	Label  string   `json:"label"`
	Varno  int      `json:"varno"`
	Slice  int      `json:"slice"`
	Expr   *plExpr  `json:"expr"`
	Body   []plStmt `json:"body"`
}

type plExit struct {
	Lineno int     `json:"lineno"`
	IsExit bool    `json:"is_exit"`
	Label  string  `json:"label"`
	Cond   *plExpr `json:"cond"`
}

type plReturn struct {
	Lineno   int     `json:"lineno"`
	Expr     *plExpr `json:"expr"`
	Retvarno *int    `json:"retvarno"` // RETURN of a row or record variable
}

type plRaise struct {
	Lineno    int `json:"lineno"`
	ElogLevel int `json:"elog_level"`
}

type plExecSQL struct {
	Lineno  int       `json:"lineno"`
	SQLStmt *plExpr   `json:"sqlstmt"` // execsql
	Query   *plExpr   `json:"query"`   // dynexecute
	Expr    *plExpr   `json:"expr"`    // call
	Into    bool      `json:"into"`
	Target  *plTarget `json:"target"`
}

type plGetDiag struct {
	Items []struct {
		I struct {
			Target int `json:"target"`
		} `json:"PLpgSQL_diag_item"`
	} `json:"diag_items"`
}

type plOpen struct {
	Lineno   int     `json:"lineno"`
	Query    *plExpr `json:"query"`
	DynQuery *plExpr `json:"dynquery"`
}

type plError string

func (e plError) Error() string { return string(e) }

const errNoFunction = plError("no PL/pgSQL function in the statement")

// decodePLFunction decodes the JSON pg_query prints for one PL/pgSQL function.
func decodePLFunction(out string) (*plFunction, error) {
	var fns []struct {
		F *plFunction `json:"PLpgSQL_function"`
	}
	if err := json.Unmarshal([]byte(out), &fns); err != nil {
		return nil, err
	}
	if len(fns) != 1 || fns[0].F == nil {
		return nil, errNoFunction
	}
	return fns[0].F, nil
}

// bodyOffset returns the file offset of the string literal holding a DO or function body: loc
// is the literal's location (DO) or that of the AS before it (afterAS). It is -1 when the
// statement is not text of the file (it is being EXECUTEd) or the location is unknown.
func (r *replayer) bodyOffset(loc int32, afterAS bool) int {
	off := r.base + int(loc) // locations count from the parsed statement's text
	if r.at != nil || r.text != nil || loc < 0 || off < r.rawOff {
		return -1
	}
	text := r.src.text
	if afterAS {
		if off+2 > len(text) || !strings.EqualFold(text[off:off+2], "as") {
			return -1
		}
		off = skipTrivia(text, off+2)
	}
	if off >= len(text) {
		return -1
	}
	return off
}

// plLocator maps PL/pgSQL line numbers (1 is the line the body starts on) and anchor tokens
// to positions in the migration file.
type plLocator struct {
	r    *replayer
	at   Pos   // the statement's position, for anything that cannot be placed exactly
	off  []int // file offset of each byte of the body; nil when the body is not located
	toks map[int][]plTok
	used map[string]int
}

type plTok struct {
	text string // lower case
	off  int    // offset in the body
}

func (r *replayer) newLocator(body string, lit int) *plLocator {
	l := &plLocator{r: r, at: r.stmtPos(), used: map[string]int{}}
	if lit < 0 {
		return l
	}
	text := r.src.text
	switch {
	case text[lit] == '$':
		end := strings.IndexByte(text[lit+1:], '$')
		if end < 0 {
			return l
		}
		start := lit + 1 + end + 1
		if start+len(body) > len(text) || text[start:start+len(body)] != body {
			return l
		}
		l.off = make([]int, len(body)+1)
		for i := range l.off {
			l.off[i] = start + i
		}
	case text[lit] == '\'':
		off := make([]int, 0, len(body)+1)
		i := lit + 1
		for j := 0; j < len(body); j++ {
			if i >= len(text) || text[i] != body[j] {
				return l
			}
			off = append(off, i)
			if body[j] == '\'' {
				if i+1 >= len(text) || text[i+1] != '\'' {
					return l
				}
				i++
			}
			i++
		}
		l.off = append(off, i)
	default:
		return l // E'...' and U&'...': escapes do not map byte for byte
	}
	sr, err := pg_query.Scan(body)
	if err != nil {
		l.off = nil
		return l
	}
	l.toks = map[int][]plTok{}
	line, last := 1, 0
	for _, t := range sr.Tokens {
		s, e := int(t.Start), int(t.End)
		if s < last || e > len(body) || s > e {
			continue
		}
		line += strings.Count(body[last:s], "\n")
		last = s
		l.toks[line] = append(l.toks[line], plTok{text: strings.ToLower(body[s:e]), off: s})
	}
	return l
}

// pos returns the position of the statement starting on line with the token anchor: the
// first such token on that line not yet taken.
func (l *plLocator) pos(line int, anchor string) Pos {
	if l.off == nil {
		return l.at
	}
	toks := l.toks[line]
	key := itoa(int32(line)) + " " + anchor
	n := l.used[key]
	l.used[key] = n + 1
	for _, t := range toks {
		if t.text == anchor {
			if n == 0 {
				return l.r.src.index.pos(l.off[t.off], l.r.stmtOff)
			}
			n--
		}
	}
	if len(toks) > 0 {
		return l.r.src.index.pos(l.off[toks[0].off], l.r.stmtOff)
	}
	return l.at
}

// linePos returns the position of the first token on a line of the body.
func (l *plLocator) linePos(line int) Pos {
	if l.off == nil || len(l.toks[line]) == 0 {
		return l.at
	}
	return l.r.src.index.pos(l.off[l.toks[line][0].off], l.r.stmtOff)
}

// firstToken returns the first token of a query, lower case.
func firstToken(q string) string {
	sr, err := pg_query.Scan(q)
	if err != nil || len(sr.Tokens) == 0 {
		return ""
	}
	t := sr.Tokens[0]
	if int(t.End) > len(q) || t.Start < 0 || t.Start > t.End {
		return ""
	}
	return strings.ToLower(q[t.Start:t.End])
}

// plUnknown collects the EXECUTEs whose statements depend on run-time data, once per EXECUTE
// however often a loop reaches it, with the tables they may touch.
type plUnknown struct {
	r      *replayer
	order  []Pos
	execs  map[Pos][]string
	parsed int // partial statements parsed for their tables, bounded like the evaluation
}

const unknownIdent = "tenantvet_unknown"

func (u *plUnknown) add(at Pos, v plValue) {
	if u.execs == nil {
		u.execs = map[Pos][]string{}
	}
	tables, seen := u.execs[at]
	if !seen {
		u.order = append(u.order, at)
	}
	if v.k == vText && len(v.s) <= 4096 && u.parsed < 200 {
		u.parsed++
		if tree, err := pg_query.Parse(strings.ReplaceAll(v.s, hole, unknownIdent)); err == nil {
			walk(tree, func(m any) bool {
				rv, ok := m.(*pg_query.RangeVar)
				if !ok || strings.Contains(rv.Relname, unknownIdent) || strings.Contains(rv.Schemaname, unknownIdent) {
					return true
				}
				name := u.r.rvName(rv)
				if t := u.r.table(rv); t != nil {
					name = t.Name
				}
				if !slices.Contains(tables, name) {
					tables = append(tables, name)
				}
				return true
			})
		}
	}
	u.execs[at] = tables
}

func (u *plUnknown) flush(where string) []*Event {
	var out []*Event
	for _, at := range u.order {
		d := "EXECUTE of a statement built from run-time data in " + where
		if t := u.execs[at]; len(t) > 0 {
			slices.Sort(t)
			d += " (it may touch " + strings.Join(t, ", ") + ")"
		}
		u.r.event("unanalysed", "", d, at)
		out = append(out, u.r.s.Events[len(u.r.s.Events)-1])
	}
	return out
}

// replaySQL parses a string a DO block runs and replays its statements, their findings at at.
func (r *replayer) replaySQL(sql string, at Pos) error {
	tree, err := pg_query.Parse(sql)
	if err != nil {
		return err
	}
	savedAt, savedText, savedBody := r.at, r.text, r.inBody
	defer func() { r.at, r.text, r.inBody = savedAt, savedText, savedBody }()
	r.at, r.inBody = &at, true
	for _, raw := range tree.Stmts {
		start := min(max(int(raw.StmtLocation), 0), len(sql))
		end := len(sql)
		if raw.StmtLen > 0 {
			end = min(start+int(raw.StmtLen), len(sql))
		}
		t := sql[start:end]
		r.text = &t
		r.stmt(raw.Stmt)
	}
	return nil
}

// evalDo runs a DO block's body against the model.
func (r *replayer) evalDo(fn *plFunction, loc *plLocator) {
	r.runPL(newPLEval(r, fn, true), loc, "a DO block", "DO block")
}

// runPL runs an evaluation whose statements take effect now (a DO block, a function a
// migration calls): each statement it runs is replayed.
func (r *replayer) runPL(e *plEval, loc *plLocator, where, what string) {
	if r.plDepth == 0 {
		r.plSteps = 0
	}
	r.plDepth++
	defer func() { r.plDepth-- }()
	u := &plUnknown{r: r}
	e.at = func(line int) Pos { return loc.linePos(line) }
	e.static = func(line int, q string) {
		// A statement that does not parse was rejected by PL/pgSQL already.
		_ = r.replaySQL(q, loc.pos(line, firstToken(q)))
	}
	e.dynamic = func(line int, v plValue) {
		at := loc.pos(line, "execute")
		switch {
		case v.k == vNull:
			// EXECUTE of NULL fails: the migration stops there.
		case v.k == vText && v.known():
			if !e.cost(len(v.s) / 64) {
				return
			}
			if err := r.replaySQL(v.s, at); err != nil {
				r.event("unanalysed", "", "EXECUTE of a statement that does not parse ("+plErrText(err)+") in "+where, at)
			} else {
				r.loopRLS(at)
			}
		default:
			u.add(at, v)
		}
	}
	e.run()
	u.flush(where)
	if e.limit && r.plDepth == 1 {
		r.event("unanalysed", "", what+" (its evaluation stopped after "+itoa(plMaxSteps)+" steps)", loc.at)
	}
}

// loopRLS records an EXECUTE at that enabled or forced row level security on a table.
func (r *replayer) loopRLS(at Pos) {
	for _, t := range r.s.Tables {
		if t.RLSPos != nil && *t.RLSPos == at && !slices.Contains(r.s.LoopRLS, at) {
			r.s.LoopRLS = append(r.s.LoopRLS, at)
		}
		if t.ForcePos != nil && *t.ForcePos == at && !slices.Contains(r.s.LoopForce, at) {
			r.s.LoopForce = append(r.s.LoopForce, at)
		}
	}
}

// plStored is a PL/pgSQL function a later migration may call: SELECT enable_rls('notes') runs
// its body then, with the arguments bound.
type plStored struct {
	name   string
	fn     *plFunction
	params []string         // names of the input parameters, in order
	defs   []*pg_query.Node // their DEFAULT expressions (nil for none)
}

func (r *replayer) storePL(name string, fn *plFunction, params []*pg_query.Node) {
	st := &plStored{name: name, fn: fn}
	for _, p := range params {
		fp := p.GetFunctionParameter()
		if fp == nil {
			continue
		}
		switch fp.Mode {
		case pg_query.FunctionParameterMode_FUNC_PARAM_OUT, pg_query.FunctionParameterMode_FUNC_PARAM_TABLE:
			continue
		}
		st.params = append(st.params, fp.Name)
		st.defs = append(st.defs, fp.Defexpr)
	}
	if r.plFuncs == nil {
		r.plFuncs = map[string]*plStored{}
	}
	r.plFuncs[name] = st
}

// storedPL returns the PL/pgSQL function a call names, if a migration created it.
func (r *replayer) storedPL(fc *pg_query.FuncCall) *plStored {
	if len(r.plFuncs) == 0 || fc == nil {
		return nil
	}
	name := r.qualifyList(listName(fc.Funcname))
	st := r.plFuncs[name]
	if st == nil && len(fc.Funcname) == 1 {
		st = r.plFuncs["public."+lastName(fc.Funcname)]
	}
	if st == nil || r.s.Functions[st.name] == nil {
		return nil
	}
	return st
}

// runCalls runs the PL/pgSQL functions a top-level SELECT or CALL of a migration calls, with
// arguments the migration determines (constants, rows of a catalog query or of unnest).
func (r *replayer) runCalls(n *pg_query.Node) {
	if len(r.plFuncs) == 0 || r.plDepth > 0 {
		return // inside a DO block the evaluator runs the calls with its variables
	}
	var called *plStored
	walk(n, func(m any) bool {
		if fc, ok := m.(*pg_query.FuncCall); ok && called == nil {
			called = r.storedPL(fc)
		}
		return called == nil
	})
	if called == nil {
		return
	}
	e := newPLEval(r, &plFunction{}, true)
	at := r.stmtPos()
	e.at = func(int) Pos { return at }
	r.plSteps = 0
	ok := false
	switch x := n.Node.(type) {
	case *pg_query.Node_SelectStmt:
		_, ok = e.selectRows(x.SelectStmt, nil)
	case *pg_query.Node_CallStmt:
		if x.CallStmt.Funccall != nil {
			e.funcCall(x.CallStmt.Funccall, nil)
			ok = true
		}
	}
	if !ok {
		r.event("unanalysed", "", "call of function "+called.name+" with arguments from run-time data", at)
	}
}

func hasName(m map[string]plValue, name string) bool {
	_, ok := m[name]
	return ok
}

// callPL runs a stored function's body with its arguments, its findings at the call.
func (r *replayer) callPL(st *plStored, args []plValue, named map[string]plValue, at Pos) {
	if r.plDepth >= plMaxDepth {
		r.event("unanalysed", "", "call of function "+st.name+" nested too deeply", at)
		return
	}
	// The migrations run this function: its calls are analysed instead of its body's EXECUTEs.
	if notes := r.plNotes[st.name]; len(notes) > 0 {
		r.s.Events = slices.DeleteFunc(r.s.Events, func(ev *Event) bool { return slices.Contains(notes, ev) })
		delete(r.plNotes, st.name)
	}
	e := newPLEval(r, st.fn, true)
	for i, name := range st.params {
		n, ok := e.names[name]
		switch {
		case !ok || name == "":
		case i < len(args):
			e.vars[n] = args[i]
		case hasName(named, name):
			e.vars[n] = named[name]
		case st.defs[i] != nil:
			e.vars[n] = e.eval(st.defs[i], nil)
		}
	}
	r.runPL(e, &plLocator{r: r, at: at}, "function "+st.name+" called here", "call of function "+st.name)
}

// evalFunction finds what a function body's EXECUTEs run: the tables of a statement the body
// determines become the function's references; the rest is reported.
func (r *replayer) evalFunction(f *Function, fn *plFunction, loc *plLocator) {
	if r.plDepth == 0 {
		r.plSteps = 0
	}
	u := &plUnknown{r: r}
	e := newPLEval(r, fn, false)
	e.static = func(int, string) {}
	e.dynamic = func(line int, v plValue) {
		at := loc.pos(line, "execute")
		if v.k == vNull {
			return
		}
		if v.k == vText && v.known() && e.cost(len(v.s)/64) {
			if tree, err := pg_query.Parse(v.s); err == nil {
				r.addRefs(f, tree)
				r.scanCalls(tree, at, false)
				return
			}
		}
		u.add(at, v)
	}
	e.run()
	if notes := u.flush("function " + f.Name); len(notes) > 0 {
		if r.plNotes == nil {
			r.plNotes = map[string][]*Event{}
		}
		r.plNotes[f.Name] = notes
	}
	if e.limit {
		r.event("unanalysed", "", "function "+f.Name+" (its evaluation stopped after "+itoa(plMaxSteps)+" steps)", loc.at)
	}
}

func plErrText(err error) string {
	var pe *parser.Error
	if errors.As(err, &pe) {
		return pe.Message
	}
	return err.Error()
}
