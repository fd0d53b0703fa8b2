package knownapi

// This file names the APIs that read client-supplied values by name: HTTP headers, query and
// form values, path parameters and gRPC metadata, across net/http and the common routers. The
// shared taint sources (internal/taint) and the headertrust analyzer match against these tables.

// Claim kinds: where a client-supplied tenant claim was read from.
const (
	KindHeader   = "header"
	KindQuery    = "query"
	KindPath     = "path"
	KindMetadata = "metadata"
)

// ClaimReader is a function or method that returns a client-supplied value given its name.
type ClaimReader struct {
	Func
	NameArg int    // index of the name argument, not counting the receiver
	Kind    string // KindHeader, KindQuery, KindPath or KindMetadata
}

// ClaimReaders lists the readers of request headers, query values, path parameters and metadata.
// Readers whose result is a tuple (gin's GetQuery) return the value as the first result.
var ClaimReaders = []ClaimReader{
	// net/http
	{Func{"net/http", "Header", "Get"}, 0, KindHeader},
	{Func{"net/http", "Header", "Values"}, 0, KindHeader},
	{Func{"net/textproto", "MIMEHeader", "Get"}, 0, KindHeader},
	{Func{"net/textproto", "MIMEHeader", "Values"}, 0, KindHeader},
	{Func{"net/url", "Values", "Get"}, 0, KindQuery},
	{Func{"net/http", "Request", "FormValue"}, 0, KindQuery},
	{Func{"net/http", "Request", "PostFormValue"}, 0, KindQuery},
	{Func{"net/http", "Request", "PathValue"}, 0, KindPath},
	// gin
	{Func{"github.com/gin-gonic/gin", "Context", "GetHeader"}, 0, KindHeader},
	{Func{"github.com/gin-gonic/gin", "Context", "Param"}, 0, KindPath},
	{Func{"github.com/gin-gonic/gin", "Context", "Query"}, 0, KindQuery},
	{Func{"github.com/gin-gonic/gin", "Context", "DefaultQuery"}, 0, KindQuery},
	{Func{"github.com/gin-gonic/gin", "Context", "GetQuery"}, 0, KindQuery},
	{Func{"github.com/gin-gonic/gin", "Context", "PostForm"}, 0, KindQuery},
	{Func{"github.com/gin-gonic/gin", "Context", "DefaultPostForm"}, 0, KindQuery},
	{Func{"github.com/gin-gonic/gin", "Context", "GetPostForm"}, 0, KindQuery},
	// echo (echo.Context is an interface)
	{Func{"github.com/labstack/echo/v4", "Context", "Param"}, 0, KindPath},
	{Func{"github.com/labstack/echo/v4", "Context", "QueryParam"}, 0, KindQuery},
	{Func{"github.com/labstack/echo/v4", "Context", "FormValue"}, 0, KindQuery},
	// fiber v2 (*fiber.Ctx; the default value is variadic)
	{Func{"github.com/gofiber/fiber/v2", "Ctx", "Get"}, 0, KindHeader},
	{Func{"github.com/gofiber/fiber/v2", "Ctx", "Params"}, 0, KindPath},
	{Func{"github.com/gofiber/fiber/v2", "Ctx", "ParamsInt"}, 0, KindPath},
	{Func{"github.com/gofiber/fiber/v2", "Ctx", "Query"}, 0, KindQuery},
	{Func{"github.com/gofiber/fiber/v2", "Ctx", "FormValue"}, 0, KindQuery},
	// chi
	{Func{"github.com/go-chi/chi/v5", "", "URLParam"}, 1, KindPath},
	{Func{"github.com/go-chi/chi/v5", "", "URLParamFromCtx"}, 1, KindPath},
	{Func{"github.com/go-chi/chi/v5", "Context", "URLParam"}, 0, KindPath},
	// gRPC metadata
	{Func{"google.golang.org/grpc/metadata", "MD", "Get"}, 0, KindMetadata},
	{Func{"google.golang.org/grpc/metadata", "", "ValueFromIncomingContext"}, 1, KindMetadata},
}

// ClaimMapFuncs are functions returning a map of client-supplied values indexed by name
// (mux.Vars(r)["orgID"]).
var ClaimMapFuncs = []ClaimMapFunc{
	{Func{"github.com/gorilla/mux", "", "Vars"}, KindPath},
	{Func{"github.com/gofiber/fiber/v2", "Ctx", "GetReqHeaders"}, KindHeader},
	{Func{"goa.design/goa/v3/http", "Muxer", "Vars"}, KindPath}, // goa's generated decoders: params := mux.Vars(r)
}

// ClaimMapFunc is a function whose result maps names to client-supplied values.
type ClaimMapFunc struct {
	Func
	Kind string
}

// ClaimMapType is a map type whose index expressions read client-supplied values
// (r.Header["X-Tenant-Id"], md["x-tenant-id"], r.URL.Query()["org"]).
type ClaimMapType struct {
	Pkg, Name, Kind string
}

// ClaimMapTypes lists the named map types that hold client-supplied values.
var ClaimMapTypes = []ClaimMapType{
	{"net/http", "Header", KindHeader},
	{"net/textproto", "MIMEHeader", KindHeader},
	{"google.golang.org/grpc/metadata", "MD", KindMetadata},
	{"net/url", "Values", KindQuery},
}

// HeaderNameFuncs canonicalise a header name; a call of one with a constant argument names the
// same header as the constant (http.CanonicalHeaderKey("x-tenant-id")).
var HeaderNameFuncs = []Func{
	{"net/http", "", "CanonicalHeaderKey"},
	{"net/textproto", "", "CanonicalMIMEHeaderKey"},
	{"strings", "", "ToLower"},
	{"strings", "", "ToUpper"},
}

// ClaimTransforms return a value derived from their arguments: a tenant claim passed through one
// is still the same claim (tenant.Parse(h), strings.TrimSpace(h), fmt.Sprintf("t/%s", h)).
// Functions named Parse, MustParse, ParseString, FromString or ParseBytes in any package are
// treated the same way by the taint package.
var ClaimTransforms = []Func{
	{"strings", "", "TrimSpace"},
	{"strings", "", "ToLower"},
	{"strings", "", "ToUpper"},
	{"strings", "", "Trim"},
	{"strings", "", "TrimPrefix"},
	{"strings", "", "TrimSuffix"},
	{"strings", "", "Join"},
	{"strings", "", "Clone"},
	{"strings", "", "TrimLeft"},
	{"strings", "", "TrimRight"},
	{"strings", "", "Split"},
	{"strings", "", "SplitN"},
	{"strings", "", "SplitAfter"},
	{"strings", "", "Fields"},
	{"strings", "", "Replace"},
	{"strings", "", "ReplaceAll"},
	{"strings", "", "ToTitle"},
	{"strings", "", "Repeat"},
	{"strings", "", "Map"},
	{"strconv", "", "Quote"},
	{"strconv", "", "Unquote"},
	{"strconv", "", "FormatInt"},
	{"strconv", "", "FormatUint"},
	{"strconv", "", "Itoa"},
	{"net/url", "", "PathEscape"},
	{"net/url", "", "QueryEscape"},
	{"strconv", "", "Atoi"},
	{"strconv", "", "ParseInt"},
	{"strconv", "", "ParseUint"},
	{"net/url", "", "PathUnescape"},
	{"net/url", "", "QueryUnescape"},
	{"fmt", "", "Sprintf"},
	{"fmt", "", "Sprint"},
	{"path", "", "Join"},
	{"path", "", "Clean"},
	{"path", "", "Base"},
	{"path/filepath", "", "Join"},
	{"path/filepath", "", "Clean"},
	{"path/filepath", "", "Base"},
	{"github.com/aws/aws-sdk-go-v2/aws", "", "String"},
}

// TenantResolve and TenantMiddleware are the runtime's verifier of a request's tenant claim.
var (
	TenantResolve    = Func{"github.com/tenantvet/tenantvet/runtime/tenant", "Resolver", "Resolve"}
	TenantMiddleware = Func{"github.com/tenantvet/tenantvet/runtime/tenant", "Resolver", "Middleware"}
)
