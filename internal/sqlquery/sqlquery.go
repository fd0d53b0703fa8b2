// Package sqlquery analyses the SQL text of one query with the PostgreSQL parser (pg_query) and
// resolves it against a schema catalogue: which tables it reads or writes, and whether every
// tenant-owned table it touches is constrained by its tenant column. It never matches SQL with
// regular expressions: every answer comes from the parse tree.
//
// Parsing is the expensive part, so Analyze parses each distinct SQL string once per process. The
// decoded parse trees are the largest thing a whole-module run would otherwise keep (a third of
// its live heap at the end), so a query keeps its tree in pg_query's compact protobuf encoding,
// and only the most recently used trees stay decoded.
package sqlquery

import (
	"container/list"
	"fmt"
	"slices"
	"sync"

	pg "github.com/pganalyze/pg_query_go/v5"
	"github.com/pganalyze/pg_query_go/v5/parser"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Catalog is what the checks need to know about a schema. sqlcheck's schema model implements it.
type Catalog interface {
	// TenantColumn returns the column holding the tenant of a tenant-owned table; ok is false
	// for tables that are not tenant-owned. The column is "" for a table that is tenant-owned
	// without a tenant column of its own.
	TenantColumn(table string) (col string, ok bool)
	// IsGlobal reports whether the table holds global data that needs no tenant scope.
	IsGlobal(table string) bool
	// Known reports whether the schema defines the table.
	Known(table string) bool
	// HasRLS reports whether any tenant-owned table has a row level security policy.
	HasRLS() bool
	// TableHasRLS reports whether the table has row level security enabled with a policy.
	TableHasRLS(table string) bool
	// RLSEnabled reports whether row level security is enabled on the table at all, whatever
	// its policies (a weak policy is the migration checker's finding, not the queries').
	RLSEnabled(table string) bool
	// TenantParents returns, for a child table (tenant-owned only through foreign keys to
	// tenant-owned tables, with no tenant column of its own, TenantColumn "", true), the
	// parents it belongs to; nil for every other table.
	TenantParents(table string) []Parent
}

// Parent is a tenant-owned table a child table belongs to through a foreign key: a row of
// the child belongs to the tenant of the parent row its key references.
type Parent struct {
	Table   string   `json:"table"`    // the parent, named as in queries: "posts", "app.posts"
	Column  string   `json:"column"`   // the parent's tenant column; "" for a parent that is a child table itself
	Cols    []string `json:"cols"`     // the child's foreign key columns
	RefCols []string `json:"ref_cols"` // the parent's columns they reference, in the same order
}

// Query is one parsed SQL string, possibly holding several statements.
type Query struct {
	SQL    string
	tables []string
	n      int    // statements
	wire   []byte // the parse tree, protobuf-encoded as pg_query's parser returns it
}

var cache sync.Map // SQL string -> *entry

type entry struct {
	q   *Query
	err error
}

// Analyze parses sql. Results, including errors, are cached for the life of the process and
// shared: the returned Query must not be modified.
func Analyze(sql string) (*Query, error) {
	if e, ok := cache.Load(sql); ok {
		return e.(*entry).q, e.(*entry).err
	}
	e := &entry{}
	wire, err := parser.ParseToProtobuf(sql)
	var tree pg.ParseResult
	if err == nil {
		err = proto.Unmarshal(wire, &tree)
	}
	if err != nil {
		e.err = fmt.Errorf("parse SQL: %w", err)
	} else {
		e.q = &Query{SQL: sql, wire: wire, n: len(tree.Stmts)}
		e.q.tables = collectTables(tree.Stmts)
		decoded.put(e.q, tree.Stmts)
	}
	actual, _ := cache.LoadOrStore(sql, e)
	return actual.(*entry).q, actual.(*entry).err
}

// Tables returns the tables the query names (CTE names excluded), sorted and without duplicates.
// A table outside the public schema is returned as "schema.table".
func (q *Query) Tables() []string { return q.tables }

// Stmts returns the parse trees of the query's statements, shared with every other user of the
// same SQL string in this process: callers must not modify them.
func (q *Query) Stmts() []*pg.RawStmt {
	if stmts, ok := decoded.get(q); ok {
		return stmts
	}
	var tree pg.ParseResult
	if err := proto.Unmarshal(q.wire, &tree); err != nil {
		// The bytes decoded once already; they cannot fail now.
		panic(fmt.Sprintf("sqlquery: decoding the parse tree of %q: %v", q.SQL, err))
	}
	decoded.put(q, tree.Stmts)
	return tree.Stmts
}

// Statements returns the number of statements in the query.
func (q *Query) Statements() int { return q.n }

// decoded holds the parse trees of the most recently used queries. A package's analysis uses
// its queries' trees several times in a row; a query named again by a later package is decoded
// again from its protobuf bytes (not parsed again).
var decoded = &treeCache{max: 512, m: map[*Query]*list.Element{}}

type treeCache struct {
	mu  sync.Mutex
	max int
	l   list.List // of *treeEntry, most recent first
	m   map[*Query]*list.Element
}

type treeEntry struct {
	q     *Query
	stmts []*pg.RawStmt
}

func (c *treeCache) get(q *Query) ([]*pg.RawStmt, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[q]; ok {
		c.l.MoveToFront(e)
		return e.Value.(*treeEntry).stmts, true
	}
	return nil, false
}

func (c *treeCache) put(q *Query, stmts []*pg.RawStmt) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[q]; ok {
		c.l.MoveToFront(e)
		return
	}
	c.m[q] = c.l.PushFront(&treeEntry{q, stmts})
	for c.l.Len() > c.max {
		last := c.l.Back()
		c.l.Remove(last)
		delete(c.m, last.Value.(*treeEntry).q)
	}
}

// TouchesTenant reports whether the query names a tenant-owned table of cat.
func (q *Query) TouchesTenant(cat Catalog) bool {
	for _, t := range q.tables {
		if isTenant(cat, t) {
			return true
		}
	}
	return false
}

func isTenant(cat Catalog, t string) bool {
	if cat == nil || cat.IsGlobal(t) {
		return false
	}
	_, ok := cat.TenantColumn(t)
	return ok
}

// ProblemKind classifies a Problem.
type ProblemKind int

// The problems Check finds.
const (
	// Unfiltered: a tenant-owned table (or alias) is read, updated or deleted from without a
	// predicate on its tenant column among the top-level AND conjuncts.
	Unfiltered ProblemKind = iota + 1
	// OrEscape: the tenant predicate exists but sits inside an OR, so rows of other tenants
	// escape through the other branch.
	OrEscape
	// InsertWithoutTenant: an INSERT into a tenant-owned table does not set the tenant column.
	InsertWithoutTenant
	// ParentKeyUnconfined: an INSERT into a child table, or an UPDATE that sets its key, makes
	// the rows reference parent rows the statement does not confine to one tenant: the values
	// come from the caller (KeyParams names the placeholders), not from the parent read under
	// the tenant filter.
	ParentKeyUnconfined
)

func (k ProblemKind) String() string {
	switch k {
	case Unfiltered:
		return "unfiltered"
	case OrEscape:
		return "or-escape"
	case InsertWithoutTenant:
		return "insert-without-tenant"
	case ParentKeyUnconfined:
		return "parent-key-unconfined"
	}
	return "unknown"
}

// Problem is one tenant table that a statement does not confine to one tenant.
type Problem struct {
	Kind      ProblemKind
	Statement int    // index of the statement in the query
	Table     string // the tenant-owned table
	Alias     string // the name the statement uses for it (the table name when not aliased)
	Column    string // the tenant column that should be constrained or set ("" for a child)
	Location  int    // byte offset of the table reference in the SQL
	// Parent is set for a child table (no tenant column of its own): the parent through
	// which it should be confined, the first of its foreign keys to a tenant table.
	Parent *Parent
	// KeyParams are, for a child table, the $N placeholders its single-column foreign key to
	// Parent is equated with by a top-level condition (post_id = $1), or set to by an INSERT's
	// VALUES or an UPDATE's SET: the statement is confined when the value bound there is the
	// key of a parent row read under the tenant filter.
	KeyParams []int
}

func (p Problem) String() string {
	name := p.Table
	if p.Alias != "" && p.Alias != p.Table {
		name += " " + p.Alias
	}
	return fmt.Sprintf("%s: %s (%s) at %d", p.Kind, name, p.Column, p.Location)
}

// Result is what Check finds.
type Result struct {
	Problems []Problem
	// TenantParams are the numbers N of the $N placeholders bound to a tenant column, by an
	// equality in a WHERE or ON clause or by an INSERT's VALUES, sorted without duplicates.
	TenantParams []int
}

// Check resolves the query against cat. tenantCols are the column names that count as a tenant
// predicate for a tenant-owned table whose catalogue entry has no tenant column of its own.
// Tables that are global, unknown or not tenant-owned need no predicate.
func (q *Query) Check(cat Catalog, tenantCols []string) []Problem {
	return q.CheckAll(cat, tenantCols).Problems
}

// CheckAll is Check returning the tenant placeholders as well.
func (q *Query) CheckAll(cat Catalog, tenantCols []string) Result {
	c := &checker{cat: cat, tenantCols: tenantCols}
	for i, rs := range q.Stmts() {
		c.stmt = i
		c.statement(rs.Stmt, nil)
	}
	slices.Sort(c.res.TenantParams)
	c.res.TenantParams = slices.Compact(c.res.TenantParams)
	return c.res
}

// walk calls visit for every Node below m (not m itself); visit returns false to skip a
// subtree.
func walk(m protoreflect.Message, visit func(*pg.Node) bool) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Kind() != protoreflect.MessageKind {
			return true
		}
		each := func(sub protoreflect.Message) {
			if n, ok := sub.Interface().(*pg.Node); ok {
				if visit(n) {
					walk(sub, visit)
				}
				return
			}
			walk(sub, visit)
		}
		if fd.IsList() {
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				each(l.Get(i).Message())
			}
		} else if !fd.IsMap() {
			each(v.Message())
		}
		return true
	})
}

func collectTables(stmts []*pg.RawStmt) []string {
	ctes := map[string]bool{}
	var names []string
	for _, rs := range stmts {
		walkAll(rs.ProtoReflect(), func(m protoreflect.Message) {
			switch x := m.Interface().(type) {
			case *pg.CommonTableExpr:
				ctes[x.Ctename] = true
			case *pg.RangeVar:
				names = append(names, relName(x))
			}
		})
	}
	names = slices.DeleteFunc(names, func(s string) bool { return s == "" || ctes[s] })
	slices.Sort(names)
	return slices.Compact(names)
}

// walkAll calls visit for every message below m.
func walkAll(m protoreflect.Message, visit func(protoreflect.Message)) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Kind() != protoreflect.MessageKind || fd.IsMap() {
			return true
		}
		if fd.IsList() {
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				visit(l.Get(i).Message())
				walkAll(l.Get(i).Message(), visit)
			}
			return true
		}
		visit(v.Message())
		walkAll(v.Message(), visit)
		return true
	})
}

func relName(rv *pg.RangeVar) string {
	if rv == nil {
		return ""
	}
	if rv.Schemaname != "" && rv.Schemaname != "public" {
		return rv.Schemaname + "." + rv.Relname
	}
	return rv.Relname
}

// Name renders the table reference of a problem for a message: `notes n` or `notes`.
func (p Problem) Name() string {
	if p.Alias != "" && p.Alias != p.Table {
		return p.Table + " " + p.Alias
	}
	return p.Table
}
