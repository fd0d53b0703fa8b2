package sqlcheck

import (
	"fmt"
	"runtime/debug"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/tenantvet/tenantvet/internal/config"
	"github.com/tenantvet/tenantvet/internal/directive"
	"github.com/tenantvet/tenantvet/internal/report"
)

// LiveModel builds a Schema from a live database's catalog instead of from migrations, so that
// `tenantvet db` judges what is deployed with the same rules as `tenantvet sql`. Positions in a
// live model name database objects: ObjectPos(name) has the object in File and no line, and
// CheckLive turns it into the finding's Object.
//
// Definitions the catalog prints as SQL (functions, views, policy expressions) are parsed with
// pg_query and read by the same code that replays migrations.
type LiveModel struct {
	r *replayer
	// Catalogs print the expressions of policies made from one template identically: each
	// distinct text is parsed once. (Functions are added first, so what a text means is fixed.)
	preds    map[string]*Pred
	defaults map[string]bool
}

// NewLiveModel returns an empty live model.
func NewLiveModel() *LiveModel {
	return &LiveModel{r: newReplayer(), preds: map[string]*Pred{}, defaults: map[string]bool{}}
}

// Schema returns the schema being built. Callers add tables, roles and events to it directly.
func (m *LiveModel) Schema() *Schema { return m.r.s }

// ObjectPos is the position of a database object in a live model: the object's name (for example
// "public.projects" or "policy notes_read on public.notes") and no line.
func ObjectPos(object string) Pos { return Pos{File: object} }

// at points the replayer at a definition of object, so that everything it records names object.
func (m *LiveModel) at(object, text string) {
	m.r.src = &source{path: object, text: text, index: newLineIndex(object, text)}
	m.r.rawOff, m.r.stmtOff, m.r.stmtLen = 0, 0, len(text)
	m.r.schema = "public"
	m.r.role = ""
}

// objectPos rewrites every position recorded while replaying a definition to the object
// alone: line numbers inside a catalog-printed definition mean nothing to the reader.
func objectPos(p *Pos, object string) { *p = ObjectPos(object) }

// Predicate summarises a policy expression as pg_get_expr prints it.
func (m *LiveModel) Predicate(object, expr string) (pr *Pred, err error) {
	if expr == "" {
		return nil, nil
	}
	if p, ok := m.preds[expr]; ok {
		c := *p
		return &c, nil
	}
	defer func() {
		if err == nil && pr != nil {
			c := *pr
			m.preds[expr] = &c
		}
	}()
	defer func() {
		if p := recover(); p != nil {
			pr, err = nil, fmt.Errorf("%s: internal error reading the expression: %v", object, p)
		}
	}()
	text := "SELECT " + expr
	tree, err := pg_query.Parse(text)
	if err != nil {
		return nil, fmt.Errorf("%s: parse expression: %w", object, err)
	}
	sel := tree.Stmts[0].Stmt.GetSelectStmt()
	if len(tree.Stmts) != 1 || sel == nil || len(sel.TargetList) != 1 || sel.TargetList[0].GetResTarget() == nil {
		return nil, fmt.Errorf("%s: expression %q is not a single expression", object, expr)
	}
	m.at(object, text)
	return m.r.pred(sel.TargetList[0].GetResTarget().Val), nil
}

// GeneratedDefault reports whether a column default, as pg_get_expr prints it, generates a fresh
// UUID (gen_random_uuid() and the like).
func (m *LiveModel) GeneratedDefault(expr string) bool {
	if g, ok := m.defaults[expr]; ok {
		return g
	}
	g := generatedDefault(expr)
	m.defaults[expr] = g
	return g
}

func generatedDefault(expr string) bool {
	if !strings.Contains(expr, "(") {
		return false // a constant: no function call
	}
	tree, err := pg_query.Parse("SELECT " + expr)
	if err != nil || len(tree.Stmts) != 1 {
		return false
	}
	sel := tree.Stmts[0].Stmt.GetSelectStmt()
	if sel == nil || len(sel.TargetList) != 1 || sel.TargetList[0].GetResTarget() == nil {
		return false
	}
	return isGeneratedDefault(sel.TargetList[0].GetResTarget().Val)
}

// AddFunction replays a function definition as pg_get_functiondef prints it: what it reads, the
// setting it returns, SECURITY DEFINER, its pinned search_path and any session-wide set_config.
func (m *LiveModel) AddFunction(object, def string) (f *Function, err error) {
	defer func() {
		if p := recover(); p != nil {
			f, err = nil, fmt.Errorf("%s: internal error reading the definition: %v\n%s", object, p, debug.Stack())
		}
	}()
	tree, err := pg_query.Parse(def)
	if err != nil {
		return nil, fmt.Errorf("%s: parse definition: %w", object, err)
	}
	if len(tree.Stmts) != 1 || tree.Stmts[0].Stmt.GetCreateFunctionStmt() == nil {
		return nil, fmt.Errorf("%s: definition is not one CREATE FUNCTION statement", object)
	}
	cf := tree.Stmts[0].Stmt.GetCreateFunctionStmt()
	events := len(m.r.s.Events)
	m.at(object, def)
	m.r.createFunction(cf)
	f = m.r.s.Functions[m.r.qualifyList(listName(cf.Funcname))]
	if f != nil {
		objectPos(&f.Pos, object)
	}
	for _, e := range m.r.s.Events[events:] {
		objectPos(&e.Pos, object)
	}
	return f, nil
}

// ViewRefs returns the relations a view's query (as pg_get_viewdef prints it) reads. Call it
// after every table has been added, so that names resolve as in the migrations.
func (m *LiveModel) ViewRefs(object, query string) (refs []string, err error) {
	defer func() {
		if p := recover(); p != nil {
			refs, err = nil, fmt.Errorf("%s: internal error reading the definition: %v", object, p)
		}
	}()
	tree, err := pg_query.Parse(query)
	if err != nil {
		return nil, fmt.Errorf("%s: parse definition: %w", object, err)
	}
	m.at(object, query)
	return m.r.relRefs(tree), nil
}

// Classify marks tenant-owned and global tables with the settings, inferring the tenant column
// and setting from the policies as for migrations. Call it once every table is added.
func (m *LiveModel) Classify(set *config.Settings) {
	if set == nil {
		set = config.Default()
	}
	m.r.s.classify(set)
}

// CheckLive runs the rules of `tenantvet sql` on a live model built with LiveModel and
// classified. Each finding's Object is the object its position named; its Position is empty.
func CheckLive(s *Schema, set *config.Settings) (findings []report.Finding, err error) {
	defer func() {
		if p := recover(); p != nil {
			findings, err = nil, fmt.Errorf("sqlcheck: internal error: %v\n%s", p, debug.Stack())
		}
	}()
	if set == nil {
		set = config.Default()
	}
	c := &checker{s: s, set: set, sets: map[string]*directive.Set{}}
	c.run()
	for i := range c.findings {
		f := &c.findings[i]
		f.Object = f.Position.File
		f.Position = report.Position{}
	}
	report.Sort(c.findings)
	return c.findings, nil
}

// TenantsTable returns the tenants table of a classified schema: the configured one, or the table
// most tenant columns reference ("" when none or tied).
func TenantsTable(s *Schema, set *config.Settings) string {
	c := &checker{s: s, set: set}
	return strings.TrimSpace(c.tenantsTable())
}
