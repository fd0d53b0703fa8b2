// Package headertrust defines an Analyzer that reports tenant claims from the client that scope
// data without verification.
//
// # Analyzer headertrust
//
// headertrust: report tenant ids from headers and parameters used without verification
//
// A tenant id read from outside the trust boundary is a claim: an X-Tenant-ID header, a
// tenant-named query or path parameter (?org_id=, /tenants/{tenantID}) or gRPC metadata
// (x-tenant-id) is whatever the client chose to send. Membership, an API key binding or a signed
// payload must prove the claim before it scopes anything, or a user of tenant A reads tenant B's
// data by changing one header. The header or parameter name may be a constant, an unexported
// package variable assigned only by its declaration, or a helper's parameter. Headers of an
// *http.Response (a server we called sent them) are not claims, also when a helper reads them
// from the http.Header its caller passes.
//
// The pass follows claims through the SSA form of each function (local variables, phi nodes,
// conversions, tenant.Parse and uuid.Parse-like parsing, string operations, fmt.Sprintf and path
// joins) to the places where a tenant decides what is touched:
//
//   - TV4001: the tenant argument of a scope helper (tenantdb.WithTenant and the configured
//     -scope-helpers), the TenantID of a tenant.Context, the value context.WithValue stores under
//     a tenant key (a key type, package variable or constant string named like tenantKey,
//     ctxKeyOrgID or "tenant_id") or, under any key, as a value of a tenant type (tenant.ID,
//     tenant.Context, TenantID), the value gin's or echo's c.Set or fiber's c.Locals stores the
//     same way, a conversion to a TenantID or OrgID type,
//     or a SQL placeholder bound to the tenant column (tenant_id = $1, INSERT ... VALUES);
//   - TV4002: the tenant field of a job payload (-job-tenant-field, jobs.Payload, river args) or
//     the tenant given to (*jobs.Signer).Sign;
//   - TV4003: a storage key or file path (filepath.Join, path.Join, os.Open and friends,
//     PutObject/GetObject keys).
//
// A claim is verified when a call of a configured verifier (-verifiers) taking the claim, or a
// value derived from it, dominates the use and its failure is tested so that the use is
// unreachable when verification failed (err != nil, or a false bool); a verifier that takes the
// *http.Request (or a gin or echo context) verifies every claim read from that request. Comparing
// the claim with a trusted value (if claim != tc.TenantID.String() { return }) verifies it the
// same way; comparing it with a constant does not. Calling
// a verifier in one branch only, after the use, or ignoring its error does not verify. A
// verifier's own result is not a claim, and neither is the tenant of
// (*tenant.Resolver).Resolve or tenant.FromContext. The resolver never reads X-Tenant-ID, so a
// handler behind its middleware that reads the header still holds an unverified claim. Reading
// a tenant header to log it, count it or forward it on an outgoing request is not reported.
//
// Claims also arrive in shapes that name no header: a struct field that code of its package
// fills from the request, by assignment or through a binder given the field's address as an
// `any` (oapi-codegen's runtime.BindQueryParameter(..., "tenant_id", r.URL.Query(),
// &params.TenantId)), holds the claim wherever it is read. The binding is recognised by what
// the generated code does, not by the generator: a method without arguments called on a
// function literal's parameter (d.DecodeValue()) reads what the call the literal is handed to
// decodes, a tenant parameter when that call's receiver or arguments were built from the
// request's query or headers (a url.Values or http.Header) and a constant tenant name, directly
// or in a config struct (ogen's q := uri.NewQueryDecoder(r.URL.Query());
// q.DecodeParam(uri.QueryParameterDecodingConfig{Name: "tenant_id"}, func(d uri.Decoder) error
// {...; params.TenantID = c})); a decoder a constructor built from a tenant name and a value cut
// from r.URL.Path (through slices, arrays and the parameters this package's router passes it,
// ogen's uri.NewPathDecoder(uri.PathDecoderConfig{Param: "tenantID", Value: args[0]})) reads
// that path parameter. A setter of this package called on a tenant field (the SetTo of an
// optional value, storing its parameter into a field of its receiver) fills the field, and a
// method returning a field of its receiver (Get, Or; claimResult "returns a field of its
// receiver") or a field of the field (params.OrgID.Value) reads it. A claim such code passes to an
// interface method of its package (a generated ServerInterface) is a claim in every
// implementation; the tenant fields of the request message of a gRPC server method (a method
// taking (context.Context, *Msg) where *Msg has ProtoReflect) are claims, read directly or
// through the generated getter; a path parameter is a claim in the handler registered with a
// constant route pattern (or one held in an unexported package variable assigned once, like
// header names) in which it follows a tenant collection
// (mux.HandleFunc("GET /orgs/{id}", h), chi, gin, echo and gorilla/mux patterns), joined with
// the prefixes of the route groups it is registered on (gin and echo Group, chi Route, Group,
// With and Mount, gorilla/mux subrouters of PathPrefix and Path routes with their Host, Methods
// and other matchers, and Route.Handler/HandlerFunc for the route's own path, through the
// package's functions a group is handed to or a router returned from, and through struct
// fields, where a router read from a field serves under every group the package stores in it:
// g := r.Group("/orgs/:id"); g.GET("", h), s.api = r.Group("/orgs/:id") then s.api.GET("", h),
// r.PathPrefix("/tenants/{id}").Subrouter().HandleFunc("/users", h)). Across packages, an
// exported function registering handlers on a router parameter or on the router it returns
// gets routeRegs (`param 0 routes "/users" to (*api.API).users reading "id"`): a caller giving
// that router a prefix (a group, chi Route or Mount) that makes the parameter the tenant is
// reported at the call, and a caller handing on its own router parameter gets the fact in turn;
// routeRegs also records a router parameter the function mounts (`param 1 mounted at
// "/tenants/{id}" below param 0`), so the caller's routes on that router get the prefix;
// and a value
// read back with ctx.Value or a getter is a claim exactly when a claim was stored under its
// key (a package variable, or a key type and constant value) by this package or a dependency,
// and so is a value read back from gin's or echo's request store (c.GetString, c.Get,
// c.MustGet, gin's c.Value) when a claim was stored with c.Set under the same constant key. A
// claim stored in gin's, echo's or fiber's store under a tenant key (as for context.WithValue),
// or as a value of a tenant type, is TV4001 at the c.Set or c.Locals, once: the handlers that
// read that key back are not told again.
// Calls through an interface reach the implementations among the named types of this package
// and its dependencies. A statement on the tenants table alone binds its id as the tenant.
//
// Three frameworks read claims through objects of their own. go-kratos: a header read from the
// transport a server put in the context (tr, _ := transport.FromServerContext(ctx);
// tr.RequestHeader().Get("X-Tenant-ID"), or the HTTP transport's Request().Header) and server
// metadata (metadata.FromServerContext(ctx), md.Get("x-md-global-tenant-id"); the x-md-global-
// and x-md-local- prefixes are dropped before the tenant header names are matched) are claims;
// the same reads on a client's transport or metadata (FromClientContext: what this service sends)
// are not. fiber v2: c.Get, c.GetReqHeaders, c.Query and c.Params are read like gin's (c.Params
// under the tenant routes of app.Get("/orgs/:id", h) and app.Group prefixes), and a value read
// back with c.Locals(key) is a claim when a claim was stored with c.Locals(key, v). goa v3: the
// tenant fields of a payload a generated endpoint hands to the service (func NewListEndpoint(s
// Service) goa.Endpoint { return func(ctx context.Context, req any) (any, error) { p :=
// req.(*ListPayload); return s.List(ctx, p) } }) hold what goa's transport decoded from the
// request; the service package exports claimField for them, since the implementation imports it
// and not the HTTP server package whose decoders fill them. A goa payload is no job payload,
// whatever its name.
//
// Two facts carry claims across functions and packages: a function whose parameter reaches one
// of these places without verification gets sinkParam ("param 1 reaches tenantdb.WithTenant"),
// so passing a claim to it is reported at the call; a function whose first result is an
// unverified claim it read, or is derived from one of its parameters, gets claimResult
// (`returns header "X-Tenant-ID"`, "returns param 0"), so its callers' uses are followed back to
// the claim. A helper that reads a header or parameter by the name its caller gives
// (func tenantFrom(r *http.Request, name string) string { return r.Header.Get(name) }) gets
// either fact for that name parameter ("returns the header named by param 1", "the header named
// by param 1 reaches tenantdb.WithTenant"): a call naming a tenant header is a claim at the call,
// one naming X-Request-ID is not. sinkParam also names the helpers between the function and the
// sink ("via (*projectstore.PG).Get"), and the messages name that path. Three more facts carry
// the other shapes: contextClaims (package: the keys claims are stored under), claimField (a
// field filled from the request), claimParams (an interface method given a claim) and
// routeRegs (routes registered below a router parameter or result).
//
// In the hexagonal (clean architecture) layout the service declares its repository as an
// interface, the repository's package imports the service's and implements it, and only the
// wiring package (main, app, cmd) imports handler, service and repository and converts the
// implementation to the interface: no package sees both the claim and the query. A parameter
// that reaches an interface method's parameter with no implementation in view (or only
// decorators, structs holding a field of the interface) then gets a pending sinkParam ("param 1 reaches svc.TemplateRepository.ListByTenant param 1 via ..."),
// passed on to callers like the others; a function handing it an unverified claim records it in
// the package fact pendingClaims (the claim, the file and line where the function obtains it, the
// path to the interface method), which every package importing it relays; and an exported
// constructor returning a type of its package as an interface gets builds ("builds *repo.pg:
// ListByTenant param 1 reaches ..."), carrying the sinks of the type's methods. The package that
// converts an implementation to that interface (a call argument, an assignment, a struct literal
// field, a return, or the call of a constructor with builds) reports TV4001 (or the rule of the
// sink) at the conversion, once per claim and sink, naming the claim, where it was obtained and
// the path to the query, with that place as a related place. An implementation without a sink on
// the parameter is not reported (a repository scoping by tenant.FromContext), nor is one only
// handed to a decorator of the same interface, stored in its field or passed to a constructor
// returning the interface (&store.Verified{Next: &store.PG{...}}, cache.New(&store.PG{...})):
// the decorator decides. A decorator whose method passes the parameter on to the interface it
// wraps has a pending sink itself, followed to the implementations the package converts (up to
// three interfaces), and the finding is at the conversion of the one that reaches the query. A
// claim a handler gives directly to an interface of its own package is left to claimParams.
package headertrust
