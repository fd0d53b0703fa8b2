// Package jobpayload defines an Analyzer that checks that background jobs carry the verified
// tenant and that their workers scope their queries with it.
//
// # Analyzer jobpayload
//
// jobpayload: check that jobs carry the verified tenant and workers scope their queries with it
//
// A job holding only a project id, whose worker then searches the whole database, is the classic
// cross-tenant leak (a daily digest sent to the wrong customers). The pass finds job types through
// the queue APIs: river JobArgs passed to (*river.Client).Insert, InsertTx and InsertMany
// (InsertManyParams.Args); asynq tasks built by asynq.NewTask from bytes that json.Marshal encoded
// (followed in SSA form, also through a function of the package that returns the marshalled
// bytes of its parameter, such as func mustJSON(v any) []byte); the functions of the job-enqueue setting (FUNC[:PAYLOAD_ARG]); and types
// whose doc comment holds a //tenantvet:job directive. It reports:
//
//   - TV2001: a job type without the tenant field (job-tenant-field, default TenantID, of any
//     type that holds one id: tenant.ID, a UUID, a string, an integer, a named type or a pointer
//     to one; an embedded jobs.TenantArgs counts), at the type
//     declaration, or at the enqueue site when the type is declared in a package that did not
//     know it was a job. An enqueue whose tenant travels in an envelope (job-envelopes,
//     FUNC[:TENANT_ARG], and the runtime's (*jobs.Signer).Sign) needs no tenant field.
//   - TV2002: an enqueue whose payload literal leaves the tenant field unset, zero or constant.
//     A tenant field promoted from an embedded struct counts when the embedded struct's literal
//     sets it (keyed or positional, at any depth, through a pointer too) or when it is assigned
//     afterwards, directly or through the embedded fields (args.Base.TenantID = t).
//   - TV2003: an enqueue whose tenant field comes from a client claim: a tenant header, query or
//     path parameter.
//   - TV2004: a worker (river Work methods, asynq handlers and ProcessTask methods, the
//     job-handlers setting) that queries tenant data outside a tenant scope. A query whose SQL
//     is a constant naming no table (SELECT 1, SELECT now()) or only global tables touches no
//     tenant data: those in global-tables and, with -migrations or -schema, those the schema
//     does not make tenant-owned. SQL functions it calls are not looked into. A query that
//     filters by the payload's tenant in its SQL is scoped as well: its SQL is a constant whose
//     every tenant table is confined by its tenant column among the top-level AND conditions
//     (the pg_query check sqlscope uses), and every placeholder bound to a tenant column is
//     given the payload's tenant (WHERE tenant_id = $1 with job.Args.TenantID as $1). A filter
//     inside an OR, another value bound to the tenant column, a table of a join left unfiltered
//     or arguments spread from a slice are reported.
//   - TV2005: a worker that opens a tenant scope with a tenant other than the payload's: a
//     constant, a client claim or a value loaded by a query.
//
// Worker checks look at the handler body and at the functions of the same package it calls with
// the payload, one of its fields, its tenant or a database handle (three calls deep). A query is
// reported only when its handle is certainly outside a scope: a pool or connection, or a
// transaction begun on one; a transaction handed out by a helper the pass cannot see is given
// the benefit of the doubt. Functions of the package that pass one of their parameters as a
// scope helper's callback count as scope helpers themselves. A tenant taken from
// tenant.FromContext (a verified request, or a worker middleware that verified the job) is
// accepted as well as the payload's.
//
// The runtime's signed payloads (jobs.Payload made by (*jobs.Signer).Sign and handled through
// jobs.Run) are correct by construction; a client claim signed into a payload is left to
// headertrust. asynq payload bytes are followed on the syntax when they are assigned once from
// json.Marshal, and in SSA form (built on demand for those packages only) otherwise.
package jobpayload
