package headertrust_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tenantvet/tenantvet/analyzers/headertrust"
)

// setFlags sets analyzer flags for one test and restores them afterwards.
func setFlags(t *testing.T, flags map[string]string) {
	t.Helper()
	for name, value := range flags {
		f := headertrust.Analyzer.Flags.Lookup(name)
		if f == nil {
			t.Fatalf("no flag -%s", name)
		}
		old := f.Value.String()
		if err := f.Value.Set(value); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = f.Value.Set(old) })
	}
}

func TestNetHTTP(t *testing.T) {
	setFlags(t, map[string]string{"verifiers": "a.VerifyMembership,a.CheckMember,a.IsMember"})
	analysistest.Run(t, analysistest.TestData(), headertrust.Analyzer, "a")
}

func TestFrameworks(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), headertrust.Analyzer, "frameworks")
}

func TestCrossPackageFacts(t *testing.T) {
	setFlags(t, map[string]string{"verifiers": "example.com/store.Verify"})
	analysistest.Run(t, analysistest.TestData(), headertrust.Analyzer, "example.com/store", "example.com/handlers")
}

func TestFlags(t *testing.T) {
	setFlags(t, map[string]string{
		"tenant-headers":   "X-Customer",
		"tenant-params":    "customer",
		"verifiers":        "flags.Authorize",
		"scope-helpers":    "flags.InScope:2:1",
		"job-tenant-field": "Customer",
	})
	analysistest.Run(t, analysistest.TestData(), headertrust.Analyzer, "flags")
}

func TestStorage(t *testing.T) {
	setFlags(t, map[string]string{"verifiers": "storage.VerifyRequest"})
	analysistest.Run(t, analysistest.TestData(), headertrust.Analyzer, "storage")
}

// TestGeneratedServer: parameters an oapi-codegen wrapper binds from the request (into the
// params struct, or passed to the ServerInterface method) are claims in the implementation.
func TestGeneratedServer(t *testing.T) {
	setFlags(t, map[string]string{"verifiers": "example.com/gen/impl.Verify"})
	analysistest.Run(t, analysistest.TestData(), headertrust.Analyzer, "example.com/gen/api", "example.com/gen/impl")
}

// TestGRPCRequest: the tenant fields of a gRPC server method's request message are claims.
func TestGRPCRequest(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), headertrust.Analyzer, "example.com/gen/grpcsvc")
}

// TestInterfaceChain: a claim handed to a service that passes it through a repository interface
// to a query is reported where it enters the service, with the path.
func TestInterfaceChain(t *testing.T) {
	setFlags(t, map[string]string{"verifiers": "example.com/chain/svc.Verify"})
	analysistest.Run(t, analysistest.TestData(), headertrust.Analyzer, "example.com/chain/repo", "example.com/chain/svc", "example.com/chain/handlers")
}

// TestPendingClaims: a claim handed to a service whose store is an interface implemented in a
// package the handler's package does not import is reported where the wiring converts the
// store to the interface.
func TestPendingClaims(t *testing.T) {
	setFlags(t, map[string]string{"verifiers": "example.com/pendgin/service.VerifyMember"})
	analysistest.Run(t, analysistest.TestData(), headertrust.Analyzer, "example.com/pendgin/...")
}

// TestRoutes: a route whose resource is the tenant (/orgs/{id}) makes its parameter the claim
// in the handler registered for it, in net/http, chi, gin, echo and gorilla/mux.
func TestRoutes(t *testing.T) {
	setFlags(t, map[string]string{"verifiers": "routes.IsMember"})
	analysistest.Run(t, analysistest.TestData(), headertrust.Analyzer, "routes")
}

// TestContextKeys: a value read back from the context is a claim only when a claim was stored
// under its key, by this package or a dependency, through setters and getters in a third.
func TestContextKeys(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), headertrust.Analyzer, "example.com/ctx/keys", "example.com/ctx/mw", "example.com/ctx/handlers")
}

// TestInlineChecks: comparing the claim with a trusted tenant and leaving the function on a
// mismatch verifies it; a path sanitiser does not.
func TestInlineChecks(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), headertrust.Analyzer, "inline")
}

// TestRoutesAcrossPackages: a handler registered by another package for a tenant route is
// reported at the registration, with the handler.
func TestRoutesAcrossPackages(t *testing.T) {
	setFlags(t, map[string]string{"verifiers": "example.com/routing/handlers.IsMember"})
	analysistest.Run(t, analysistest.TestData(), headertrust.Analyzer, "example.com/routing/handlers", "example.com/routing/server")
}

// TestGinStore: a value read back from gin's or echo's request store (c.GetString, c.Get,
// c.MustGet, c.Value) is a claim exactly when a claim was stored under its key, across packages.
func TestGinStore(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), headertrust.Analyzer, "example.com/ginctx/mw", "example.com/ginctx/handlers")
}

// TestRouteGroupsAcrossPackages: handlers a package registers on a router it is given (or
// returns for mounting) are reported where a caller in another package gives that router a
// prefix making their path parameter the tenant.
func TestRouteGroupsAcrossPackages(t *testing.T) {
	setFlags(t, map[string]string{"verifiers": "example.com/groups/routes.IsMember"})
	analysistest.Run(t, analysistest.TestData(), headertrust.Analyzer, "example.com/groups/routes", "example.com/groups/server")
}

// TestOgenDecoders: a tenant parameter an ogen decoder decodes in a callback into the params
// struct is a claim in the Handler implementation, in another package.
func TestOgenDecoders(t *testing.T) {
	setFlags(t, map[string]string{"verifiers": "example.com/ogen/impl.Verify"})
	analysistest.Run(t, analysistest.TestData(), headertrust.Analyzer, "example.com/ogen/api", "example.com/ogen/impl")
}

// TestFiber: fiber v2 path parameters of tenant routes (and groups), headers, query parameters
// and values read back from c.Locals are claims, across packages.
func TestFiber(t *testing.T) {
	setFlags(t, map[string]string{"verifiers": "example.com/fw/fiberapp.IsMember,example.com/fw/fiberapp.VerifyCtx"})
	analysistest.Run(t, analysistest.TestData(), headertrust.Analyzer, "example.com/fw/fibermw", "example.com/fw/fiberapp")
}

// TestKratos: go-kratos headers of the server transport (transport.FromServerContext) and server
// metadata are claims, also read back from the context in another package; a client's are not.
func TestKratos(t *testing.T) {
	setFlags(t, map[string]string{"verifiers": "example.com/fw/kratossvc.Verify"})
	analysistest.Run(t, analysistest.TestData(), headertrust.Analyzer, "example.com/fw/kratosmw", "example.com/fw/kratossvc")
}

// TestGoa: the tenant fields of the payloads goa's generated endpoints hand to the service are
// claims in the service implementation, which imports the service package but not the HTTP
// server package whose decoders fill them.
func TestGoa(t *testing.T) {
	setFlags(t, map[string]string{"verifiers": "example.com/fw/goa/projectsapi.Verify"})
	analysistest.Run(t, analysistest.TestData(), headertrust.Analyzer, "example.com/fw/goa/gen/projects", "example.com/fw/goa/gen/http/projects/server", "example.com/fw/goa/projectsapi")
}
