package sqlscope

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/rules"
	"github.com/tenantvet/tenantvet/internal/sqlquery"
	"github.com/tenantvet/tenantvet/internal/taint"
)

// querySite is one query: a call of a query API (api set) or of a function whose fact says it
// queries through some of its parameters (callee set).
type querySite struct {
	fn      *ssa.Function
	instr   ssa.CallInstruction // nil for an escape
	pos     analysis.Range      // set for an escape
	escape  string              // "method value" or "conversion to T": the callee runs later, on this handle
	method  string              // the escaping method, for messages
	handles []ssa.Value         // nil entries: no handle is visible
	sqls    []string            // constant SQL the call runs
	partial []string            // SQL built at run time, its dynamic parts replaced by a placeholder
	named   []string            // SQL of pgx statements run by name, checked where they are prepared
	dynamic bool                // some SQL is built at run time
	noSQL   bool                // the SQL is not visible (batches, copies, prepared statements)
	api     *knownapi.QueryAPI
	callee  *ssa.Function
	from    *queryFact // the callee's fact, for a call or escape of a function that queries
	plural  bool       // method names several methods (one conversion exposing them all)
	// iface is the interface of a call through one; its SQL is filled in by resolveInvoke.
	iface    *types.Interface
	resolved bool
	// byHandle: the SQL each of handles runs, where the variants of the statement run on
	// different ones (squirrel builders given their handles by RunWith on different paths).
	byHandle map[ssa.Value]*querySite
}

type summary struct {
	sites []*querySite
	fact  *queryFact
}

// summarize collects the query sites of a top-level function and its closures, and the fact
// saying which of its parameters it queries through.
func (c *checker) summarize(fn *ssa.Function) *summary {
	if s, ok := c.summaries[fn]; ok {
		return s
	}
	s := &summary{}
	c.summaries[fn] = s
	var visit func(f *ssa.Function)
	visit = func(f *ssa.Function) {
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case ssa.CallInstruction:
					if st := c.siteOf(f, instr); st != nil {
						s.sites = append(s.sites, st)
					}
				case *ssa.MakeClosure:
					if st := c.boundSite(f, instr); st != nil {
						s.sites = append(s.sites, st)
					}
				case *ssa.MakeInterface:
					s.sites = append(s.sites, c.conversionSites(f, instr)...)
				}
			}
		}
		for _, anon := range f.AnonFuncs {
			visit(anon)
		}
	}
	visit(fn)
	if c.allowed(fn) {
		return s
	}
	fact := &queryFact{Checked: c.mode == filterMode}
	for _, st := range s.sites {
		for _, h := range st.handles {
			if h == nil || knownapi.IsTypeIn(h.Type(), knownapi.PoolTypes) {
				continue
			}
			o := c.origin(h)
			if len(o.params) == 0 {
				continue
			}
			for _, p := range o.params {
				if !slices.Contains(fact.Params, p) {
					fact.Params = append(fact.Params, p)
				}
			}
			fact.SQL = append(fact.SQL, st.sqls...)
			fact.Checked = fact.Checked && (st.api != nil && c.checkedAtCause(st) || st.from != nil && st.from.Checked)
			fact.Dynamic = fact.Dynamic || st.dynamic
			fact.NoSQL = fact.NoSQL || st.noSQL
		}
	}
	c.exportOwnQueries(fn, s.sites)
	if len(fact.Params) == 0 {
		return s
	}
	slices.Sort(fact.Params)
	slices.Sort(fact.SQL)
	fact.SQL = slices.Compact(fact.SQL)
	for _, p := range fact.Params {
		fact.Names = append(fact.Names, paramName(fn, p))
	}
	s.fact = fact
	if obj := fn.Object(); obj != nil && fn.Origin() == nil {
		c.pass.ExportObjectFact(obj, fact)
	}
	return s
}

func paramName(fn *ssa.Function, i int) string {
	if fn.Signature.Recv() != nil && i == 0 {
		return "recv"
	}
	if name := fn.Params[i].Name(); name != "" && name != "_" {
		return name
	}
	return "#" + strconv.Itoa(i)
}

// factOf returns the query fact of a statically called top-level function.
func (c *checker) factOf(g *ssa.Function) *queryFact {
	if g.Parent() != nil {
		return nil // a closure's queries belong to its enclosing function
	}
	if g.Origin() != nil {
		g = g.Origin()
	}
	if g.Pkg != nil && g.Pkg.Pkg == c.pass.Pkg {
		if g.Synthetic != "" {
			return nil
		}
		return c.summarize(g).fact
	}
	obj := g.Object()
	if obj == nil {
		return nil
	}
	f := new(queryFact)
	if c.pass.ImportObjectFact(obj, f) {
		return f
	}
	return nil
}

func (c *checker) siteOf(fn *ssa.Function, call ssa.CallInstruction) *querySite {
	if st := c.gormSite(fn, call); st != nil {
		return st
	}
	if st := c.bunSite(fn, call); st != nil {
		return st
	}
	if st := c.squirrelSite(fn, call); st != nil {
		return st
	}
	if st := c.popSite(fn, call); st != nil {
		return st
	}
	if st := c.entSite(fn, call); st != nil {
		return st
	}
	common := call.Common()
	api, ok := knownapi.MatchQuery(taint.Callee(common), c.queries)
	ent := false
	if !ok {
		api, ok = c.entRawSQL(taint.Callee(common))
		ent = ok
	}
	if ok {
		st := &querySite{fn: fn, instr: call, api: &api}
		args := taint.Args(common)
		var h ssa.Value
		if api.HandleArg >= 0 {
			if api.HandleArg < len(args) {
				h = args[api.HandleArg]
			}
		} else {
			h = taint.Receiver(common)
		}
		if fa, isField := h.(*ssa.FieldAddr); ent && isField {
			h = fa.X // the config the client or transaction embeds: the handle is the client
		}
		if api.Kind == knownapi.BeginsTx {
			return nil // the transaction's own queries are the sites
		}
		if h != nil && knownapi.IsNamed(h.Type(), knownapi.PkgDatabaseSQL, "Stmt") && c.preparedHere(h) {
			return nil // the Prepare call, with the SQL and the same handle, is the site
		}
		st.handles = []ssa.Value{h}
		switch {
		case api.SQLArg >= 0 && api.SQLArg < len(args):
			c.sqlOf(st, args[api.SQLArg], 0)
		case api.Kind == knownapi.RunsBatch && api.Name == "SendBatch" && len(args) == 2 && c.queuedSQL(st, args[1]):
		case api.Kind == knownapi.RunsBatch && api.Name == "CopyFrom" && c.copySQL(st, call):
		default:
			st.noSQL = true
		}
		sqlxNamed(st)
		return st
	}
	if common.IsInvoke() {
		return c.invokeSite(fn, call)
	}
	g := common.StaticCallee()
	if g == nil {
		return nil
	}
	f := c.factOf(g)
	if f == nil {
		return nil
	}
	st := &querySite{fn: fn, instr: call, callee: g, sqls: f.SQL, dynamic: f.Dynamic, noSQL: f.NoSQL, from: f}
	for _, p := range f.Params {
		if p < len(common.Args) {
			st.handles = append(st.handles, common.Args[p])
		}
	}
	return st
}

// copySQL reads the target of a pgx CopyFrom whose table and columns are written at the call
// (pool.CopyFrom(ctx, pgx.Identifier{"notes"}, []string{"id", "tenant_id"}, rows)) as the
// INSERT it amounts to, so that the tables it reaches and whether it sets the tenant column
// are judged like any other statement's.
func (c *checker) copySQL(st *querySite, call ssa.CallInstruction) bool {
	ce := c.calls[call.Pos()]
	if ce == nil || len(ce.Args) != 4 {
		return false
	}
	table, ok := c.constStrings(ce.Args[1])
	if !ok || len(table) == 0 || len(table) > 2 {
		return false
	}
	quote := func(id string) string { return `"` + strings.ReplaceAll(id, `"`, `""`) + `"` }
	var b strings.Builder
	b.WriteString("INSERT INTO ")
	for i, part := range table {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(quote(part))
	}
	cols, ok := c.constStrings(ce.Args[2])
	if !ok || len(cols) == 0 {
		// The table is known, the columns are chosen at run time: like SQL built at run time
		// whose table is known (TV1006 when it is a tenant table).
		b.WriteString(" DEFAULT VALUES")
		st.dynamic = true
		st.partial = append(st.partial, b.String())
		return true
	}
	b.WriteString(" (")
	for i, col := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quote(col))
	}
	b.WriteString(") VALUES (")
	for i := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", i+1)
	}
	b.WriteString(")")
	st.sqls = append(st.sqls, b.String())
	return true
}

// constStrings returns the elements of a composite literal of constant strings.
func (c *checker) constStrings(e ast.Expr) ([]string, bool) {
	lit, ok := ast.Unparen(e).(*ast.CompositeLit)
	if !ok {
		return nil, false
	}
	var out []string
	for _, elt := range lit.Elts {
		tv, ok := c.pass.TypesInfo.Types[elt]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
			return nil, false
		}
		out = append(out, constant.StringVal(tv.Value))
	}
	return out, true
}

// queuedSQL reads the SQL queued on a pgx batch that the function builds and sends: a batch
// allocated here (b := &pgx.Batch{} or var b pgx.Batch) whose only uses are its Queue calls, its
// Len and the SendBatch call st. It reports false, leaving the SQL unknown, for a batch from
// elsewhere, one passed to another function (which may queue more) or built with fields.
func (c *checker) queuedSQL(st *querySite, b ssa.Value) bool {
	alloc, ok := b.(*ssa.Alloc)
	if !ok {
		return false
	}
	for _, ref := range *alloc.Referrers() {
		if ref == ssa.Instruction(st.instr) {
			continue
		}
		call, ok := ref.(*ssa.Call)
		if !ok {
			if _, ok := ref.(*ssa.DebugRef); ok {
				continue
			}
			return false
		}
		fn := taint.Callee(call.Common())
		if fn == nil || !(knownapi.Func{Pkg: knownapi.PkgPgx, Recv: "Batch", Name: fn.Name()}).Matches(fn) || taint.Receiver(call.Common()) != alloc {
			return false
		}
		switch fn.Name() {
		case "Queue":
			if args := taint.Args(call.Common()); len(args) > 0 {
				c.sqlOf(st, args[0], 0)
			}
		case "Len":
		default:
			return false
		}
	}
	return true
}

// preparedNames records the statements the package prepares with pgx under a constant name and
// constant SQL (conn.Prepare(ctx, "note_by_id", "SELECT ...")): pgx runs one when a query's SQL
// argument is its name. A name prepared with different SQL in different places is ambiguous.
func (c *checker) preparedNames(fns []*ssa.Function) {
	for _, fn := range fns {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				api, ok := knownapi.MatchQuery(taint.Callee(call.Common()), nil)
				if !ok || api.Kind != knownapi.PreparesSQL || api.Pkg != knownapi.PkgPgx {
					continue
				}
				args := taint.Args(call.Common())
				if len(args) < 3 {
					continue
				}
				name, ok1 := taint.ConstString(args[1])
				sql, ok2 := taint.ConstString(args[2])
				if !ok1 || !ok2 {
					continue
				}
				if c.prepared == nil {
					c.prepared = map[string]string{}
				}
				if prev, seen := c.prepared[name]; seen && prev != sql {
					sql = ""
				}
				c.prepared[name] = sql
			}
		}
	}
}

// preparedHere reports whether a prepared statement comes from a Prepare call of this function.
func (c *checker) preparedHere(stmt ssa.Value) bool {
	if e, ok := stmt.(*ssa.Extract); ok {
		stmt = e.Tuple
	}
	call, ok := stmt.(*ssa.Call)
	if !ok {
		return false
	}
	api, ok := knownapi.MatchQuery(taint.Callee(&call.Call), c.queries)
	return ok && api.Kind == knownapi.PreparesSQL
}

// sqlOf records the SQL text v denotes: constants (Go folds constant concatenation), the
// constant parts of a run-time concatenation, or nothing visible.
func (c *checker) sqlOf(st *querySite, v ssa.Value, depth int) {
	if c.squirrelToSQL(st, v) {
		return
	}
	switch x := v.(type) {
	case *ssa.Const:
		if x.Value != nil && x.Value.Kind() == constant.String {
			s := constant.StringVal(x.Value)
			if sql, ok := c.prepared[s]; ok && st.api != nil && st.api.Kind == knownapi.RunsSQL {
				// pgx runs a statement prepared under this name.
				if sql == "" {
					st.noSQL = true
				} else {
					st.named = append(st.named, sql)
				}
				return
			}
			st.sqls = append(st.sqls, s)
			return
		}
	case *ssa.MakeInterface:
		c.sqlOf(st, x.X, depth+1)
		return
	case *ssa.Phi:
		if depth < 4 {
			for _, e := range x.Edges {
				c.sqlOf(st, e, depth+1)
			}
			return
		}
	case *ssa.BinOp:
		if x.Op == token.ADD {
			st.dynamic = true
			if s, ok := fragments(x); ok {
				st.partial = append(st.partial, s)
			}
			return
		}
	}
	st.dynamic = true
}

// fragments renders a string concatenation with its non-constant operands replaced by an
// identifier, so the parser can still tell which tables the statement names. ok is false when
// no part is constant.
func fragments(v ssa.Value) (string, bool) {
	switch x := v.(type) {
	case *ssa.Const:
		if x.Value != nil && x.Value.Kind() == constant.String {
			return constant.StringVal(x.Value), true
		}
	case *ssa.BinOp:
		if x.Op == token.ADD {
			l, lok := fragments(x.X)
			r, rok := fragments(x.Y)
			return l + r, lok || rok
		}
	}
	return " " + dynamicPlaceholer + " ", false
}

// tenantTables returns the tenant tables the SQL of a site reaches; unknown is true when some
// SQL could not be resolved at all.
func (c *checker) tenantTables(st *querySite) (tables []string, unknown bool) {
	add := func(sql string) bool {
		q, err := sqlquery.Analyze(sql)
		if err != nil {
			return false
		}
		for _, t := range q.Tables() {
			if t == dynamicPlaceholer {
				unknown = true // the table name itself is built at run time
				continue
			}
			if slices.Contains(settings.GlobalTables, t) {
				continue
			}
			if c.cat == nil || !c.cat.IsGlobal(t) {
				if _, ok := c.tenantCol(t); ok || c.cat == nil {
					tables = append(tables, t)
				}
			}
		}
		return true
	}
	for _, s := range slices.Concat(st.sqls, st.named) {
		if !add(s) {
			unknown = true
		}
	}
	if st.dynamic {
		if len(st.partial) == 0 {
			unknown = true
		}
		for _, s := range st.partial {
			if !add(s) {
				unknown = true
			}
		}
	}
	if st.noSQL {
		unknown = true
	}
	slices.Sort(tables)
	return slices.Compact(tables), unknown
}

func (c *checker) tenantCol(t string) (string, bool) {
	if c.cat == nil {
		return "", false
	}
	return c.cat.TenantColumn(t)
}

// report reports the query sites of a top-level function and its unused tenant parameters.
func (c *checker) report(fn *ssa.Function) {
	s := c.summarize(fn)
	if c.allowed(fn) {
		return
	}
	touchesTenant := false
	// A conversion of one store to an interface exposes each of its querying methods; the cause
	// is the one conversion, so it is reported once, naming the first method and the count.
	exposed := map[token.Pos][]string{}
	for _, st := range s.sites {
		if strings.HasPrefix(st.escape, "conversion to ") && st.pos != nil {
			exposed[st.pos.Pos()] = append(exposed[st.pos.Pos()], st.method)
		}
	}
	convReported := map[token.Pos]bool{}
	var tenantQueries []analysis.RelatedInformation // where fn touches tenant data, for TV1005
	var pending []pendingCall                       // interface calls no implementation in sight resolves
	for _, st := range s.sites {
		c.resolveInvoke(st)
		if st.iface != nil && len(st.sqls) == 0 && !st.dynamic && !st.noSQL {
			// No implementation in sight queries: one elsewhere may (pending.go).
			if pc, ok := c.pendingCallOf(st); ok {
				pending = append(pending, pc)
			}
			continue
		}
		tables, unknown := c.tenantTables(st)
		if len(tables) > 0 {
			touchesTenant = true
			node := c.callNode(st)
			if !slices.ContainsFunc(tenantQueries, func(r analysis.RelatedInformation) bool { return r.Pos == node.Pos() }) {
				tenantQueries = append(tenantQueries, analysis.RelatedInformation{Pos: node.Pos(), End: node.End(), Message: tenantQueryDesc(st, tables)})
			}
		}
		reported := false
		for _, h := range st.handles {
			if c.unscoped(h) {
				if sub, ok := st.byHandle[h]; ok && c.mode == scopeMode {
					// This handle runs only some variants: judged by their SQL.
					ht, hu := c.tenantTables(sub)
					if len(ht) == 0 && !hu {
						continue
					}
					hs := *st
					hs.sqls, hs.partial, hs.dynamic, hs.noSQL, hs.byHandle = sub.sqls, sub.partial, sub.dynamic, sub.noSQL, nil
					c.reportSite(&hs, h, ht, hu)
					reported = true
					break
				}
				if ms := exposed[c.callNode(st).Pos()]; c.mode == scopeMode && len(ms) > 1 && strings.HasPrefix(st.escape, "conversion to ") {
					if convReported[c.callNode(st).Pos()] || len(tables) == 0 && !unknown {
						reported = true
						break
					}
					convReported[c.callNode(st).Pos()] = true
					others := "methods"
					if len(ms) == 2 {
						others = "method"
					}
					st.method = fmt.Sprintf("%s and %d other %s", st.method, len(ms)-1, others)
					st.plural = true
				}
				c.reportSite(st, h, tables, unknown)
				reported = true
				break
			}
		}
		if !reported && c.checkedAtCause(st) {
			// A generated query on a handle its caller passes: checked here, once, rather than
			// at every call of the query and every conversion of the store built on the pool.
			c.filterSite(st, c.callNode(st), tables, nil)
		}
		if !reported && st.callee == nil && st.escape == "" && c.mode == scopeMode && c.cat != nil && len(tables) > 0 {
			// Inside a scope, row level security confines the query, but only on tables that
			// have it: the rest must be filtered by the SQL itself, as in filter mode.
			c.filterSite(st, c.callNode(st), tables, func(t string) bool { return !c.cat.RLSEnabled(t) })
		}
	}
	if touchesTenant {
		slices.SortFunc(tenantQueries, func(a, b analysis.RelatedInformation) int { return int(a.Pos - b.Pos) })
		c.unusedTenantParams(fn, tenantQueries)
	} else {
		c.exportPending(fn, pending)
	}
}

// tenantQueryDesc says what a query site that touches the tenant tables does, for the related
// places of a finding about its function.
func tenantQueryDesc(st *querySite, tables []string) string {
	on := strings.Join(tables, ", ")
	switch {
	case st.escape == "interface call":
		return fmt.Sprintf("the call of %s, whose implementations query %s", st.method, on)
	case st.escape != "":
		return fmt.Sprintf("%s exposes %s, which queries %s", st.escape, st.method, on)
	case st.callee != nil:
		return fmt.Sprintf("the call of %s, which queries %s", st.callee.Name(), on)
	}
	return "the query on " + on
}

// unscoped reports whether a handle is certainly not scoped to a tenant.
func (c *checker) unscoped(h ssa.Value) bool {
	if h == nil {
		return true
	}
	o := c.origin(h)
	if o.unscoped {
		return true
	}
	onlyScoped := o.scoped && !o.unknown && len(o.params) == 0
	if c.mode == filterMode && c.isEntClient(h.Type()) && len(o.params) == 0 {
		// Without row level security no scope confines an ent client: like a pool, its
		// queries are judged where they run; one the function receives is its callers' to
		// judge. (In scope mode a client is unscoped only when it is, by its origin: a client
		// built inside a scope from the scoped transaction is not followed.)
		return !onlyScoped
	}
	return knownapi.IsTypeIn(h.Type(), knownapi.PoolTypes) && !onlyScoped
}

func (c *checker) reportSite(st *querySite, h ssa.Value, tables []string, unknown bool) {
	node := c.callNode(st)
	if c.mode == scopeMode {
		if len(tables) == 0 && !unknown {
			return // only global tables, or none
		}
		helper := "tenantdb.WithTenant"
		if h != nil && strings.HasPrefix(types.TypeString(taint.Concrete(h).Type(), nil), "*database/sql.") {
			helper = "tenantdb.WithTenantSQL"
		}
		if h != nil && (isGormDB(taint.Concrete(h).Type()) || isPopConn(taint.Concrete(h).Type()) || c.isEntClient(taint.Concrete(h).Type())) {
			helper = "a tenant scope helper (a transaction that sets " + settings.TenantSetting + " with set_config(..., true))"
		}
		ty := "a handle"
		if h != nil {
			ty = handleDesc(h)
		}
		if st.escape == "method value" {
			c.rep.Report(ruleUnscoped, node, nil, "method value %s queries through %s outside a tenant scope: run its queries inside %s on the scoped transaction", st.method, ty, helper)
			return
		}
		if st.escape != "" {
			verb := "queries"
			if st.plural {
				verb = "query"
			}
			c.rep.Report(ruleUnscoped, node, nil, "%s exposes %s, which %s through %s outside a tenant scope: run its queries inside %s on the scoped transaction", st.escape, st.method, verb, ty, helper)
			return
		}
		if st.callee != nil {
			c.rep.Report(ruleUnscoped, node, nil, "%s queries through %s outside a tenant scope: call it inside %s with the scoped transaction", st.callee.Name(), ty, helper)
			return
		}
		if fix, scopeName, tx := c.fix(st, node); fix != nil {
			c.rep.Report(ruleUnscoped, node, []analysis.SuggestedFix{*fix}, "query on %s bypasses the tenant scope of %s: run it on %s", ty, scopeName, tx)
			return
		} else if scopeName != "" {
			c.rep.Report(ruleUnscoped, node, nil, "query on %s bypasses the tenant scope of %s: run it on the scoped handle", ty, scopeName)
			return
		}
		if len(tables) == 0 && c.cat != nil {
			c.rep.Report(ruleUnscoped, node, nil, "query on %s outside a tenant scope runs SQL that could not be checked against the schema: run it inside %s", ty, helper)
			return
		}
		c.rep.Report(ruleUnscoped, node, nil, "query on %s outside a tenant scope: run it inside %s", ty, helper)
		return
	}
	// Filter mode: the SQL itself must confine every tenant table, unless that was reported
	// where the SQL is written.
	if st.from != nil && st.from.Checked {
		return
	}
	c.filterSite(st, node, tables, nil)
}

// checkedAtCause reports whether, in filter mode, a query API call in generated code (sqlc's
// query.sql.go) is checked where it stands: its handle comes from a parameter, so the pass
// cannot tell the handle's scope, but without row level security no scope confines the query,
// and its SQL is the one cause of the finding every caller would otherwise repeat.
func (c *checker) checkedAtCause(st *querySite) bool {
	if c.mode != filterMode || st.api == nil || st.escape != "" || len(st.handles) != 1 || st.handles[0] == nil {
		return false
	}
	if !c.generated(st.instr.Pos()) {
		return false
	}
	o := c.origin(st.handles[0])
	return len(o.params) > 0 && !o.scoped && !o.unscoped
}

// generated reports whether pos lies in a generated file.
func (c *checker) generated(pos token.Pos) bool {
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return ast.IsGenerated(f)
		}
	}
	return false
}

// filterSite reports the tenant tables of a site's SQL that the SQL does not confine to one
// tenant. With noRLS set (scope mode, inside a scope) only the tables it selects are checked:
// those without row level security, which the scope does not protect.
func (c *checker) filterSite(st *querySite, node analysis.Range, tables []string, noRLS func(table string) bool) {
	why, fix := "", " or run it inside tenantdb.WithTenant"
	if noRLS != nil {
		why, fix = ", and the table has no row level security, so the tenant scope does not confine it", " or enable row level security on the table"
	}
	for _, sql := range st.sqls {
		q, err := sqlquery.Analyze(sql)
		if err != nil {
			continue
		}
		for _, p := range q.Check(c.cat, settings.TenantColumns) {
			if noRLS != nil && !noRLS(p.Table) {
				continue
			}
			if c.ownershipChecked(st, q, p) {
				continue
			}
			col := p.Column
			if p.Alias != "" && p.Alias != p.Table {
				col = p.Alias + "." + col
			}
			switch {
			case p.Parent != nil && c.keyFromParentRow(st, p):
				continue
			case p.Kind == sqlquery.ParentKeyUnconfined:
				c.rep.Report(ruleUnfiltered, node, nil, "write to %s sets %s to a row of %s not confined to one tenant%s: take it from the parent in the statement (INSERT ... SELECT %s, ... FROM %s AND ...) or scan it first from a row of %s read under the tenant filter%s",
					p.Name(), childCols(p), p.Parent.Table, why, strings.Join(p.Parent.RefCols, ", "), parentFilter(p), p.Parent.Table, fix)
				continue
			case p.Parent != nil && p.Parent.Column == "":
				// The parent is a child table itself: it is confined through its own parent.
				c.rep.Report(ruleUnfiltered, node, nil, "query on %s, which belongs to a tenant through %s, is not confined to one tenant%s: join %s on %s and confine %s to the tenant through its own parent, or filter by %s IN (SELECT %s FROM %s confined to the tenant)%s",
					p.Name(), p.Parent.Table, why, p.Parent.Table, parentKey(p), p.Parent.Table,
					childCols(p), strings.Join(p.Parent.RefCols, ", "), p.Parent.Table, fix)
				continue
			case p.Parent != nil:
				c.rep.Report(ruleUnfiltered, node, nil, "query on %s, which belongs to a tenant through %s, is not confined to one tenant%s: join %s on %s and constrain %s.%s = <verified tenant>, or filter by %s IN (SELECT %s FROM %s WHERE %s = <verified tenant>)%s",
					p.Name(), p.Parent.Table, why, p.Parent.Table, parentKey(p), p.Parent.Table, p.Parent.Column,
					childCols(p), strings.Join(p.Parent.RefCols, ", "), p.Parent.Table, p.Parent.Column, fix)
				continue
			}
			switch p.Kind {
			case sqlquery.Unfiltered:
				c.rep.Report(ruleUnfiltered, node, nil, "query on %s does not filter by %s%s: add %s = <verified tenant> to its WHERE clause%s", p.Name(), col, why, col, fix)
			case sqlquery.OrEscape:
				c.rep.Report(ruleOrEscape, node, nil, "tenant filter on %s sits inside an OR, so other tenants' rows escape%s: make %s = <verified tenant> a top-level AND condition", p.Name(), why, col)
			case sqlquery.InsertWithoutTenant:
				c.rep.Report(ruleUnfiltered, node, nil, "insert into %s does not set %s%s: set it to the verified tenant", p.Table, p.Column, why)
			}
		}
	}
	if noRLS != nil {
		tables = slices.DeleteFunc(slices.Clone(tables), func(t string) bool { return !noRLS(t) })
	}
	if st.dynamic && len(st.partial) > 0 && len(tables) > 0 {
		c.rep.Report(ruleUncheckedDyn, node, nil, "SQL built at run time reaches tenant table %s%s and could not be checked: use constant SQL with a tenant filter%s", strings.Join(tables, ", "), why, fix)
	}
}

// parentKey renders the join of a child's problem with its parent: posts.id = c.post_id.
func parentKey(p sqlquery.Problem) string {
	child := p.Alias
	if child == "" {
		child = p.Table
	}
	var eqs []string
	for i, col := range p.Parent.Cols {
		eqs = append(eqs, p.Parent.Table+"."+p.Parent.RefCols[i]+" = "+child+"."+col)
	}
	return strings.Join(eqs, " AND ")
}

// parentFilter renders the parent of a child's problem confined to the tenant: posts WHERE
// tenant_id = <verified tenant>, or, for a parent that is a child table itself, comments
// confined to the tenant.
func parentFilter(p sqlquery.Problem) string {
	if p.Parent.Column == "" {
		return p.Parent.Table + " confined to the tenant"
	}
	return p.Parent.Table + " WHERE " + p.Parent.Column + " = <verified tenant>"
}

// childCols renders a child's foreign key columns: post_id, or (note_id, rev).
func childCols(p sqlquery.Problem) string {
	if len(p.Parent.Cols) == 1 {
		return p.Parent.Cols[0]
	}
	return "(" + strings.Join(p.Parent.Cols, ", ") + ")"
}

func (c *checker) callNode(st *querySite) analysis.Range {
	if st.pos != nil {
		return st.pos
	}
	if n := c.calls[st.instr.Pos()]; n != nil {
		return n
	}
	return posRange(st.instr.Pos())
}

type posRange token.Pos

func (p posRange) Pos() token.Pos { return token.Pos(p) }
func (p posRange) End() token.Pos { return token.Pos(p) }

func (c *checker) reportAt(rule *rules.Rule, pos token.Pos, fixes []analysis.SuggestedFix, format string, args ...any) {
	c.rep.Report(rule, posRange(pos), fixes, format, args...)
}

// fix offers, for a query on an unscoped handle inside a scope callback, to run it on the
// callback's scoped handle instead. helper names the enclosing scope helper, if any.
func (c *checker) fix(st *querySite, node analysis.Range) (fix *analysis.SuggestedFix, helper, tx string) {
	for f := st.fn; f != nil && helper == ""; f = f.Parent() {
		h, ok := c.scoped[f]
		if !ok {
			continue
		}
		helper = h
		call, ok := node.(*ast.CallExpr)
		if !ok || st.api == nil {
			return nil, helper, ""
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil, helper, ""
		}
		callee := taint.Callee(st.instr.Common())
		inner := c.pass.Pkg.Scope().Innermost(call.Pos())
		for _, p := range f.Params {
			if !c.isHandle(p.Type()) || !hasMethodLike(p.Type(), callee) || inner == nil {
				continue
			}
			if _, found := inner.LookupParent(p.Name(), call.Pos()); found != p.Object() {
				continue
			}
			return &analysis.SuggestedFix{
				Message:   "run the query on " + p.Name(),
				TextEdits: []analysis.TextEdit{{Pos: sel.X.Pos(), End: sel.X.End(), NewText: []byte(p.Name())}},
			}, helper, p.Name()
		}
	}
	return nil, helper, ""
}

// hasMethodLike reports whether t has a method with fn's name and parameter and result types.
func hasMethodLike(t types.Type, fn *types.Func) bool {
	if fn == nil {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, fn.Pkg(), fn.Name())
	m, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	a, b := m.Type().(*types.Signature), fn.Type().(*types.Signature)
	return a.Variadic() == b.Variadic() && types.Identical(a.Params(), b.Params()) && types.Identical(a.Results(), b.Results())
}

// unusedTenantParams reports tenant parameters that a function querying tenant data never uses;
// the related places are the queries on tenant data (tenantQueries) that do not use it.
func (c *checker) unusedTenantParams(fn *ssa.Function, tenantQueries []analysis.RelatedInformation) {
	for _, v := range c.unusedTenant(fn) {
		c.rep.ReportRelated(ruleUnusedTenant, v.Pos(), v.Pos()+token.Pos(len(v.Name())), nil, tenantQueries,
			"%s queries tenant data but never uses its tenant parameter %s: filter the query by it or remove the parameter", fn.Name(), v.Name())
	}
}

// unusedTenant returns the tenant parameters of a declared function that its body never uses.
func (c *checker) unusedTenant(fn *ssa.Function) []*types.Var {
	decl, ok := fn.Syntax().(*ast.FuncDecl)
	if !ok || decl.Body == nil {
		return nil
	}
	var out []*types.Var
	for _, p := range fn.Params {
		obj := p.Object()
		v, ok := obj.(*types.Var)
		if !ok || v.Name() == "_" || v.Name() == "" || !tenantParam(v) {
			continue
		}
		if fn.Signature.Recv() != nil && p == fn.Params[0] {
			continue
		}
		used := false
		for _, r := range *p.Referrers() {
			if _, dbg := r.(*ssa.DebugRef); !dbg {
				used = true
				break
			}
		}
		if !used {
			out = append(out, v)
		}
	}
	return out
}
