// Package sqlscope defines an Analyzer that finds SQL queries that can read or write another
// tenant's rows.
//
// # Analyzer sqlscope
//
// sqlscope: report SQL queries that are not confined to one tenant
//
// A query site is a call of a database/sql, pgx v5 or sqlx query method, of a method of sqlc's
// DBTX interface, of a configured query function (-query-functions FUNC[:SQL_ARG]), or of a
// function that runs a query through one of its parameters (a fact records which parameters and
// which constant SQL; sqlc's generated Queries methods are such functions).
//
// Scope mode (the schema has row level security policies, or -mode=scope, or no schema is
// configured): a query must run on a handle scoped to a tenant. A handle is scoped when it is the
// callback parameter of a scope helper (tenantdb.WithTenant, WithTenantReadOnly, WithTenantSQL,
// WithTenantSQLReadOnly and -scope-helpers FUNC[:CALLBACK_ARG[:TENANT_ARG]]) or derived from one:
// assigned, captured by a closure, wrapped by a constructor such as sqlc's New(tx) or stored in a
// struct built inside the scope. A query on a pool, on a transaction begun outside a helper, or
// on a global handle is reported (TV1001); so is a call that passes such a handle to a function
// that queries through it. A function that queries through a handle parameter is left to its
// callers, and a method that queries through its receiver to whatever binds that receiver: a
// call, a method value or a conversion to an interface. So a store holding an interface-typed
// handle field is reported where a value of it built on the pool is called or escapes; a
// conversion exposing several querying methods is reported once. Queries whose constant SQL names
// only global tables, or no table, need no scope; a prepared statement is checked at Prepare,
// a statement pgx runs by the name it was prepared under in the package by that statement's SQL,
// a pgx batch built and sent in one function by the SQL its Queue calls queue (a batch filled or
// obtained elsewhere runs SQL that cannot be seen), and a pgx CopyFrom whose table and columns
// are written at the call as the INSERT it amounts to.
//
// ORMs and query builders are query sites too. Every access path fills in one query model
// (internal/querymodel: the operation, the table and its alias, joins, the predicate as the
// library builds it, the columns an INSERT sets, the parts built at run time), rendered as the
// SQL the library sends and judged by the same checks as constant SQL; where the handle comes
// from is followed separately, by value, the same way for every library. gorm (gorm.io/gorm):
// a finisher (First, Take, Last, Find, Scan, Count, Pluck, Row, Rows, Update, Updates,
// UpdateColumn(s), Delete, Create, CreateInBatches, Save, FirstOrCreate, FirstOrInit, Exec) is
// followed back through its chain (Model, Table, Where, Or, Not, Joins, Scopes, Raw, Session,
// Unscoped...) across variables, branches (each path a variant) and the functions that extend
// a chain or return a scope (facts, so scopes work across packages), then replayed the way gorm
// builds the statement: a Where string is SQL with ? placeholders, a struct condition its
// non-zero fields, a map its keys, a number the primary key (a string that is not a number is
// SQL, as gorm writes it); Or joins with OR, a string holding AND or OR is parenthesised beside
// other conditions, scopes run last; First(&m, id), Delete(&M{}, id) and Model(&M{ID: id})
// filter by the key only; an UPDATE or DELETE without conditions is not sent. Tables follow
// TableName methods or gorm's naming (snake case, plural). A *gorm.DB is a handle whatever it
// is: one from gorm.Open or a global is unscoped, gorm's Transaction callback derives from its
// receiver, and a handle derived from a scope callback's parameter is scoped.
//
// bun (github.com/uptrace/bun): a statement made by NewSelect, NewInsert, NewUpdate, NewDelete
// or NewRaw on *bun.DB (a pool), bun.Tx, bun.Conn or bun.IDB and sent by Scan, Exec, Count,
// ScanAndCount or Exists; Model (bun:"table:...,alias:..." tags, else bun's naming), Table,
// Where, WhereOr, WhereGroup, WherePK, Join and JoinOn, Apply and bun.Ident arguments are
// replayed as bun writes them (each condition parenthesised); RunInTx is a transaction of its
// receiver, not a tenant scope. squirrel (github.com/Masterminds/squirrel): a builder's SQL is
// rendered from its chain (From, Into, Table, Join, Where with strings, Eq, And, Or, Expr,
// Columns, SetMap; Where parts joined by AND without parentheses, as squirrel does) where it
// runs: the query API its ToSql result reaches, or RunWith(h) and a finisher. sqlx's named
// queries (NamedExec, NamedQuery) are compiled as sqlx does (:name, ::) before they are parsed.
// gobuffalo/pop (github.com/gobuffalo/pop/v6): a finisher (Find, First, Last, All, Count,
// Exists, Reload, Create, Save, Update, UpdateColumns, Destroy, and on a query Delete,
// UpdateQuery, Exec) on a *pop.Connection or on a *pop.Query made from one (Q(), pop.Q(c),
// Where, Scope, Join, RawQuery) is followed back through its chain, variables, branches and the
// package's functions that extend a query or return a scope function, and
// replayed as pop writes it: Where fragments joined by AND without parentheses (an OR inside
// one fragment escapes the others, as in pop's SQL), "in (?)" expanded to the arguments, a
// fragment built from constant strings taken as each of its values, Find(&m, id), Update and
// Destroy confined to the model's key, RawQuery checked as SQL; tables follow TableName methods
// or pop's naming (snake case, plural). pop's Transaction is a transaction of its receiver, not
// a tenant scope.
//
// ent (entgo.io/ent): the generated client is recognised by its shape, not its names: an entity
// client (XClient, a field of Client and Tx) whose Query makes a builder (XQuery, XUpdate,
// XUpdateOne, XDelete, XDeleteOne, XCreate) whose Where takes the entity's predicate type, a
// func(*sql.Selector) whose entity package names the table and columns as constants
// (project.Table, project.FieldTenantID), read from the types. A finisher (Only, All, First,
// Count, IDs, Exist and their X and ID forms on a query; Save and Exec on the others; the
// client's Get; Strings, Scan and the like on the Select or GroupBy builder a query makes) is
// followed back through the chain, variables and branches to the client method that made the
// builder (Query, Create, Update, UpdateOne(ID), Delete, DeleteOne(ID)), and replayed as ent
// writes it: every Where predicate ANDed, the generated field predicates (TenantID(v),
// TenantIDEQ, IDIn, NameContains...) and sql.FieldEQ and its kin with a constant column as
// comparisons of that column, And, Or and Not as written; UpdateOneID, DeleteOneID and Get
// filter by the id only; Create sets the columns of its Set methods. An edge predicate
// (HasOwnerWith) or a predicate made elsewhere cannot be checked (TV1006); a builder made
// elsewhere or by a traversal to another entity (QueryOwner) is not modelled, and says nothing.
// In filter mode an ent client is judged like a pool, in scope mode by its origin (a global
// client is outside any scope); one a function receives is its callers' to judge (a fact).
//
// Interceptors and privacy rules (ent's multi-tenancy pattern): a function whose body, its
// closures or the functions it calls (facts, across packages) call WhereP with a predicate of
// entgo.io/ent/dialect/sql on a constant column (q.WhereP(sql.FieldEQ("tenant_id", tid)), in an
// intercept.TraverseFunc or a privacy.FilterFunc) adds that predicate; a schema (a struct
// embedding ent.Schema) whose Interceptors or Policy method, its own or that of a mixin its
// Mixin method returns, adds one adds it to every query on the entity (Policy also to its
// updates and deletes, an interceptor to queries only), as a top-level AND condition beside the
// query's own. The schema counts only when it is a dependency of the package (ent/runtime,
// blank-imported, stitches it to the client); entql filters
// (WhereTenantID(entql.StringEQ(tid))) and edge predicates are not read, so such queries are
// still reported; an INSERT still has to set the tenant column itself. One approximation can
// hide a leak: a predicate the interceptor adds on some paths only (an admin bypass) counts as
// always added.
//
// Without SQL migrations or a schema, the models are the schema: the tables of the models a
// package migrates with gorm's AutoMigrate, of the bun models it declares and of the entity
// packages ent generates (their Table and Field constants) (a package fact carries them to
// importers), tenant-owned when the model has a tenant column and global
// otherwise; -tenant-tables and -global-tables apply on top. Models say nothing of row level
// security, so auto mode checks the statements' own filters.
//
// Scope helpers are also inferred: a function that sets the tenant setting transaction-locally
// (set_config(setting, $N, true), on pgx, database/sql or gorm) to one of its parameters and
// calls one of its function parameters with a handle is a scope helper (a fact carries it to
// other packages), its tenant argument checked like the runtime's.
//
// The tenant passed to a scope helper must be the verified tenant: a constant, the zero
// tenant.ID or a value read from a request header, query string or path parameter is reported
// (TV1002).
//
// Filter mode (a schema without row level security, or -mode=filter): outside a scope, constant
// SQL is parsed and resolved against the schema (-schema or -migrations). Every tenant-owned
// table a SELECT, UPDATE or DELETE touches, per range variable including joins, CTEs and
// subqueries, must be constrained by its tenant column in a top-level AND condition (TV1003); a
// tenant predicate inside an OR lets other tenants' rows escape (TV1004); an INSERT must set the
// tenant column (TV1003). SQL built at run time that reaches a tenant table cannot be checked
// and is reported as such (TV1006). A query in generated code (sqlc's query.sql.go) on a handle
// its caller passes is checked once, where it is written: without row level security no scope
// confines it, and its callers, the conversions of the store built on the pool and the
// store's constructor do not report its SQL again. A SELECT by id alone followed, in the same
// function, by an ownership check that leaves on a mismatch (if n.TenantID != tenantID
// { return ErrNotFound }, the field named for the table's tenant column, compared with a value
// that is not a constant) counts as filtered; an UPDATE or DELETE checked afterwards does not.
//
// A child table (no tenant column of its own, not global, a foreign key to a tenant-owned table:
// the migration checker's TV5024) is tenant data. In filter mode a statement confines it through
// its parent: joined with the parent on the whole foreign key while the parent's tenant column
// is constrained (the parent's own filter is checked, and reported, like any tenant table's; a
// parent on the nullable side of an outer join counts only when the WHERE clause constrains it;
// the parent may be the outer query's that a sub-query on the child is correlated with; the
// join may be ON, USING or NATURAL when the key has the parent column's name), or its key
// filtered by fk IN (SELECT ref FROM parent ...) (= ANY too) or EXISTS (SELECT ... FROM parent p
// WHERE p.ref = child.fk ...). A CTE that selects from the parent alone (WITH p AS (SELECT id
// FROM posts WHERE tenant_id = $1)) stands for the parent in each of these, through the output
// columns that are the parent's key (its own tenant filter is checked like the parent's).
// A child's key equated with a placeholder whose argument the same function scanned, before
// the query and with no assignment after the Scan, from the key column of a parent row read
// under the tenant filter (a pgx or database/sql Row or Rows of a SELECT of the parent alone;
// followed in SSA through a local variable or a field of one) confines it too. Otherwise, by id
// alone or by a parent id the caller passed, it is reported (TV1003) naming the parent. A
// grandchild (comment_reactions -> comments -> posts) is a child whose parent is a child table:
// joined with its parent (or filtered by a sub-query on it) it is confined when the parent is,
// which is checked, and reported, as the parent's own. A write into a child table (INSERT, or
// an UPDATE that sets the key) must take the key from the parent's rows in the statement
// (INSERT ... SELECT p.id, ... FROM posts p WHERE p.tenant_id = $1, a scalar sub-query on the
// parent, UPDATE ... SET post_id = p.id FROM posts p ...) or bind a key scanned from a parent
// row read under the tenant filter, as above; a key from the caller is reported (TV1003). An
// INSERT that does not set the key references no parent row and is not judged.
// In scope mode a query on a child table needs the scope like any tenant table's (TV1001).
//
// Scope mode with a schema applies the same checks inside a scope to the tenant tables that have
// no row level security at all: the scope's setting confines nothing there, so only the SQL's
// own filter does. (A table whose policy is weak is the migration checker's finding, TV5007, not
// every query's.)
//
// In both modes, a function with a tenant parameter (named in -tenant-param-names or of type
// tenant.ID) that queries tenant data without using the parameter is reported (TV1005): the
// parameter was meant to scope the query. A call through an interface (a repository field,
// s.repo.Get(ctx, id), or sqlc's Querier) counts as the queries of its implementations that the
// analysis sees: the concrete types of the package and the methods of its dependencies with
// query facts; an implementation that runs no query (a test double) touches no tenant data.
//
// Suppress a finding with //tenantvet:ignore sqlscope -- reason, or allow whole functions with
// -allow-functions.
package sqlscope
