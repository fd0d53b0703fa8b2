package logredact

import (
	"go/constant"
	"go/token"
	"go/types"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/sensitive"
	"github.com/tenantvet/tenantvet/internal/taint"
)

// kind is what the data flow knows a logged value to be.
type kind int

const (
	kindNone    kind = iota
	kindBody         // bytes or text read from an HTTP request body
	kindConn         // a connection string or URL that may carry a password
	kindSecret       // a secret read by name: the Authorization header, a password form value
	kindDump         // a request rendered whole by net/http/httputil: every header, maybe the body
	kindHeaders      // the values of a range over a request's http.Header: Authorization and Cookie among them
)

type flowValue struct {
	kind kind
	desc string
	// next is the map iteration a kindHeaders value comes from.
	next *ssa.Next
}

// flow holds what SSA tells about the logging calls of one package: the SSA value of every
// argument (variadic arguments unpacked, so index i is the i-th argument in the source) and
// whether the call goes through a *slog.Logger proven to use the safelog handler.
type flow struct {
	c       *checker
	calls   map[token.Pos]*callFlow // by the Lparen of the call
	globals map[*ssa.Global][]ssa.Value
	memo    map[ssa.Value]flowValue
	safe    map[ssa.Value]bool
	// ssaFuncs are the package's declared functions by object; nil without SSA.
	ssaFuncs map[*types.Func]*ssa.Function
	// fieldStores are the values the package stores into fields named like an address (url,
	// uri, addr, dsn, endpoint), by struct type and field index.
	fieldStores map[fieldKey][]ssa.Value
}

type fieldKey struct {
	t types.Type
	i int
}

type callFlow struct {
	args  []ssa.Value
	safe  bool
	block *ssa.BasicBlock
}

func newFlow(c *checker, res *buildssa.SSA) *flow {
	f := &flow{c: c, calls: map[token.Pos]*callFlow{}, globals: map[*ssa.Global][]ssa.Value{}, fieldStores: map[fieldKey][]ssa.Value{}, memo: map[ssa.Value]flowValue{}, safe: map[ssa.Value]bool{}}
	if res == nil {
		return f
	}
	funcs := res.SrcFuncs
	f.ssaFuncs = map[*types.Func]*ssa.Function{}
	for _, fn := range funcs {
		if obj, ok := fn.Object().(*types.Func); ok {
			f.ssaFuncs[obj] = fn
		}
	}
	if init := res.Pkg.Func("init"); init != nil {
		var add func(*ssa.Function)
		add = func(fn *ssa.Function) {
			funcs = append(funcs, fn)
			for _, a := range fn.AnonFuncs {
				add(a)
			}
		}
		add(init)
	}
	// Package-level variables: remember what is stored in them, to prove a global logger safe.
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if st, ok := instr.(*ssa.Store); ok {
					if g, ok := st.Addr.(*ssa.Global); ok && g.Pkg == res.Pkg {
						f.globals[g] = append(f.globals[g], st.Val)
					}
					if fa, ok := st.Addr.(*ssa.FieldAddr); ok && addrWord(fieldName(fa.X.Type(), fa.Field)) {
						k := fieldKey{structOf(fa.X.Type()), fa.Field}
						f.fieldStores[k] = append(f.fieldStores[k], st.Val)
					}
				}
			}
		}
	}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				callee := calleeFunc(&call.Call)
				if _, ok := c.logFunc(callee); !ok {
					continue
				}
				cf := &callFlow{args: sourceArgs(&call.Call), block: call.Block()}
				if callee.Type().(*types.Signature).Recv() != nil && knownapi.IsNamed(callee.Type().(*types.Signature).Recv().Type(), knownapi.SlogPkg, "Logger") && !call.Call.IsInvoke() {
					cf.safe = f.safeLogger1(call.Call.Args[0], 0)
				}
				f.calls[call.Pos()] = cf
			}
		}
	}
	return f
}

func calleeFunc(c *ssa.CallCommon) *types.Func {
	if c.IsInvoke() {
		return c.Method
	}
	if fn := c.StaticCallee(); fn != nil {
		if obj, ok := fn.Object().(*types.Func); ok {
			return obj
		}
		if fn.Origin() != nil {
			if obj, ok := fn.Origin().Object().(*types.Func); ok {
				return obj
			}
		}
	}
	return nil
}

// sourceArgs returns the arguments as written in the source: without the receiver of a static
// method call, and with the elements of an implicit variadic slice unpacked.
func sourceArgs(c *ssa.CallCommon) []ssa.Value {
	sig := c.Signature()
	args := c.Args
	if !c.IsInvoke() && sig.Recv() != nil && len(args) > 0 {
		args = args[1:]
	}
	if !sig.Variadic() || len(args) == 0 {
		return args
	}
	out := append([]ssa.Value(nil), args[:len(args)-1]...)
	sl, ok := args[len(args)-1].(*ssa.Slice)
	if !ok {
		return out
	}
	alloc, ok := sl.X.(*ssa.Alloc)
	if !ok {
		return out
	}
	n := 0
	if arr, ok := alloc.Type().(*types.Pointer).Elem().Underlying().(*types.Array); ok {
		n = int(arr.Len())
	}
	elems := make([]ssa.Value, n)
	for _, r := range *alloc.Referrers() {
		ia, ok := r.(*ssa.IndexAddr)
		if !ok {
			continue
		}
		k, ok := ia.Index.(*ssa.Const)
		if !ok || k.Value == nil {
			continue
		}
		i, ok := constant.Int64Val(k.Value)
		if !ok || int(i) >= n {
			continue
		}
		for _, rr := range *ia.Referrers() {
			if st, ok := rr.(*ssa.Store); ok && st.Addr == ia {
				elems[i] = st.Val
			}
		}
	}
	return append(out, elems...)
}

// safeLogger reports whether the call at lparen logs through a safelog-backed *slog.Logger.
func (f *flow) safeLogger(lparen token.Pos) bool {
	cf := f.calls[lparen]
	return cf != nil && cf.safe
}

// safeLogger1 reports whether v is a *slog.Logger proven to use the safelog handler: built by
// slog.New(safelog.NewHandler(...)), derived from one with With or WithGroup, or loaded from a
// package variable every assignment of which is such a logger.
func (f *flow) safeLogger1(v ssa.Value, depth int) bool {
	if depth > 8 {
		return false
	}
	if s, ok := f.safe[v]; ok {
		return s
	}
	f.safe[v] = false // cycles are not proof
	s := false
	switch v := v.(type) {
	case *ssa.Call:
		fn := calleeFunc(&v.Call)
		switch {
		case knownapi.SlogNew.Matches(fn) && len(v.Call.Args) == 1:
			if h, ok := taint.Concrete(v.Call.Args[0]).(*ssa.Call); ok {
				s = knownapi.SafeLogHandler.Matches(calleeFunc(&h.Call))
			}
		case fn != nil && (fn.Name() == "With" || fn.Name() == "WithGroup") && len(v.Call.Args) > 0 && !v.Call.IsInvoke() &&
			knownapi.IsNamed(v.Call.Args[0].Type(), knownapi.SlogPkg, "Logger"):
			s = f.safeLogger1(v.Call.Args[0], depth+1)
		}
	case *ssa.UnOp:
		if g, ok := v.X.(*ssa.Global); ok && v.Op == token.MUL {
			vals := f.globals[g]
			s = len(vals) > 0
			for _, x := range vals {
				s = s && f.safeLogger1(x, depth+1)
			}
		}
	case *ssa.Phi:
		s = len(v.Edges) > 0
		for _, e := range v.Edges {
			s = s && f.safeLogger1(e, depth+1)
		}
	}
	f.safe[v] = s
	return s
}

// arg returns what the data flow knows about the i-th source argument of the call at lparen.
func (f *flow) arg(lparen token.Pos, i int) flowValue {
	cf := f.calls[lparen]
	if cf == nil || i >= len(cf.args) || cf.args[i] == nil {
		return flowValue{}
	}
	r := f.value(cf.args[i], 0)
	if r.kind == kindHeaders && f.keyFiltered(r.next, cf.block) {
		return flowValue{}
	}
	return r
}

const maxFlowDepth = 12

// value follows v back through conversions, phis and a few string and reader functions to a
// request body read, a connection string or a secret read by name.
func (f *flow) value(v ssa.Value, depth int) flowValue {
	if depth > maxFlowDepth {
		return flowValue{}
	}
	if r, ok := f.memo[v]; ok {
		return r
	}
	f.memo[v] = flowValue{} // cycles through phis end here
	r := f.value1(v, depth)
	f.memo[v] = r
	return r
}

func (f *flow) value1(v ssa.Value, depth int) flowValue {
	switch v := v.(type) {
	case *ssa.MakeInterface:
		return f.value(v.X, depth+1)
	case *ssa.ChangeInterface:
		return f.value(v.X, depth+1)
	case *ssa.ChangeType:
		return f.value(v.X, depth+1)
	case *ssa.Convert:
		return f.value(v.X, depth+1)
	case *ssa.Slice:
		return f.value(v.X, depth+1)
	case *ssa.Phi:
		for _, e := range v.Edges {
			if r := f.value(e, depth+1); r.kind != kindNone {
				return r
			}
		}
	case *ssa.Extract:
		if next, ok := v.Tuple.(*ssa.Next); ok {
			// for k, v := range r.Header: the value (index 2) is every header's values in
			// turn, unless the loop body only reaches the log for chosen keys.
			if rng, ok := next.Iter.(*ssa.Range); ok && v.Index == 2 && !next.IsString && f.requestHeader(rng.X, depth+1) {
				return flowValue{kind: kindHeaders, desc: "the values of every request header (range over the http.Header)", next: next}
			}
			return flowValue{}
		}
		call, ok := v.Tuple.(*ssa.Call)
		if !ok {
			return flowValue{}
		}
		fn := calleeFunc(&call.Call)
		args := sourceArgs(&call.Call)
		if desc, ok := f.calledBody(fn, v.Index); ok {
			return flowValue{kind: kindBody, desc: desc}
		}
		switch {
		case v.Index == 0 && (isFunc(fn, "io", "", "ReadAll") || isFunc(fn, "io/ioutil", "", "ReadAll")) && len(args) == 1:
			if f.requestBody(args[0], depth+1) {
				return flowValue{kind: kindBody}
			}
		case v.Index == 0 && (isFunc(fn, "net/url", "", "Parse") || isFunc(fn, "net/url", "", "ParseRequestURI")) && len(args) == 1:
			if r := f.value(args[0], depth+1); r.kind == kindConn {
				return r
			}
			if f.userSet(v) {
				return flowValue{kind: kindConn, desc: "*url.URL with user info"}
			}
		case v.Index == 0 && isFunc(fn, "os", "", "LookupEnv") && len(args) == 1:
			return connEnv(args[0])
		case v.Index == 1 && isFunc(fn, "net/http", "Request", "BasicAuth"):
			return flowValue{kind: kindSecret, desc: "the basic auth password"}
		case v.Index == 0 && (isFunc(fn, "net/http/httputil", "", "DumpRequest") || isFunc(fn, "net/http/httputil", "", "DumpRequestOut")):
			// The dump is the request on the wire: its headers (Authorization, Cookie) always,
			// its body when asked for.
			return flowValue{kind: kindDump, desc: "httputil." + fn.Name()}
		}
	case *ssa.Call:
		fn := calleeFunc(&v.Call)
		args := sourceArgs(&v.Call)
		if desc, ok := f.calledBody(fn, 0); ok {
			return flowValue{kind: kindBody, desc: desc}
		}
		switch {
		case messageBodyMethod(fn) != "":
			return flowValue{kind: kindBody, desc: messageBodyMethod(fn)}
		case (isFunc(fn, awsPkg, "", "ToString") || isFunc(fn, awsV1Pkg, "", "StringValue")) && len(args) == 1:
			if r := f.value(args[0], depth+1); r.kind == kindBody {
				return r
			}
		case isFunc(fn, "os", "", "Getenv") && len(args) == 1:
			return connEnv(args[0])
		case isFunc(fn, "fmt", "", "Sprintf") && len(args) > 0:
			if format, ok := constString(args[0]); ok && urlWithPassword(formatShape(format)) {
				return flowValue{kind: kindConn, desc: "URL built with a password"}
			}
			// A line formatted from the body carries the body.
			for _, a := range args[1:] {
				if a == nil {
					continue
				}
				if r := f.value(a, depth+1); r.kind == kindBody {
					return r
				}
			}
		case fn != nil && fn.Name() == "ConnString" && isPgxConfig(fn):
			return flowValue{kind: kindConn, desc: "connection string from " + fn.FullName()}
		case isFunc(fn, "net/url", "URL", "String") && len(v.Call.Args) == 1:
			if r := f.value(v.Call.Args[0], depth+1); r.kind == kindConn {
				return r
			}
		case (isFunc(fn, "net/http", "Header", "Get") || isFunc(fn, "net/http", "Header", "Values")) && len(args) == 1:
			if name, ok := constString(args[0]); ok {
				if _, ok := f.c.keys.Match(name); ok {
					return flowValue{kind: kindSecret, desc: "header " + strconv.Quote(name)}
				}
			}
		case (isFunc(fn, "net/http", "Request", "FormValue") || isFunc(fn, "net/http", "Request", "PostFormValue") || isFunc(fn, "net/url", "Values", "Get")) && len(args) == 1:
			if name, ok := constString(args[0]); ok {
				if _, ok := f.c.keys.Match(name); ok {
					return flowValue{kind: kindSecret, desc: "parameter " + strconv.Quote(name)}
				}
			}
		case fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "strings" && len(args) > 0 && isStringOp(fn.Name()):
			return f.value(args[0], depth+1)
		case isFunc(fn, "strings", "", "Join") && len(args) == 2:
			// strings.Join(values, ",") of a header's values is those values.
			if r := f.value(args[0], depth+1); r.kind == kindHeaders {
				return r
			}
		}
	case *ssa.Index:
		if r := f.value(v.X, depth+1); r.kind == kindHeaders {
			return r
		}
	case *ssa.UnOp:
		if v.Op != token.MUL {
			return flowValue{}
		}
		switch x := v.X.(type) {
		case *ssa.IndexAddr:
			// values[0] of a header's values.
			if r := f.value(x.X, depth+1); r.kind == kindHeaders {
				return r
			}
		case *ssa.Alloc:
			if f.decodedBody(x, depth+1) {
				return flowValue{kind: kindBody}
			}
			// A local slot holds what is stored in it: a function with a defer keeps its
			// results there (defer r.Body.Close(); return io.ReadAll(r.Body)).
			if !x.Heap {
				for _, sv := range storedValues(x) {
					if r := f.value(sv, depth+1); r.kind == kindBody {
						return r
					}
				}
			}
		case *ssa.FieldAddr:
			if desc, ok := knownapi.MessageBodyField(x.X.Type(), fieldName(x.X.Type(), x.Field)); ok {
				return flowValue{kind: kindBody, desc: desc}
			}
			if name := fieldName(x.X.Type(), x.Field); connField(name) && isString(v.Type()) {
				return flowValue{kind: kindConn, desc: "field " + name}
			}
			if r := f.storedConn(x.X.Type(), x.Field, depth); r.kind != kindNone {
				return r
			}
		case *ssa.UnOp:
			// *m.Body, where the body field is a *string (the AWS SDK's messages).
			if r := f.value(x, depth+1); r.kind == kindBody {
				return r
			}
		case *ssa.Global:
			for _, sv := range f.globals[x] {
				if r := f.value(sv, depth+1); r.kind == kindConn {
					return flowValue{kind: kindConn, desc: "variable " + x.Name() + " (" + r.desc + ")"}
				}
			}
		}
	case *ssa.Field:
		if desc, ok := knownapi.MessageBodyField(v.X.Type(), fieldName(v.X.Type(), v.Field)); ok {
			return flowValue{kind: kindBody, desc: desc}
		}
		if name := fieldName(v.X.Type(), v.Field); connField(name) && isString(v.Type()) {
			return flowValue{kind: kindConn, desc: "field " + name}
		}
		if r := f.storedConn(v.X.Type(), v.Field, depth); r.kind != kindNone {
			return r
		}
	case *ssa.Const:
		if s, ok := constString(v); ok && urlWithPassword(s) {
			return flowValue{kind: kindConn, desc: "URL with a password"}
		}
	case *ssa.BinOp:
		if v.Op == token.ADD && isString(v.Type()) && urlWithPassword(concatShape(v, 0)) {
			return flowValue{kind: kindConn, desc: "URL built with a password"}
		}
		if v.Op == token.ADD && isString(v.Type()) {
			for _, x := range []ssa.Value{v.X, v.Y} {
				if r := f.value(x, depth+1); r.kind == kindBody {
					return r
				}
			}
		}
	case *ssa.Alloc:
		if f.userSet(v) {
			return flowValue{kind: kindConn, desc: "*url.URL with user info"}
		}
	}
	if knownapi.IsNamed(v.Type(), "net/url", "URL") {
		if _, isPtr := v.Type().(*types.Pointer); isPtr && f.userSet(v) {
			return flowValue{kind: kindConn, desc: "*url.URL with user info"}
		}
	}
	return flowValue{}
}

// requestHeader reports whether h is the Header field of an *http.Request (what the client sent),
// not a response's or a ResponseWriter's header.
func (f *flow) requestHeader(h ssa.Value, depth int) bool {
	if depth > maxFlowDepth {
		return false
	}
	switch h := h.(type) {
	case *ssa.UnOp:
		if fa, ok := h.X.(*ssa.FieldAddr); ok && h.Op == token.MUL {
			return knownapi.IsNamed(fa.X.Type(), "net/http", "Request") && fieldName(fa.X.Type(), fa.Field) == "Header"
		}
	case *ssa.Field:
		return knownapi.IsNamed(h.X.Type(), "net/http", "Request") && fieldName(h.X.Type(), h.Field) == "Header"
	case *ssa.ChangeType:
		return f.requestHeader(h.X, depth+1)
	case *ssa.Phi:
		for _, e := range h.Edges {
			if f.requestHeader(e, depth+1) {
				return true
			}
		}
	}
	return false
}

// keyFiltered reports whether the log call in block b sits where a comparison of the range's key let through only chosen headers: the true branch of
// k == "User-Agent" for a name that is not a secret, or past a check that skips the secret names
// (k == "Authorization" false, k != "Cookie" true).
func (f *flow) keyFiltered(next *ssa.Next, b *ssa.BasicBlock) bool {
	var key *ssa.Extract
	for _, r := range *next.Referrers() {
		if e, ok := r.(*ssa.Extract); ok && e.Index == 1 {
			key = e
		}
	}
	if key == nil || b == nil {
		return false
	}
	// The guarded blocks: the successor of an If on a key comparison that lets only safe keys in.
	var guards []*ssa.BasicBlock
	for _, r := range *key.Referrers() {
		bin, ok := r.(*ssa.BinOp)
		if !ok || bin.Op != token.EQL && bin.Op != token.NEQ {
			continue
		}
		other := bin.Y
		if bin.Y == key {
			other = bin.X
		}
		name, ok := constString(other)
		if !ok {
			continue
		}
		_, secret := f.c.keys.Match(name)
		for _, br := range *bin.Referrers() {
			ifi, ok := br.(*ssa.If)
			if !ok {
				continue
			}
			succ := ifi.Block().Succs
			// k == safe: its true edge; k == secret: its false edge; != the other way round.
			eqTrue := succ[0]
			eqFalse := succ[1]
			if bin.Op == token.NEQ {
				eqTrue, eqFalse = eqFalse, eqTrue
			}
			if secret {
				guards = append(guards, eqFalse)
			} else {
				guards = append(guards, eqTrue)
			}
		}
	}
	for _, g := range guards {
		if len(g.Preds) == 1 && g.Dominates(b) {
			return true
		}
	}
	return false
}

// requestBody reports whether r is the Body of an *http.Request, possibly wrapped in
// http.MaxBytesReader, io.LimitReader, io.NopCloser, io.TeeReader or bufio.NewReader.
func (f *flow) requestBody(r ssa.Value, depth int) bool {
	if depth > maxFlowDepth {
		return false
	}
	switch r := taint.Concrete(r).(type) {
	case *ssa.UnOp:
		if fa, ok := r.X.(*ssa.FieldAddr); ok && r.Op == token.MUL {
			return knownapi.IsNamed(fa.X.Type(), "net/http", "Request") && fieldName(fa.X.Type(), fa.Field) == "Body"
		}
	case *ssa.Field:
		return knownapi.IsNamed(r.X.Type(), "net/http", "Request") && fieldName(r.X.Type(), r.Field) == "Body"
	case *ssa.Call:
		fn := calleeFunc(&r.Call)
		args := sourceArgs(&r.Call)
		switch {
		case isFunc(fn, "net/http", "", "MaxBytesReader") && len(args) == 3:
			return f.requestBody(args[1], depth+1)
		case (isFunc(fn, "io", "", "LimitReader") || isFunc(fn, "io", "", "NopCloser") || isFunc(fn, "io", "", "TeeReader") ||
			isFunc(fn, "bufio", "", "NewReader")) && len(args) > 0:
			return f.requestBody(args[0], depth+1)
		}
	case *ssa.Phi:
		for _, e := range r.Edges {
			if f.requestBody(e, depth+1) {
				return true
			}
		}
	}
	return false
}

// decodedBody reports whether the variable a holds raw data decoded from a request body:
// json.NewDecoder(r.Body).Decode(&a) or json.Unmarshal(body, &a), where a is a json.RawMessage,
// bytes, a string, a map or an interface. A struct decoded from the body is judged by its fields.
func (f *flow) decodedBody(a *ssa.Alloc, depth int) bool {
	switch a.Type().(*types.Pointer).Elem().Underlying().(type) {
	case *types.Struct, *types.Array, *types.Pointer, *types.Basic:
		if b, ok := a.Type().(*types.Pointer).Elem().Underlying().(*types.Basic); !ok || b.Info()&types.IsString == 0 {
			return false
		}
	}
	return f.decodedInto(a, depth)
}

// decodedInto reports whether the variable a, of any type, is the target of a decode of the
// request body: json.NewDecoder(r.Body).Decode(&a), json.Unmarshal(body, &a), or gin's
// ShouldBind, ShouldBindJSON, Bind and BindJSON.
func (f *flow) decodedInto(a *ssa.Alloc, depth int) bool {
	if depth > maxFlowDepth {
		return false
	}
	for _, r := range *a.Referrers() {
		mi, ok := r.(*ssa.MakeInterface)
		if !ok {
			continue
		}
		for _, rr := range *mi.Referrers() {
			call, ok := rr.(*ssa.Call)
			if !ok {
				continue
			}
			fn := calleeFunc(&call.Call)
			switch {
			case isFunc(fn, "encoding/json", "Decoder", "Decode") && !call.Call.IsInvoke() && len(call.Call.Args) == 2:
				if dec, ok := call.Call.Args[0].(*ssa.Call); ok && isFunc(calleeFunc(&dec.Call), "encoding/json", "", "NewDecoder") {
					if f.requestBody(dec.Call.Args[0], depth+1) {
						return true
					}
				}
			case (isFunc(fn, ginPkg, "Context", "ShouldBind") || isFunc(fn, ginPkg, "Context", "ShouldBindJSON") ||
				isFunc(fn, ginPkg, "Context", "Bind") || isFunc(fn, ginPkg, "Context", "BindJSON")) && !call.Call.IsInvoke():
				return true
			case isFunc(fn, "encoding/json", "", "Unmarshal") && len(call.Call.Args) == 2:
				if f.value(call.Call.Args[0], depth+1).kind == kindBody {
					return true
				}
			}
		}
	}
	return false
}

// userSet reports whether a *url.URL value has its User field assigned (&url.URL{User: ...} or
// u.User = url.UserPassword(...)).
func (f *flow) userSet(u ssa.Value) bool {
	refs := u.Referrers()
	if refs == nil || !knownapi.IsNamed(u.Type(), "net/url", "URL") {
		return false
	}
	for _, r := range *refs {
		fa, ok := r.(*ssa.FieldAddr)
		if !ok || fieldName(fa.X.Type(), fa.Field) != "User" {
			continue
		}
		for _, rr := range *fa.Referrers() {
			if st, ok := rr.(*ssa.Store); ok && st.Addr == fa {
				if c, ok := st.Val.(*ssa.Const); ok && c.IsNil() {
					continue
				}
				return true
			}
		}
	}
	return false
}

func connEnv(name ssa.Value) flowValue {
	if s, ok := constString(name); ok && connName(s) {
		return flowValue{kind: kindConn, desc: "environment variable " + s}
	}
	return flowValue{}
}

// connName reports whether an environment variable or field name names a connection string:
// DATABASE_URL, PG_DSN, REDIS_URL, MongoURI, ConnString.
func connName(name string) bool {
	words := sensitive.Words(name)
	if len(words) == 0 {
		return false
	}
	last := words[len(words)-1]
	joined := ""
	for _, w := range words {
		joined += w
		if w == "dsn" {
			return true
		}
	}
	for _, suffix := range []string{"connstring", "connstr", "connectionstring", "connectionurl", "connurl"} {
		if len(joined) >= len(suffix) && joined[len(joined)-len(suffix):] == suffix {
			return true
		}
	}
	if last != "url" && last != "uri" {
		return false
	}
	for _, w := range words[:len(words)-1] {
		switch w {
		case "database", "db", "postgres", "postgresql", "pg", "mysql", "sql", "redis", "mongo", "mongodb", "amqp", "rabbitmq", "rabbit", "broker", "nats", "cache", "valkey", "memcached", "clickhouse":
			return true
		}
	}
	return false
}

func connField(name string) bool { return name != "" && connName(name) }

func isPgxConfig(fn *types.Func) bool {
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil {
		return false
	}
	n := knownapi.NamedOf(recv.Type())
	if n == nil || n.Obj().Pkg() == nil {
		return false
	}
	switch knownapi.PkgPath(n.Obj().Pkg()) {
	case "github.com/jackc/pgx/v5/pgxpool", "github.com/jackc/pgx/v5", "github.com/jackc/pgx/v5/pgconn", "github.com/jackc/pgx/v4/pgxpool", "github.com/jackc/pgx/v4":
		return true
	}
	return false
}

func isStringOp(name string) bool {
	switch name {
	case "TrimPrefix", "TrimSuffix", "TrimSpace", "Trim", "TrimLeft", "TrimRight", "ToLower", "ToUpper", "Clone",
		"Replace", "ReplaceAll", "ToValidUTF8":
		return true
	}
	return false
}

func isFunc(fn *types.Func, pkg, recv, name string) bool {
	return knownapi.Func{Pkg: pkg, Recv: recv, Name: name}.Matches(fn)
}

// The AWS SDKs' pointer helpers: aws.ToString(m.Body) is the body.
const (
	awsPkg   = "github.com/aws/aws-sdk-go-v2/aws"
	awsV1Pkg = "github.com/aws/aws-sdk-go/aws"
)

// messageBodyMethod names the message body fn returns ("" if it returns none).
func messageBodyMethod(fn *types.Func) string {
	desc, _ := knownapi.MessageBodyMethod(fn)
	return desc
}

func fieldName(t types.Type, i int) string {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || i >= st.NumFields() {
		return ""
	}
	return st.Field(i).Name()
}

func constString(v ssa.Value) (string, bool) {
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(c.Value), true
}

// storedConn reports a connection URL stored in the address-named field i of struct type t
// somewhere in the package (cfg.BrokerURL = "amqp://" + user + ":" + pass + "@" + host).
func (f *flow) storedConn(t types.Type, i int, depth int) flowValue {
	name := fieldName(t, i)
	if !addrWord(name) {
		return flowValue{}
	}
	for _, sv := range f.fieldStores[fieldKey{structOf(t), i}] {
		if r := f.value(sv, depth+1); r.kind == kindConn {
			return flowValue{kind: kindConn, desc: "field " + name + " (" + r.desc + ")"}
		}
	}
	return flowValue{}
}

// structOf returns the struct type a field selection is made on, through one pointer, so that
// stores through *T and loads from T meet.
func structOf(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	return types.Unalias(t)
}

// addrWord reports whether a field name ends in a word that names an address: url, uri, addr,
// address, dsn or endpoint (BrokerURL, RedisAddr, Endpoint).
func addrWord(name string) bool {
	words := sensitive.Words(name)
	if len(words) == 0 {
		return false
	}
	switch words[len(words)-1] {
	case "url", "uri", "addr", "address", "dsn", "endpoint":
		return true
	}
	return false
}

// urlWithPassword reports whether s is a URL whose user info carries a non-empty password:
// amqp://user:pass@host, redis://:pass@host, postgres://u:p@db/app.
func urlWithPassword(s string) bool {
	i := strings.Index(s, "://")
	if i <= 0 {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return false
	}
	p, ok := u.User.Password()
	return ok && p != ""
}

// formatShape renders a printf format with each verb replaced by "x", so that the shape of the
// text it builds can be parsed: "postgres://%s:%s@%s/app" becomes "postgres://x:x@x/app".
func formatShape(format string) string {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			b.WriteByte(format[i])
			continue
		}
		if i+1 < len(format) && format[i+1] == '%' {
			b.WriteByte('%')
			i++
			continue
		}
		for i++; i < len(format) && !isVerb(format[i]); i++ {
		}
		b.WriteByte('x')
	}
	return b.String()
}

func isVerb(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// concatShape renders a chain of string concatenations with each non-constant operand as "x".
func concatShape(v ssa.Value, depth int) string {
	if depth > maxFlowDepth {
		return "x"
	}
	if b, ok := v.(*ssa.BinOp); ok && b.Op == token.ADD {
		return concatShape(b.X, depth+1) + concatShape(b.Y, depth+1)
	}
	if s, ok := constString(v); ok {
		return s
	}
	return "x"
}

// storedValues returns the values stored into the local slot a.
func storedValues(a *ssa.Alloc) []ssa.Value {
	refs := a.Referrers()
	if refs == nil {
		return nil
	}
	var out []ssa.Value
	for _, r := range *refs {
		if st, ok := r.(*ssa.Store); ok && st.Addr == a {
			out = append(out, st.Val)
		}
	}
	return out
}
