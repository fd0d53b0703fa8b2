package a // want package:`type a.tenantKey holds header "X-Tenant-ID"; var a.ctxKeyOrgID holds path parameter "orgId"`

import (
	"context"
	"errors"
	"expvar"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tenantvet/tenantvet/runtime/jobs"
	"github.com/tenantvet/tenantvet/runtime/tenant"
	"github.com/tenantvet/tenantvet/runtime/tenantdb"
)

type Server struct {
	pool     *pgxpool.Pool
	signer   *jobs.Signer
	resolver *tenant.Resolver
	root     string
	fallback string
}

func noop(pgx.Tx) error { return nil }

// VerifyMembership is configured as a verifier in the test (-verifiers).
func VerifyMembership(ctx context.Context, user, claim string) (tenant.ID, error) {
	return tenant.ID{}, nil
}

// IsMember is a verifier that answers with a bool.
func IsMember(ctx context.Context, user string, claim string) bool { return false }

// CheckMember is a verifier that returns only an error.
func CheckMember(ctx context.Context, user string, id tenant.ID) error { return nil }

func user(r *http.Request) string { return "" }

// --- TV4001: scope helpers ---

func (s *Server) headerScope(w http.ResponseWriter, r *http.Request) {
	id, err := tenant.Parse(r.Header.Get("X-Tenant-ID"))
	if err != nil {
		return
	}
	_ = tenantdb.WithTenant(r.Context(), s.pool, id, noop) // want `tenant from header "X-Tenant-ID" reaches tenantdb.WithTenant without verification: resolve the tenant with tenant.Resolver or verify membership first \(TV4001\)`
}

func (s *Server) headerScopeVerified(w http.ResponseWriter, r *http.Request) {
	claim := r.Header.Get("X-Tenant-ID")
	id, err := VerifyMembership(r.Context(), user(r), claim)
	if err != nil {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	_ = tenantdb.WithTenant(r.Context(), s.pool, id, noop)
}

func (s *Server) claimVerifiedThenUsed(w http.ResponseWriter, r *http.Request) {
	claim := r.Header.Get("X-Tenant-ID")
	id := tenant.MustParse(claim)
	if err := CheckMember(r.Context(), user(r), id); err != nil {
		return
	}
	_ = tenantdb.WithTenantReadOnly(r.Context(), s.pool, id, noop)
}

func (s *Server) verifiedInOneBranch(w http.ResponseWriter, r *http.Request) {
	id := tenant.MustParse(r.Header.Get("X-Org-ID"))
	if r.Method == http.MethodPost {
		if err := CheckMember(r.Context(), user(r), id); err != nil {
			return
		}
	}
	_ = tenantdb.WithTenant(r.Context(), s.pool, id, noop) // want `tenant from header "X-Org-ID" reaches tenantdb.WithTenant without verification`
}

func (s *Server) verifiedErrorIgnored(w http.ResponseWriter, r *http.Request) {
	id := tenant.MustParse(r.Header.Get("X-Tenant-ID"))
	_ = CheckMember(r.Context(), user(r), id)
	_ = tenantdb.WithTenant(r.Context(), s.pool, id, noop) // want `reaches tenantdb.WithTenant without verification`
}

func (s *Server) verifiedErrorLogged(w http.ResponseWriter, r *http.Request) {
	id := tenant.MustParse(r.Header.Get("X-Tenant-ID"))
	if err := CheckMember(r.Context(), user(r), id); err != nil {
		slog.Error("not a member", "err", err)
	}
	_ = tenantdb.WithTenant(r.Context(), s.pool, id, noop) // want `reaches tenantdb.WithTenant without verification`
}

func (s *Server) verifiedAfterUse(w http.ResponseWriter, r *http.Request) {
	id := tenant.MustParse(r.Header.Get("X-Tenant-ID"))
	_ = tenantdb.WithTenant(r.Context(), s.pool, id, noop) // want `reaches tenantdb.WithTenant without verification`
	if err := CheckMember(r.Context(), user(r), id); err != nil {
		return
	}
}

func (s *Server) boolVerifier(w http.ResponseWriter, r *http.Request) {
	claim := r.Header.Get("X-Tenant-ID")
	if !IsMember(r.Context(), user(r), claim) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(claim), noop)
}

func (s *Server) boolVerifierPositive(w http.ResponseWriter, r *http.Request) {
	claim := r.Header.Get("X-Tenant-ID")
	if ok := IsMember(r.Context(), user(r), claim); ok {
		_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(claim), noop)
	}
	_ = tenantdb.WithTenantReadOnly(r.Context(), s.pool, tenant.MustParse(claim), noop) // want `reaches tenantdb.WithTenantReadOnly without verification`
}

func (s *Server) boolVerifierIgnored(w http.ResponseWriter, r *http.Request) {
	claim := r.Header.Get("X-Tenant-ID")
	IsMember(r.Context(), user(r), claim)
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(claim), noop) // want `reaches tenantdb.WithTenant without verification`
}

func (s *Server) resolved(w http.ResponseWriter, r *http.Request) {
	tc, err := s.resolver.Resolve(r)
	if err != nil {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	_ = tenantdb.WithTenant(r.Context(), s.pool, tc.TenantID, noop)
	// The resolver resolves the tenant from the host or the path slug, never from X-Tenant-ID:
	// the header is still an unverified claim.
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(r.Header.Get("X-Tenant-ID")), noop) // want `tenant from header "X-Tenant-ID" reaches tenantdb.WithTenant without verification`
}

func (s *Server) comparedWithVerified(w http.ResponseWriter, r *http.Request) {
	tc, ok := tenant.FromContext(r.Context())
	if !ok {
		return
	}
	claim := r.Header.Get("X-Tenant-ID")
	if claim != tc.TenantID.String() {
		http.Error(w, "tenant mismatch", http.StatusForbidden)
		return
	}
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(claim), noop)
}

func (s *Server) comparedWithConstant(w http.ResponseWriter, r *http.Request) {
	claim := r.Header.Get("X-Tenant-ID")
	if claim == "" {
		http.Error(w, "missing tenant", http.StatusBadRequest)
		return
	}
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(claim), noop) // want `reaches tenantdb.WithTenant without verification`
}

func (s *Server) comparedButIgnored(w http.ResponseWriter, r *http.Request) {
	tc, _ := tenant.FromContext(r.Context())
	claim := r.Header.Get("X-Tenant-ID")
	if claim != tc.TenantID.String() {
		slog.Warn("tenant mismatch")
	}
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(claim), noop) // want `reaches tenantdb.WithTenant without verification`
}

func (s *Server) claimInCallback(w http.ResponseWriter, r *http.Request) {
	tc, _ := tenant.FromContext(r.Context())
	claim := r.PathValue("orgID")
	_ = tenantdb.WithTenant(r.Context(), s.pool, tc.TenantID, func(tx pgx.Tx) error {
		_, err := tx.Exec(r.Context(), "DELETE FROM notes WHERE tenant_id = $1", claim) // want `tenant from path parameter "orgID" reaches the tenant placeholder \$1 of pgx.Tx.Exec without verification`
		return err
	})
	id, err := VerifyMembership(r.Context(), user(r), claim)
	if err != nil {
		return
	}
	_ = tenantdb.WithTenant(r.Context(), s.pool, id, func(tx pgx.Tx) error {
		_, err := tx.Exec(r.Context(), "DELETE FROM notes WHERE tenant_id = $1", claim)
		return err
	})
}

func (s *Server) fromContext(w http.ResponseWriter, r *http.Request) {
	tc, ok := tenant.FromContext(r.Context())
	if !ok {
		return
	}
	_ = tenantdb.WithTenant(r.Context(), s.pool, tc.TenantID, noop)
}

func (s *Server) configTenant(w http.ResponseWriter, r *http.Request) {
	// A constant or configured tenant is not a claim of the client.
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(s.fallback), noop)
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse("4b2a8f3e-2f7c-4d0e-9a55-3c1f2e6d7b80"), noop)
}

func (s *Server) nonTenantHeader(w http.ResponseWriter, r *http.Request) {
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(r.Header.Get("X-Request-ID")), noop)
}

func (s *Server) headerIndexAndCanonical(w http.ResponseWriter, r *http.Request) {
	a := r.Header["X-Workspace-Id"][0]
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(a), noop)                                                     // want `tenant from header "X-Workspace-Id" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(r.Header.Get(http.CanonicalHeaderKey("x-account-id"))), noop) // want `tenant from header "x-account-id" reaches tenantdb.WithTenant`
}

// --- logging and forwarding are not findings ---

func (s *Server) logAndForward(w http.ResponseWriter, r *http.Request) {
	claim := r.Header.Get("X-Tenant-ID")
	slog.Info("request", "claimed_tenant", claim)
	out, _ := http.NewRequestWithContext(r.Context(), http.MethodGet, "http://upstream", nil)
	out.Header.Set("X-Tenant-ID", claim)
	fmt.Fprintf(w, "claimed %s", claim)
	// Counting requests per claimed tenant is a metric, not a scope.
	claimsSeen.Add(claim, 1)
	claimsSeen.Add(headerValueForMetrics(r, "X-Org-ID"), 1)
}

var claimsSeen = expvar.NewMap("claims_seen")

func headerValueForMetrics(r *http.Request, name string) string { // want headerValueForMetrics:"returns the header named by param 1"
	return r.Header.Get(name)
}

// --- TV4001: request context, conversions, SQL ---

type OrgID string

func (s *Server) contextAndConversion(w http.ResponseWriter, r *http.Request) context.Context {
	_ = OrgID(r.URL.Query().Get("org_id")) // want `tenant from query parameter "org_id" reaches conversion to a.OrgID without verification`
	_ = OrgID(r.URL.Query().Get("page"))
	org := OrgID(r.Header.Get("X-Org-ID")) // want `tenant from header "X-Org-ID" reaches conversion to a.OrgID without verification`
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(string(org)), noop)
	return tenant.NewContext(r.Context(), tenant.Context{TenantID: tenant.MustParse(r.Header.Get("X-Tenant-ID")), UserID: r.Header.Get("X-User")}) // want `tenant from header "X-Tenant-ID" reaches tenant.Context without verification`
}

func (s *Server) sqlTenantParam(w http.ResponseWriter, r *http.Request) {
	org := r.PathValue("orgID")
	_, _ = s.pool.Query(r.Context(), "SELECT id FROM notes WHERE tenant_id = $1 AND id = $2", org, r.PathValue("id")) // want `tenant from path parameter "orgID" reaches the tenant placeholder \$1 of \(\*pgxpool.Pool\).Query without verification`
	// The claim bound to a non-tenant column is not a scope.
	_, _ = s.pool.Query(r.Context(), "SELECT id FROM audit WHERE claimed = $1", org)
	tc, _ := tenant.FromContext(r.Context())
	_, _ = s.pool.Exec(r.Context(), "INSERT INTO notes (id, tenant_id) VALUES ($1, $2)", r.PathValue("id"), tc.TenantID)
}

// --- TV4002: jobs ---

type ExportArgs struct {
	TenantID tenant.ID
	NoteID   string
}

func (ExportArgs) Kind() string { return "export" }

func (s *Server) jobsFromClaims(w http.ResponseWriter, r *http.Request) {
	id := tenant.MustParse(r.PathValue("tenantID"))
	_ = ExportArgs{TenantID: id, NoteID: r.PathValue("id")} // want `tenant from path parameter "tenantID" reaches the TenantID field of a.ExportArgs without verification: enqueue the verified tenant`
	_, _ = s.signer.Sign("export", id, nil)                 // want `tenant from path parameter "tenantID" reaches \(\*jobs.Signer\).Sign without verification`
	var p jobs.Payload
	p.TenantID = tenant.MustParse(r.FormValue("tenant")) // want `tenant from query parameter "tenant" reaches the TenantID field of jobs.Payload without verification`
	_ = p
}

func (s *Server) jobsVerified(w http.ResponseWriter, r *http.Request) {
	tc, ok := tenant.FromContext(r.Context())
	if !ok {
		return
	}
	_ = ExportArgs{TenantID: tc.TenantID, NoteID: r.PathValue("id")}
	_, _ = s.signer.Sign("export", tc.TenantID, nil)
	id, err := VerifyMembership(r.Context(), user(r), r.PathValue("tenantID"))
	if err != nil {
		return
	}
	_ = jobs.TenantArgs{TenantID: id}
}

// A response body echoing the claim is not a job.
type response struct{ TenantID string } // want TenantID:`holds header "X-Tenant-ID"`

func (s *Server) echo(w http.ResponseWriter, r *http.Request) response {
	return response{TenantID: r.Header.Get("X-Tenant-ID")}
}

// --- TV4003: storage ---

func (s *Server) storage(w http.ResponseWriter, r *http.Request) {
	claim := r.Header.Get("X-Tenant-ID")
	p := filepath.Join(s.root, claim, "export.csv")                            // want `tenant from header "X-Tenant-ID" reaches filepath.Join without verification: build keys and paths`
	_, _ = os.Open(p)                                                          // reported once, at the join
	_, _ = os.ReadFile(fmt.Sprintf("/data/%s/x", r.URL.Query().Get("tenant"))) // want `tenant from query parameter "tenant" reaches os.ReadFile`
	_, _ = os.Open(filepath.Join(s.root, r.URL.Query().Get("file")))
}

func (s *Server) storageVerified(w http.ResponseWriter, r *http.Request) {
	id, err := VerifyMembership(r.Context(), user(r), r.Header.Get("X-Tenant-ID"))
	if err != nil {
		return
	}
	_, _ = os.Open(filepath.Join(s.root, id.String(), "export.csv"))
}

var errNope = errors.New("nope")

func (s *Server) suppressed(w http.ResponseWriter, r *http.Request) {
	//tenantvet:ignore TV4001 -- the internal admin gateway verifies X-Tenant-ID with mTLS (SEC-7)
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(r.Header.Get("X-Tenant-ID")), noop)
	//tenantvet:ignore headertrust -- nothing here // want `tenantvet:ignore directive for headertrust suppresses nothing: remove it \(TV0003\)`
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(s.fallback), noop)
}

// --- header names passed through a helper's parameter ---

func tenantFrom(r *http.Request, name string) string { // want tenantFrom:"returns the header named by param 1"
	return r.Header.Get(name)
}

// orgFrom passes its name on: the fact is transitive.
func orgFrom(r *http.Request, name string) string { // want orgFrom:"returns the header named by param 1"
	return tenantFrom(r, http.CanonicalHeaderKey(name))
}

func queryParam(r *http.Request, key string) string { // want queryParam:"returns the query named by param 1"
	return r.URL.Query().Get(key)
}

func (s *Server) scopeBy(r *http.Request, header string) error { // want scopeBy:"the header named by param 1 reaches tenantdb.WithTenant"
	return tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(r.Header.Get(header)), noop)
}

// logHeader reads a header by name to log it: no fact, no finding.
func logHeader(r *http.Request, name string) {
	slog.Info("header", "name", name, "value", r.Header.Get(name))
}

func (s *Server) namedByHelper(w http.ResponseWriter, r *http.Request) {
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(tenantFrom(r, "X-Tenant-ID")), noop) // want `tenant from header "X-Tenant-ID" reaches tenantdb.WithTenant without verification`
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(orgFrom(r, "x-org-id")), noop)       // want `tenant from header "x-org-id" reaches tenantdb.WithTenant without verification`
	_ = OrgID(queryParam(r, "org_id"))                                                                 // want `tenant from query parameter "org_id" reaches conversion to a.OrgID`
	_ = s.scopeBy(r, "X-Workspace-ID")                                                                 // want `tenant from header "X-Workspace-ID" reaches tenantdb.WithTenant through \(\*a.Server\).scopeBy \(param 1\)`
	logHeader(r, "X-Tenant-ID")
}

func (s *Server) namedByHelperSafe(w http.ResponseWriter, r *http.Request) {
	// Names that are no tenant header or parameter are not claims.
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(tenantFrom(r, "X-Request-ID")), noop)
	_ = OrgID(queryParam(r, "page"))
	_ = s.scopeBy(r, "X-Trace-ID")
	// The claim read through the helper is verified before it scopes anything.
	claim := tenantFrom(r, "X-Tenant-ID")
	id, err := VerifyMembership(r.Context(), user(r), claim)
	if err != nil {
		return
	}
	_ = tenantdb.WithTenant(r.Context(), s.pool, id, noop)
	if !IsMember(r.Context(), user(r), orgFrom(r, "X-Org-ID")) {
		return
	}
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(orgFrom(r, "X-Org-ID")), noop)
}

// --- every tenant header, through Values and ranges ---

func (s *Server) headerValues(w http.ResponseWriter, r *http.Request) {
	for _, v := range r.Header.Values("X-Organization-ID") {
		_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(v), noop) // want `tenant from header "X-Organization-ID" reaches tenantdb.WithTenant`
	}
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(r.Header.Values("x-scope-orgid")[0]), noop) // want `tenant from header "x-scope-orgid" reaches tenantdb.WithTenant`
	_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(r.Header.Values("Accept")[0]), noop)
	for _, v := range r.Header.Values("X-Forwarded-For") {
		_ = tenantdb.WithTenant(r.Context(), s.pool, tenant.MustParse(v), noop)
	}
}

// --- TV4001: the tenant of the request context through context.WithValue ---

type tenantKey struct{}

type ctxKey string

var ctxKeyOrgID = ctxKey("org")

type requestIDKey struct{}

func (s *Server) contextValues(w http.ResponseWriter, r *http.Request) {
	claim := r.Header.Get("X-Tenant-ID")
	_ = context.WithValue(r.Context(), tenantKey{}, claim)                              // want `tenant from header "X-Tenant-ID" reaches the request context \(context.WithValue key tenantKey\) without verification`
	_ = context.WithValue(r.Context(), ctxKeyOrgID, r.PathValue("orgId"))               // want `tenant from path parameter "orgId" reaches the request context \(context.WithValue key ctxKeyOrgID\)`
	_ = context.WithValue(r.Context(), ctxKey("tenant_id"), tenant.MustParse(claim))    // want `tenant from header "X-Tenant-ID" reaches the request context \(context.WithValue key "tenant_id"\)`
	_ = context.WithValue(r.Context(), requestIDKey{}, r.Header.Get("X-Request-ID"))    // not a tenant key, not a claim
	_ = context.WithValue(r.Context(), requestIDKey{}, claim)                           // the claim under another key: forwarding, not a scope
	_ = context.WithValue(r.Context(), tenantKey{}, r.Header.Get("X-Request-ID"))       // not a claim
	_ = context.WithValue(r.Context(), ctxKey("trace"), r.Header.Get("X-Workspace-ID")) // not a tenant key
	// A value of a tenant type is the request's tenant whatever its key is called.
	_ = context.WithValue(r.Context(), requestIDKey{}, tenant.MustParse(claim))                 // want `tenant from header "X-Tenant-ID" reaches the request context \(context.WithValue key requestIDKey\)`
	_ = context.WithValue(r.Context(), ctxKey("principal"), tenant.ID(tenant.MustParse(claim))) // want `tenant from header "X-Tenant-ID" reaches the request context \(context.WithValue key "principal"\)`
	_ = context.WithValue(r.Context(), requestIDKey{}, RequestID(claim))                        // not a tenant type
}

// RequestID is an application's own identifier type, not a tenant's.
type RequestID string

func (s *Server) contextValuesVerified(w http.ResponseWriter, r *http.Request) {
	claim := r.Header.Get("X-Tenant-ID")
	id, err := VerifyMembership(r.Context(), user(r), claim)
	if err != nil {
		return
	}
	_ = context.WithValue(r.Context(), tenantKey{}, id)
	_ = context.WithValue(r.Context(), tenantKey{}, claim)
	tc, _ := tenant.FromContext(r.Context())
	_ = context.WithValue(r.Context(), ctxKey("tenant_id"), tc.TenantID)
}

// A header name held in an unexported package variable assigned only by its declaration is as
// good as a constant.
var tenantHeaderVar = "X-Tenant-ID"

func (s *Server) headerNameInVar(w http.ResponseWriter, r *http.Request) {
	id, _ := tenant.Parse(r.Header.Get(tenantHeaderVar))
	_ = tenantdb.WithTenant(r.Context(), s.pool, id, noop) // want `tenant from header "X-Tenant-ID" reaches tenantdb.WithTenant without verification`
}

// A variable assigned again may name any header: it is not followed.
var reassignedHeader = "X-Tenant-ID"

func SetHeaderName(name string) { reassignedHeader = name }

func (s *Server) headerNameReassigned(w http.ResponseWriter, r *http.Request) {
	id, _ := tenant.Parse(r.Header.Get(reassignedHeader))
	_ = tenantdb.WithTenant(r.Context(), s.pool, id, noop)
}

// A variable naming a header that is not a tenant header is followed too, and is not a claim.
var requestIDHeader = "X-Request-ID"

func (s *Server) otherHeaderInVar(w http.ResponseWriter, r *http.Request) {
	id, _ := tenant.Parse(r.Header.Get(requestIDHeader))
	_ = tenantdb.WithTenant(r.Context(), s.pool, id, noop)
}

// A helper reading the tenant header from the http.Header it is given returns a claim only when
// its caller passes a request's headers: a response's headers come from a server we called.
func tenantHeaderOf(h http.Header) string { // want tenantHeaderOf:`returns header "X-Tenant-ID" of param 0`
	return h.Get("X-Tenant-ID")
}

func headersOf(h http.Header) string { // want headersOf:`returns header "X-Tenant-ID" of param 0`
	return tenantHeaderOf(h)
}

func (s *Server) upstreamTenant(ctx context.Context, resp *http.Response) {
	id, _ := tenant.Parse(tenantHeaderOf(resp.Header))
	_ = tenantdb.WithTenant(ctx, s.pool, id, noop)
	id2, _ := tenant.Parse(headersOf(resp.Header))
	_ = tenantdb.WithTenant(ctx, s.pool, id2, noop)
}

func (s *Server) requestTenantViaHelper(w http.ResponseWriter, r *http.Request) {
	id, _ := tenant.Parse(headersOf(r.Header))
	_ = tenantdb.WithTenant(r.Context(), s.pool, id, noop) // want `tenant from header "X-Tenant-ID" reaches tenantdb.WithTenant without verification`
}
