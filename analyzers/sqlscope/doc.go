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
// other conditions, scopes run last; a *gorm.DB condition (Where(db.Where(a).Or(b))) is that
// chain's conditions (its scopes included) written as one parenthesised group, so an Or inside
// the group beside the tenant is an escape (TV1004) and a group of the tenant alone filters;
// a group on a handle from elsewhere could hold anything (built at run time); Joins("Company")
// with an association of the model (has one, else belongs to, by gorm's foreign key guess;
// "Manager.Company" nested) is the LEFT (InnerJoins: INNER) JOIN gorm writes, "companies"
// aliased "Company" on the key, a *gorm.DB argument's conditions added to its ON clause, so the
// joined table is judged like a joined table in SQL (in PostgreSQL, Where("Company.tenant_id
// = ?") does not name the quoted alias: write "Company".tenant_id); a name that is no
// association is SQL built at run time. Preload("Tasks", conds...) adds no query of its own
// to judge: gorm loads the children by the keys of the parents the statement found (WHERE
// project_id IN (those ids), plus Preload's conditions), so the parent statement's filter
// confines them: a parent without the tenant is the finding, and the children of a global
// parent are not reported (a tenant-owned child table preloaded under a global parent is
// loaded for every tenant: that leak is not seen); First(&m, id), Delete(&M{}, id) and Model(&M{ID: id})
// filter by the key only; an UPDATE or DELETE without conditions is not sent. Tables follow
// TableName methods or gorm's naming (snake case, plural). A *gorm.DB is a handle whatever it
// is: one from gorm.Open or a global is unscoped, gorm's Transaction callback derives from its
// receiver, and a handle derived from a scope callback's parameter is scoped.
//
// bun (github.com/uptrace/bun): a statement made by NewSelect, NewInsert, NewUpdate, NewDelete
// or NewRaw on *bun.DB (a pool), bun.Tx, bun.Conn or bun.IDB and sent by Scan, Exec, Count,
// ScanAndCount or Exists; Model (bun:"table:...,alias:..." tags, else bun's naming), Table,
// Where, WhereOr, WhereGroup, WherePK, Join and JoinOn, Apply and bun.Ident arguments are
// replayed as bun writes them (each condition parenthesised), through branches and the
// functions (and methods) that extend a query, make one on the handle they are given or on a
// pool of their own, or are applied with Apply (facts, so helpers work across packages);
// RunInTx is a transaction of its receiver, not a tenant scope. bun's query methods change the
// query they are called on, so a call whose result is dropped (q.Where("tenant_id = ?", t) on
// its own line) counts when it runs before the finisher on every path; one in a branch does not. squirrel (github.com/Masterminds/squirrel): a builder's SQL is
// rendered from its chain (From, Into, Table, Join, Where with strings, Eq, And, Or, Expr,
// Columns, SetMap; Where parts joined by AND without parentheses, as squirrel does) through
// branches and the functions (and methods) that take a builder and extend it or return a
// whole one (facts, so helpers work across packages), where it runs: the query API its ToSql
// result reaches, or RunWith(h) and a finisher: the handle is RunWith's argument, in the
// chain, in a helper (its fact names the parameter, or the field of one, RunWith got) or in a
// StatementBuilder with RunWith stored in a struct field. Each variant keeps the handle it
// got (a helper's fact says which per variant), so in scope mode a handle that runs only the
// variants on global tables needs no scope; a handle held in an interface-typed field
// (squirrel.BaseRunner) is named by that field in the message. sqlx's named queries (NamedExec,
// NamedQuery) are compiled as sqlx does (:name, ::) before they are parsed.
//
// The helpers of gorm, squirrel, bun and pop chains are summarised per return: each variant of each
// return's chain with the parameter it starts from (or none, or a pool of the helper's own), so
// a caller continues each variant from its own argument and the query is filtered only if
// every variant is; a recursive call contributes nothing, and a helper returning the builder
// with an error is summarised by its first result, its error paths left out.
// gobuffalo/pop (github.com/gobuffalo/pop/v6): a finisher (Find, First, Last, All, Count,
// Exists, Reload, Create, Save, Update, UpdateColumns, Destroy, and on a query Delete,
// UpdateQuery, Exec) on a *pop.Connection or on a *pop.Query made from one (Q(), pop.Q(c),
// Where, Scope, Join, RawQuery) is followed back through its chain, variables, branches, the
// functions (and methods) that extend a query or make one, on the connection they are given
// or on their own (facts, so helpers and scope functions work across packages), and the
// package's functions that return a scope function, and replayed as pop writes it: Where fragments joined by AND without parentheses (an OR inside
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
// (HasTenantWith(preds...), HasProject()) over a foreign key is replayed as the IN that ent's
// EXISTS amounts to: the key in the entity's table (M2O) as key IN (SELECT id FROM neighbour
// WHERE preds), and as key = ? when preds is the neighbour's ID alone (so
// task.HasTenantWith(tenant.ID(tid)) is the tenant filter); the key in the neighbour's table
// (O2M) as id IN (SELECT key FROM neighbour WHERE preds), whose sub-query must be filtered too;
// a many-to-many edge through its join table, id IN (SELECT jt.own FROM jt WHERE jt.other IN
// (SELECT id FROM neighbour WHERE preds)), the join table (<Edge>Table) and which of its two
// columns (<Edge>PrimaryKey, a variable) holds the entity's id read from the entity package's
// SSA (its step's sqlgraph.Edge(sqlgraph.M2M, inverse, ...)) and passed on as a fact. The join
// table has no tenant column: a sub-query on it by a key alone, or on all of it, is judged
// like any child table's.
// A traversal (Query<Edge> on a query, on the client with an entity, or on the entity) is the
// reverse, a query on the neighbour confined by the parent's conditions through the edge's
// key: neighbour.key IN (SELECT parent.id FROM parent WHERE <parent's conditions>) (O2M), or
// neighbour.id IN (SELECT parent.key FROM parent WHERE ...) (M2O), so a child table without a
// tenant column is confined by a parent query filtered by tenant, while a neighbour with a
// tenant column of its own still needs its own filter (as with HasXWith). From an entity, the
// parent is the query that fetched it in the same function (Only, First, All and their X
// forms, the client's Get; through variables, branches and ranges over All's result); an
// entity of unknown provenance (a parameter, a field) gives its key alone, neighbour.key = ?,
// a filter by a caller-supplied key as in WHERE post_id = $1. In scope mode the traversal
// runs on the client of the query or fetch it starts from; from an entity handed in, it is
// its callers' to judge. Over a many-to-many edge the traversal goes through the join table:
// neighbour.id IN (SELECT jt.other FROM jt WHERE jt.own IN (SELECT parent.id ...)). A predicate
// made elsewhere cannot be checked (TV1006); a builder made elsewhere is not modelled, and
// says nothing. An edge from the entity to itself is a traversal like the others: over a key
// (edge.To("subtasks", Task.Type).From("parent")), the relation of the edge's step (read from
// the entity package's SSA and passed on as a fact) says which side holds the key, so
// QuerySubtasks is tasks.task_subtasks IN (SELECT tasks.id FROM tasks WHERE ...) and
// QueryParent tasks.id IN (SELECT tasks.task_subtasks ...); through a join table (a self M2M,
// or an edge schema: edge.To("blockers", Task.Type).Through("blocks", Block.Type)) as over any
// M2M edge. Both sides have the entity's tenant column, so each needs its own filter. Not
// rendered: a traversal starting at an edge schema entity (a composite id), and a bidirectional
// O2O edge on one table.
// In filter mode an ent client is judged like a pool, in scope mode by its origin (a global
// client is outside any scope); one a function receives is its callers' to judge (a fact).
//
// Interceptors and privacy rules (ent's multi-tenancy pattern): a function whose body, its
// closures or the functions it calls (facts, across packages) add a predicate to the query or
// mutation they are handed adds it: WhereP with a predicate of entgo.io/ent/dialect/sql on a
// constant column (q.WhereP(sql.FieldEQ("tenant_id", tid)), in an intercept.TraverseFunc or a
// privacy.FilterFunc), and the methods of the filter a privacy.FilterFunc gets (the entity's
// generated XFilter, usually through an interface the rule asserts): Where with an entql
// predicate on a constant column (entql.FieldEQ("tenant_id", tid), the operands of
// entql.And), Where<Field> with a typed entql predicate (WhereTenantID(entql.StringEQ(tid)),
// the column resolved per entity from its Field<Field> constant), and WhereHas<Edge>With with
// the neighbour's id (WhereHasTenantWith(tenant.ID(tid)): the edge's key in the entity's
// table). A call counts only where it runs on every path of its function that does not deny:
// a rule that returns privacy.Skip, privacy.Allow or nil on a path that did not filter (no
// tenant in the request, an administrator, a filter without the field) adds nothing; paths
// returning privacy.Deny, privacy.Denyf(...), errors.New or fmt.Errorf, or another error
// variable, stop the query. An entql Or or Not adds nothing. A schema (a struct embedding
// ent.Schema) whose Interceptors or Policy method, its own or that of a mixin its Mixin method
// returns, adds one adds it to every query on the entity (Policy also to its updates and
// deletes, an interceptor to queries only), as a top-level AND condition beside the query's
// own; a privacy.Policy literal's Query and Mutation lists count for queries and for
// mutations apart; an entity without the field or edge a rule names gets nothing from it. The schema
// counts only when it is a dependency of the package (ent/runtime, blank-imported, stitches it
// to the client); an INSERT still has to set the tenant column itself. A rule that can return
// privacy.Allow (privacy.Allowf, ent's AlwaysAllowRule; an administrator's bypass) ends the
// policy's evaluation, so the filters of the rules after it (later in its list, or in the
// policies of later mixins and the schema's own, which ent evaluates after the mixins') do
// not count. A Policy method may return a policy made elsewhere: the result of a function
// that builds or returns one, or a package variable holding one, in the package or another
// (facts), each read as the privacy.Policy literal it comes from (a function with several
// returns adds what every one adds; nil adds nothing); so do the Policy methods of mixins from
// other packages (ent's multi-tenancy example: a BaseMixin that denies, a TenantMixin that
// filters). Still a miss: an ent.Policy read from a field or a parameter, or made with
// privacy.NewPolicies, adds nothing and allows nothing.
//
// Without SQL migrations or a schema, the models are the schema: the tables of the models a
// package migrates with gorm's AutoMigrate, of the bun models it declares and of the entity
// packages ent generates (their Table and Field constants) (a package fact carries them to
// importers), and, in the package that queries them, the gorm models its statements name
// (Model's argument, a finisher's destination, a struct condition; a struct with a primary
// key field, so a Scan or Pluck destination or a result struct is no table), so a store
// package whose models its main package migrates has its schema too; tenant-owned when the
// model has a tenant column and global otherwise (a table some model gives the tenant column
// is tenant-owned); -tenant-tables and -global-tables apply on top. Models say nothing of row level
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
// query facts, including the exported methods that query tenant tables on a handle of their own
// (a pool in a field: a queriesOwn fact); an implementation that runs no query (a test double)
// touches no tenant data.
//
// Implementations the service does not see (the hexagonal layout: package service declares the
// Repo interface, package postgres imports service and implements it, main wires
// service.New(postgres.NewRepo(pool))): a function whose tenant parameter is unused and whose
// calls of named interfaces (outside the standard library) resolve to no query in sight exports
// a fact naming the parameter and the interface methods. Analysis is modular and sees only
// downward, so the finding is made where both sides are visible, once for the program: at the
// implementing method, by the package that declares it (it imports the interface's package and
// so sees the fact), when the method's queries reach tenant data, whatever their handle; or, when
// that package does not see the fact (sqlc's generated *Queries behind an interface the service
// declares), at a conversion of the type to the interface in a package that sees both (the
// wiring in main), when the method's query fact reaches tenant data. A constructor of the
// implementing package that returns its type as an interface (func NewRuleStore(...) RuleStore
// { return &rule{...} }) exports a builds fact, and its call in the wiring counts as that
// conversion. The implementing package
// marks the methods it reported with a fact, so the wiring does not report them again; a package
// converting the same type twice reports it once. The message names the service method, which
// is the finding's first related place, then the queries reached.
//
// The position is in the reporting package's own files, not at the service method: drivers
// attach a finding to the pass that reported it (the package whose files go vet, golangci-lint
// and the cache of the standalone driver file it under), and suppression directives are read
// from the reporting package's files only, so one at a position in another package would be
// unreachable; two implementations would also put two findings on the one service method. Two
// different packages converting the same type each report it (neither sees the other). Scope mode needs nothing of the kind for TV1001: a query
// on the pool inside the implementation is reported where it runs, and a store built on the pool
// where it is converted to the interface, both in packages that see the implementation.
//
// Suppress a finding with //tenantvet:ignore sqlscope -- reason, or allow whole functions with
// -allow-functions.
package sqlscope
