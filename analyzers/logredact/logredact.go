package logredact

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"regexp"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/tenantvet/tenantvet/internal/analyzerdoc"
	"github.com/tenantvet/tenantvet/internal/config"
	"github.com/tenantvet/tenantvet/internal/directive"
	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/lazyssa"
	"github.com/tenantvet/tenantvet/internal/rules"
	"github.com/tenantvet/tenantvet/internal/sensitive"
)

//go:embed doc.go
var doc string

// Analyzer reports secrets, whole requests, request bodies, connection strings and structs with
// secret fields passed to logging calls.
var Analyzer = &analysis.Analyzer{
	Name:       "logredact",
	Doc:        analyzerdoc.Section(doc, "logredact"),
	URL:        "https://github.com/tenantvet/tenantvet/tree/main/analyzers/logredact",
	Requires:   []*analysis.Analyzer{inspect.Analyzer, lazyssa.Analyzer},
	Run:        run,
	ResultType: directive.ResultType,
	FactTypes:  []analysis.Fact{new(bodyFact)},
}

var settings = config.Default()

func init() {
	settings.Bind(&Analyzer.Flags, "sensitive-keys", "safe-keys", "log-functions")
}

var (
	ruleKey     = rules.MustGet("TV3001")
	ruleRequest = rules.MustGet("TV3002")
	ruleBody    = rules.MustGet("TV3003")
	ruleConn    = rules.MustGet("TV3004")
	ruleStruct  = rules.MustGet("TV3005")
)

// redacted is the marker the suggested fixes log instead of a secret.
const redacted = `"[REDACTED]"`

type checker struct {
	pass    *analysis.Pass
	rep     *directive.Reporter
	keys    *sensitive.Matcher
	specs   []knownapi.Spec
	flow    *flow // built on first use: most packages log nothing worth following
	flowErr error
	structs map[structKey]string
	// bodyFuncs are this package's functions that return the request body, by result index.
	bodyFuncs map[*types.Func]*bodyFact
	// safeArgs are the positions of attribute constructors and literals passed directly to a
	// logger proven to use safelog: the handler redacts their keys.
	safeArgs map[token.Pos]bool
}

func run(pass *analysis.Pass) (any, error) {
	specs, err := knownapi.ParseSpecs(settings.LogFunctions)
	if err != nil {
		return nil, fmt.Errorf("log-functions: %w", err)
	}
	c := &checker{
		pass:     pass,
		rep:      directive.NewReporter(pass),
		keys:     sensitive.New(settings.SensitiveKeys, settings.SafeKeys),
		specs:    specs,
		structs:  map[structKey]string{},
		safeArgs: map[token.Pos]bool{},
	}
	c.exportBodyFacts()
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	ins.Preorder([]ast.Node{(*ast.CallExpr)(nil), (*ast.CompositeLit)(nil)}, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.CallExpr:
			c.call(n)
		case *ast.CompositeLit:
			c.attrLit(n)
		}
	})
	if c.flowErr != nil {
		return nil, c.flowErr
	}
	return c.rep.Finish()
}

// getFlow returns the SSA value flow of the package, building it (and the package's SSA form)
// the first time a logging call needs it. If the SSA form cannot be built the error is kept for
// run to return, and an empty flow, which proves nothing safe and follows no value, is used.
func (c *checker) getFlow() *flow {
	if c.flow == nil {
		res, err := lazyssa.Of(c.pass).Get()
		if err != nil {
			c.flowErr = err
			res = nil
		}
		c.flow = newFlow(c, res)
	}
	return c.flow
}

// logFunc returns how fn logs, for the known APIs and the configured log-functions.
func (c *checker) logFunc(fn *types.Func) (knownapi.LogFunc, bool) {
	if fn == nil {
		return knownapi.LogFunc{}, false
	}
	if lf, ok := knownapi.LookupLog(fn); ok {
		return lf, true
	}
	for _, s := range c.specs {
		if s.Matches(fn) {
			sig := fn.Type().(*types.Signature)
			def := 1
			if sig.Variadic() {
				def = sig.Params().Len() - 1
			}
			return knownapi.LogFunc{Func: s.Func, Shape: knownapi.LogKV, Arg: s.Arg(0, def)}, true
		}
	}
	return knownapi.LogFunc{}, false
}

// item is one logged value, with the constant key it is logged under when there is one.
type item struct {
	key     string
	keyNode ast.Node // nil when the key is not a separate expression
	val     ast.Expr
	arg     int        // index of val among the call's arguments; -1 when it is not one
	param   types.Type // the parameter type val is passed as, for the fix; nil: no fix
	verb    rune       // printf verb; 0 outside printf
	json    bool       // the value is rendered by a JSON or reflection encoder, not fmt
}

func (c *checker) call(call *ast.CallExpr) {
	fn := knownapi.Callee(c.pass.TypesInfo, call)
	if c.copiedBody(fn, call) {
		return
	}
	lf, ok := c.logFunc(fn)
	if !ok {
		return
	}
	args := call.Args
	if lf.StdWriter && (len(args) == 0 || !isStdStream(c.pass.TypesInfo, args[0])) {
		return
	}
	if lf.Arg > len(args) || (call.Ellipsis.IsValid() && lf.Shape != knownapi.LogPair && lf.Shape != knownapi.LogKey) {
		return
	}
	sig := fn.Type().(*types.Signature)
	// Values formatted by fmt show unexported fields; slog, zap, zerolog and logrus fields are
	// assumed to go through a JSON or reflection encoder, which does not (slog's TextHandler
	// formats structs with %+v: the one case this underestimates).
	fmtEnc := lf.Pkg == knownapi.LogPkg || lf.Pkg == "fmt" || lf.Shape == knownapi.LogPrintf ||
		lf.Shape == knownapi.LogPrint && lf.Pkg != knownapi.SlogPkg
	jsonEnc := !fmtEnc
	var items []item
	switch lf.Shape {
	case knownapi.LogKV:
		items = c.kvItems(args, lf.Arg, jsonEnc)
	case knownapi.LogPair, knownapi.LogKey:
		if lf.Arg >= len(args) {
			return
		}
		if lf.Shape == knownapi.LogKey {
			// The key names a group (zerolog Dict, zap.Object) whose fields are logged, and
			// checked, on their own.
			break
		}
		key, _ := c.constString(args[lf.Arg])
		if lf.Arg+1 >= len(args) {
			return
		}
		it := item{key: key, keyNode: args[lf.Arg], val: args[lf.Arg+1], arg: lf.Arg + 1, json: jsonEnc}
		if lf.Arg+1 < sig.Params().Len() {
			it.param = sig.Params().At(lf.Arg + 1).Type()
		}
		items = append(items, it)
	case knownapi.LogFields:
		if lf.Arg < len(args) {
			items = c.fieldItems(args[lf.Arg])
		}
	case knownapi.LogPrintf:
		if lf.Arg >= len(args) {
			return
		}
		format, ok := c.constString(args[lf.Arg])
		if !ok {
			for i := lf.Arg + 1; i < len(args); i++ {
				items = append(items, item{val: args[i], arg: i, verb: 'v'})
			}
			break
		}
		ops, ok := parseFormat(format)
		if !ok {
			break
		}
		for i, op := range ops {
			j := lf.Arg + 1 + i
			if j >= len(args) {
				break
			}
			items = append(items, item{key: op.key, val: args[j], arg: j, verb: op.verb})
		}
	case knownapi.LogPrint:
		for i := lf.Arg; i < len(args); i++ {
			items = append(items, item{val: args[i], arg: i, verb: 'v', json: jsonEnc})
		}
	}
	safe := c.getFlow().safeLogger(call.Lparen) || c.safeArgs[call.Pos()]
	if safe {
		for _, a := range args {
			c.safeArgs[ast.Unparen(a).Pos()] = true
		}
	}
	for _, it := range items {
		c.check(call, it, safe)
	}
}

// kvItems reads alternating keys and values from args[from:]. Attributes and fields (slog.Attr,
// zap.Field) take one slot; their constructors are checked as calls of their own.
func (c *checker) kvItems(args []ast.Expr, from int, jsonEnc bool) []item {
	var items []item
	for i := from; i < len(args); {
		a := args[i]
		t := c.pass.TypesInfo.TypeOf(a)
		if isField(t) {
			i++
			continue
		}
		key, isConst := c.constString(a)
		if !isConst && !isString(t) {
			// slog logs it under !BADKEY: it is a value.
			items = append(items, item{val: a, arg: i, json: jsonEnc})
			i++
			continue
		}
		if i+1 >= len(args) {
			break
		}
		items = append(items, item{key: key, keyNode: a, val: args[i+1], arg: i + 1, param: types.Universe.Lookup("any").Type(), json: jsonEnc})
		i += 2
	}
	return items
}

// fieldItems reads a map literal of fields (logrus.Fields{...}, map[string]any{...}).
func (c *checker) fieldItems(e ast.Expr) []item {
	lit, ok := ast.Unparen(e).(*ast.CompositeLit)
	if !ok {
		return nil
	}
	var items []item
	if _, isMap := c.pass.TypesInfo.TypeOf(lit).Underlying().(*types.Map); !isMap {
		// zerolog Fields also takes a []any of key-value pairs.
		if _, isSlice := c.pass.TypesInfo.TypeOf(lit).Underlying().(*types.Slice); isSlice {
			return c.kvItems(lit.Elts, 0, true)
		}
		return nil
	}
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		key, _ := c.constString(kv.Key)
		items = append(items, item{key: key, keyNode: kv.Key, val: kv.Value, arg: -1, param: types.Universe.Lookup("any").Type(), json: true})
	}
	return items
}

// attrLit checks slog.Attr{Key: "token", Value: ...} literals.
func (c *checker) attrLit(lit *ast.CompositeLit) {
	if !knownapi.IsNamed(c.pass.TypesInfo.TypeOf(lit), knownapi.SlogPkg, "Attr") {
		return
	}
	var keyNode, val ast.Expr
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			switch id, _ := kv.Key.(*ast.Ident); {
			case id == nil:
			case id.Name == "Key":
				keyNode = kv.Value
			case id.Name == "Value":
				val = kv.Value
			}
		}
	}
	if keyNode == nil || val == nil {
		return
	}
	key, ok := c.constString(keyNode)
	if !ok || c.safeArgs[lit.Pos()] && sensitive.SafelogRedacts(key) {
		return
	}
	// slog.IntValue(n), slog.BoolValue(b): not secrets. slog.StringValue(s) and AnyValue(v)
	// carry whatever s and v are.
	if call, ok := ast.Unparen(val).(*ast.CallExpr); ok {
		if fn := knownapi.Callee(c.pass.TypesInfo, call); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == knownapi.SlogPkg {
			if fn.Name() != "StringValue" && fn.Name() != "AnyValue" || len(call.Args) == 1 && (isBenign(c.pass.TypesInfo, call.Args[0]) || c.isConst(call.Args[0])) {
				return
			}
		}
	}
	if _, ok := c.keys.Match(key); ok {
		c.rep.ReportRange(ruleKey, keyNode.Pos(), val.End(), nil, "log key %q carries a secret: log a redacted marker or drop it", key)
	}
}

func (c *checker) check(call *ast.CallExpr, it item, safe bool) {
	info := c.pass.TypesInfo
	var v flowValue
	if it.arg >= 0 {
		v = c.getFlow().arg(call.Lparen, it.arg)
	}
	// A sensitive key hides the value: the safelog handler redacts it, and otherwise one
	// finding for the key is enough.
	keySensitive := false
	if it.key != "" && (it.val == nil || !isBenign(info, it.val) && !c.isConst(it.val)) {
		if _, ok := c.keys.Match(it.key); ok {
			keySensitive = true
			if !safe || !sensitive.SafelogRedacts(it.key) {
				c.reportKey(it, "log key %q carries a secret: log a redacted marker or drop it", it.key)
			}
		}
	}
	if it.val == nil {
		return
	}
	if !keySensitive && v.kind == kindSecret {
		c.reportKey(it, "logged value is %s, a secret: log a redacted marker or drop it", v.desc)
	}
	t := info.TypeOf(it.val)
	if t == nil || it.verb == 'T' || it.verb == 'p' {
		return
	}
	// Through safelog, requests, headers, URLs, parameter maps and byte slices are rendered
	// safely (method, host and path; redacted headers; no user info; lengths only).
	switch {
	case safe && (knownapi.IsNamed(t, "net/http", "Request") || knownapi.IsNamed(t, "net/http", "Header") ||
		knownapi.IsNamed(t, "net/url", "Values") || knownapi.IsNamed(t, "net/url", "URL") || isBytes(t)):
		return
	case knownapi.IsNamed(t, "net/http", "Request"):
		c.rep.Report(ruleRequest, it.val, nil, "%s logged whole: log method, path and request id instead", knownapi.TypeString(t))
		return
	case knownapi.IsNamed(t, "net/http", "Header"):
		c.rep.Report(ruleRequest, it.val, nil, "http.Header logged whole: it carries Authorization and Cookie; log the headers you need by name")
		return
	case isCookie(t):
		c.rep.Report(ruleRequest, it.val, nil, "%s logged: cookies carry session secrets; log the cookie name only", knownapi.TypeString(t))
		return
	case knownapi.IsNamed(t, "net/url", "Values"):
		c.rep.Report(ruleRequest, it.val, nil, "url.Values logged whole: parameters may carry tokens or passwords; log the ones you need by name")
		return
	}
	switch v.kind {
	case kindBody:
		what := "request body"
		if v.desc != "" {
			what = v.desc
		}
		c.rep.Report(ruleBody, it.val, nil, "%s logged: log its size or the non-secret fields you need", what)
		return
	case kindConn:
		c.rep.Report(ruleConn, it.val, nil, "%s logged: it may carry a password; log url.URL.Redacted() or the host only", v.desc)
		return
	case kindHeaders:
		c.rep.Report(ruleRequest, it.val, nil, "%s logged: they include Authorization and Cookie; log the keys only, or the headers you need by name", v.desc)
		return
	case kindDump:
		c.rep.Report(ruleRequest, it.val, nil, "request dump from %s logged: it carries the Authorization and Cookie headers (and the body, if dumped); log method, path and request id instead", v.desc)
		return
	}
	if path := c.structSecret(t, !it.json, safe, 0); path != "" {
		c.rep.Report(ruleStruct, it.val, nil, "%s logged whole has secret field %s: log chosen fields or implement slog.LogValuer", knownapi.TypeString(t), path)
	}
}

// reportKey reports a secret logged under a key, with a fix that logs the marker instead when the
// value is a plain argument of a string or any parameter.
func (c *checker) reportKey(it item, format string, args ...any) {
	var fixes []analysis.SuggestedFix
	if it.val != nil && it.param != nil {
		var text string
		switch u := it.param.Underlying().(type) {
		case *types.Interface:
			text = redacted
		case *types.Basic:
			if u.Kind() == types.String {
				text = redacted
			}
		case *types.Slice:
			if b, ok := u.Elem().Underlying().(*types.Basic); ok && b.Kind() == types.Byte {
				text = "[]byte(" + redacted + ")"
			}
		}
		if text != "" {
			fixes = []analysis.SuggestedFix{{
				Message:   "log " + redacted + " instead",
				TextEdits: []analysis.TextEdit{{Pos: it.val.Pos(), End: it.val.End(), NewText: []byte(text)}},
			}}
		}
	}
	var pos, end token.Pos
	if it.keyNode != nil {
		pos, end = it.keyNode.Pos(), it.keyNode.End()
	}
	if it.val != nil {
		if !pos.IsValid() {
			pos = it.val.Pos()
		}
		end = it.val.End()
	}
	c.rep.ReportRange(ruleKey, pos, end, fixes, format, args...)
}

func (c *checker) constString(e ast.Expr) (string, bool) {
	tv, ok := c.pass.TypesInfo.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

func (c *checker) isConst(e ast.Expr) bool {
	tv, ok := c.pass.TypesInfo.Types[e]
	return ok && (tv.Value != nil || tv.IsNil())
}

// isBenign reports whether e's static type cannot carry a secret: booleans and numbers (a count
// of tokens, whether a password is set). Keys are not reported for such values.
func isBenign(info *types.Info, e ast.Expr) bool {
	t := info.TypeOf(e)
	if t == nil {
		return false
	}
	if knownapi.IsNamed(t, "time", "Duration") || knownapi.IsNamed(t, "time", "Time") {
		return true
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&(types.IsBoolean|types.IsNumeric) != 0
}

func isString(t types.Type) bool {
	b, ok := t.(*types.Basic)
	if !ok && t != nil {
		b, ok = t.Underlying().(*types.Basic)
	}
	return ok && b.Info()&types.IsString != 0
}

func isField(t types.Type) bool {
	return knownapi.IsNamed(t, knownapi.SlogPkg, "Attr") ||
		knownapi.IsNamed(t, knownapi.ZapPkg, "Field") || knownapi.IsNamed(t, "go.uber.org/zap/zapcore", "Field")
}

func isBytes(t types.Type) bool {
	s, ok := t.Underlying().(*types.Slice)
	if !ok {
		return false
	}
	b, ok := s.Elem().Underlying().(*types.Basic)
	return ok && b.Kind() == types.Byte
}

func isCookie(t types.Type) bool {
	if s, ok := t.Underlying().(*types.Slice); ok {
		t = s.Elem()
	}
	return knownapi.IsNamed(t, "net/http", "Cookie")
}

// isStdStream reports whether e is os.Stdout or os.Stderr.
// copiedBody reports a request body copied whole to standard output or standard error
// (io.Copy(os.Stdout, r.Body)), which a container platform collects as the service's log.
func (c *checker) copiedBody(fn *types.Func, call *ast.CallExpr) bool {
	if !isFunc(fn, "io", "", "Copy") && !isFunc(fn, "io", "", "CopyN") && !isFunc(fn, "io", "", "CopyBuffer") {
		return false
	}
	if len(call.Args) < 2 || !isStdStream(c.pass.TypesInfo, call.Args[0]) {
		return false
	}
	sel, ok := ast.Unparen(call.Args[1]).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Body" || !knownapi.IsNamed(c.pass.TypesInfo.TypeOf(sel.X), "net/http", "Request") {
		return false
	}
	c.rep.Report(ruleBody, call.Args[1], nil, "request body copied to %s: log its size or the non-secret fields you need", types.ExprString(call.Args[0]))
	return true
}

func isStdStream(info *types.Info, e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	v, ok := info.Uses[sel.Sel].(*types.Var)
	return ok && v.Pkg() != nil && v.Pkg().Path() == "os" && (v.Name() == "Stdout" || v.Name() == "Stderr")
}

// operand is one printf operand: its verb and the key written just before it ("token=%s").
type operand struct {
	verb rune
	key  string
}

// keyBeforeVerb finds the key written before a verb: "token=%s", "api_key: %q",
// "Authorization: Bearer %s".
var keyBeforeVerb = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`([A-Za-z][A-Za-z0-9_.\-]*)\s*[=:]\s*(?:(?i:bearer|basic|token)\s+)?["'\[]?$`)
})

// parseFormat lists the operands of a printf format. It gives up (false) on explicit argument
// indexes, which reorder operands.
func parseFormat(format string) ([]operand, bool) {
	var ops []operand
	last := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		text := format[last:i]
		i++
		for i < len(format) && (format[i] == '+' || format[i] == '-' || format[i] == '#' || format[i] == ' ' || format[i] == '0') {
			i++
		}
		for i < len(format) && (format[i] >= '0' && format[i] <= '9' || format[i] == '.' || format[i] == '*') {
			if format[i] == '*' {
				ops = append(ops, operand{verb: 'd'})
			}
			i++
		}
		if i >= len(format) {
			break
		}
		if format[i] == '[' {
			return nil, false
		}
		if format[i] == '%' {
			last = i + 1
			continue
		}
		op := operand{verb: rune(format[i])}
		if m := keyBeforeVerb().FindStringSubmatch(text); m != nil {
			op.key = m[1]
		}
		ops = append(ops, op)
		last = i + 1
	}
	return ops, true
}
