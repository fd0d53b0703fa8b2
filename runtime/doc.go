// Package runtime is the documentation root of tenantvet's runtime library: the small set of
// packages production services import to do what the tenantvet analyzers ask for. It holds no
// code. The packages depend only on the standard library and pgx v5, never on the analyzers.
//
//   - tenant: the tenant ID type (a validated UUID), the verified request context
//     (tenant, user, role, request id) and the HTTP Resolver that turns a host or path claim
//     into a verified membership (401 no session, 404 unknown tenant, 403 not a member).
//   - tenantdb: WithTenant and friends, which open a transaction, set app.tenant_id
//     transaction-locally for row level security and commit or roll back.
//   - jobs: signed background job payloads that always carry the tenant, and Run, which
//     verifies a payload and sets the tenant again before the handler touches data.
//   - safelog: a slog.Handler that redacts secrets, tokens, cookies and prompts at every depth
//     and adds tenant_id and request_id to every record.
//   - plan: plan catalogues and limits, enforced on the server before the write (HTTP 402).
//   - audit: who did what, in which tenant, to which target, when; written inside the tenant
//     transaction to a table kept apart from operational logs.
package runtime
