package headertrust

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/taint"
)

// This file holds the claim sources of frameworks whose readers are not plain functions of the
// request: go-kratos reads a header through the transport its server put in the context, and
// the same interfaces serve its clients, whose headers are no claims; goa hands the service a
// payload its transport decoded from the request.

const (
	kratosTransportPkg = "github.com/go-kratos/kratos/v2/transport"
	kratosHTTPPkg      = "github.com/go-kratos/kratos/v2/transport/http"
	kratosMetadataPkg  = "github.com/go-kratos/kratos/v2/metadata"
)

var (
	// kratosHeaderReads read a transport header by name (tr.RequestHeader().Get("X-Tenant-ID")).
	kratosHeaderReads = []knownapi.Func{
		{Pkg: kratosTransportPkg, Recv: "Header", Name: "Get"}, {Pkg: kratosTransportPkg, Recv: "Header", Name: "Values"},
	}
	// kratosRequestHeaders return the request header of a transport: the server's request, or
	// the request a client sends.
	kratosRequestHeaders = []knownapi.Func{
		{Pkg: kratosTransportPkg, Recv: "Transporter", Name: "RequestHeader"},
		{Pkg: kratosHTTPPkg, Recv: "Transporter", Name: "RequestHeader"},
		{Pkg: kratosHTTPPkg, Recv: "Transport", Name: "RequestHeader"},
	}
	// kratosRequests return the *http.Request of an HTTP transport.
	kratosRequests = []knownapi.Func{
		{Pkg: kratosHTTPPkg, Recv: "Transporter", Name: "Request"}, {Pkg: kratosHTTPPkg, Recv: "Transport", Name: "Request"},
	}
	// kratosMetadataReads read kratos metadata by name (md.Get("x-md-global-tenant-id")).
	kratosMetadataReads = []knownapi.Func{
		{Pkg: kratosMetadataPkg, Recv: "Metadata", Name: "Get"}, {Pkg: kratosMetadataPkg, Recv: "Metadata", Name: "Values"},
	}
	kratosServerTransport = knownapi.Func{Pkg: kratosTransportPkg, Name: "FromServerContext"}
	kratosClientTransport = knownapi.Func{Pkg: kratosTransportPkg, Name: "FromClientContext"}
	kratosServerMetadata  = knownapi.Func{Pkg: kratosMetadataPkg, Name: "FromServerContext"}
	kratosClientMetadata  = knownapi.Func{Pkg: kratosMetadataPkg, Name: "FromClientContext"}
)

// frameworkRead decides reads of the frameworks this file knows: known is set when v is one,
// and src is the claim when it is one. A tenant header read from the transport a kratos server
// put in the context (transport.FromServerContext(ctx), then tr.RequestHeader().Get(name)) and
// tenant metadata of metadata.FromServerContext are claims; the same reads on a client's
// transport or metadata (FromClientContext: what we send, or a server we called sent) are not,
// and neither are net/http header reads of a client transport's request.
//
// byName is the parameter of v's function naming the header read (func header(ctx
// context.Context, key string) string { ...; return tr.RequestHeader().Get(key) }), or -1.
func (a *analysis_) frameworkRead(v ssa.Value) (src taint.Source, claim, known bool, byName int) {
	call, ok := v.(*ssa.Call)
	if !ok {
		return taint.Source{}, false, false, -1
	}
	fn := taint.Callee(&call.Call)
	if fn == nil {
		return taint.Source{}, false, false, -1
	}
	args := taint.Args(&call.Call)
	recv := taint.Receiver(&call.Call)
	switch {
	case matches(fn, kratosHeaderReads) && len(args) == 1:
		hdr, ok := recv.(*ssa.Call)
		if !ok || !matches(taint.Callee(&hdr.Call), kratosRequestHeaders) {
			return taint.Source{}, false, false, -1
		}
		server, client := kratosOrigin(taint.Receiver(&hdr.Call), kratosServerTransport, kratosClientTransport)
		if client && !server {
			return taint.Source{}, false, true, -1
		}
		if !server {
			return taint.Source{}, false, false, -1
		}
		src, ok := taint.NamedSource(knownapi.KindHeader, args[0], settings)
		if !ok {
			if p, isParam := nameParam(call.Parent(), args[0]); isParam {
				// A helper reading the header its caller names: a claim where the name is one.
				return taint.Source{Kind: knownapi.KindHeader}, false, true, p
			}
		}
		return src, ok, true, -1
	case matches(fn, kratosMetadataReads) && len(args) == 1:
		server, client := kratosOrigin(recv, kratosServerMetadata, kratosClientMetadata)
		if client && !server {
			return taint.Source{}, false, true, -1
		}
		if !server {
			return taint.Source{}, false, false, -1
		}
		name, ok := taint.ConstString(args[0])
		if !ok || !kratosTenantKey(name) {
			return taint.Source{}, false, true, -1
		}
		return taint.Source{Kind: knownapi.KindMetadata, Name: name, Desc: `kratos metadata "` + name + `"`}, true, true, -1
	case recv != nil && knownapi.IsNamed(recv.Type(), "net/http", "Header"):
		// r.Header.Get of the request of a client's transport: what we send.
		if req := kratosRequestOf(recv); req != nil {
			if server, client := kratosOrigin(taint.Receiver(&req.Call), kratosServerTransport, kratosClientTransport); client && !server {
				return taint.Source{}, false, true, -1
			}
		}
	}
	return taint.Source{}, false, false, -1
}

// kratosRequestOf returns the call of a kratos HTTP transport's Request method that the header
// map h was loaded from (tr.Request().Header), or nil.
func kratosRequestOf(h ssa.Value) *ssa.Call {
	load, ok := h.(*ssa.UnOp)
	if !ok {
		return nil
	}
	fa, ok := load.X.(*ssa.FieldAddr)
	if !ok {
		return nil
	}
	call, ok := fa.X.(*ssa.Call)
	if !ok || !matches(taint.Callee(&call.Call), kratosRequests) {
		return nil
	}
	return call
}

// kratosOrigin reports whether v, a transport or metadata, comes from the server's context
// (server) or a client's (client): the first result of the given functions, through type
// assertions (tr.(*http.Transport)), conversions and phis.
func kratosOrigin(v ssa.Value, server, client knownapi.Func) (fromServer, fromClient bool) {
	seen := map[ssa.Value]bool{}
	var walk func(v ssa.Value)
	walk = func(v ssa.Value) {
		if v == nil || seen[v] {
			return
		}
		seen[v] = true
		switch v := v.(type) {
		case *ssa.Extract:
			if call, ok := v.Tuple.(*ssa.Call); ok {
				fn := taint.Callee(&call.Call)
				switch {
				case server.Matches(fn):
					fromServer = v.Index == 0
				case client.Matches(fn):
					fromClient = v.Index == 0
				}
				return
			}
			walk(v.Tuple)
		case *ssa.TypeAssert:
			walk(v.X)
		case *ssa.ChangeType:
			walk(v.X)
		case *ssa.ChangeInterface:
			walk(v.X)
		case *ssa.MakeInterface:
			walk(v.X)
		case *ssa.Phi:
			for _, e := range v.Edges {
				walk(e)
			}
		}
	}
	walk(v)
	return fromServer, fromClient
}

// kratosTenantKey reports whether a kratos metadata key names the tenant: the metadata
// middleware keeps the headers prefixed x-md-global- or x-md-local-, lower-cased, so
// x-md-global-tenant-id carries the X-Tenant-ID of the tenant headers.
func kratosTenantKey(name string) bool {
	rest := strings.ToLower(name)
	for _, p := range []string{"x-md-global-", "x-md-local-", "x-md-"} {
		if r, ok := strings.CutPrefix(rest, p); ok {
			rest = r
			break
		}
	}
	return taint.IsTenantHeader(rest, settings) || taint.IsTenantHeader("x-"+rest, settings) ||
		taint.IsTenantParam(strings.ReplaceAll(rest, "-", "_"), settings)
}

// goaPkg is goa v3's runtime package, declaring the Endpoint every generated endpoint is.
const goaPkg = "goa.design/goa/v3/pkg"

// goaPayloadFields learns the tenant fields of the payloads goa's generated endpoints hand to
// the service (func NewListEndpoint(s Service) goa.Endpoint { return func(ctx context.Context,
// req any) (any, error) { p := req.(*ListPayload); return s.List(ctx, p) } }). goa's transport
// decoders fill a payload from the request (its query, path, headers and body, as the design
// maps them) before the endpoint runs, so a tenant field of one is what the client sent. The
// decoders live in the transport's server package, which the service implementation does not
// import, so the claim is learned here, in the service package that declares the payload and
// that the implementation imports: the claimField facts of its fields carry it.
func (a *analysis_) goaPayloadFields(fns []*ssa.Function) {
	for _, fn := range fns {
		res := fn.Signature.Results()
		if res.Len() != 1 || !knownapi.IsNamed(res.At(0).Type(), goaPkg, "Endpoint") {
			continue
		}
		for _, anon := range fn.AnonFuncs {
			if len(anon.Params) != 2 {
				continue
			}
			req := anon.Params[1]
			if it, ok := req.Type().Underlying().(*types.Interface); !ok || !it.Empty() || req.Referrers() == nil {
				continue
			}
			for _, r := range *req.Referrers() {
				ta, ok := r.(*ssa.TypeAssert)
				if !ok {
					continue
				}
				a.learnPayload(deref(ta.AssertedType))
			}
		}
	}
}

// learnPayload learns the tenant fields of a goa payload type as claims.
func (a *analysis_) learnPayload(t types.Type) {
	n := knownapi.NamedOf(t)
	st, ok := t.Underlying().(*types.Struct)
	if n == nil || !ok {
		return
	}
	for i := range st.NumFields() {
		f := st.Field(i)
		if !f.Exported() || !tenantKeyName().MatchString(f.Name()) || !claimCarrier(deref(f.Type())) {
			continue
		}
		name := n.Obj().Name() + "." + f.Name()
		a.learnField(f, taint.Source{Kind: kindPayload, Name: name, Desc: `goa payload field "` + name + `"`})
	}
}

// isGoaPayloadField reports whether f is a field of a goa payload (see goaPayloadFields): a
// request decoded for a service method, not a job payload whatever its type is called.
func (a *analysis_) isGoaPayloadField(f *types.Var) bool {
	src, ok := a.fieldClaim(f)
	return ok && src.Kind == kindPayload
}

// kindPayload is the claim kind of a goa payload field.
const kindPayload = "payload"
