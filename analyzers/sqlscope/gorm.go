package sqlscope

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/jinzhu/inflection"
	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/querymodel"
	"github.com/tenantvet/tenantvet/internal/sqlquery"
	"github.com/tenantvet/tenantvet/internal/taint"
)

// The gorm recogniser. A *gorm.DB carries statement state through its chain; the value a
// finisher (First, Find, Update, Delete, Create...) is called on is followed back through the
// chain methods (Where, Or, Not, Model, Table, Joins, Scopes, Raw, Session...) to where the
// chain starts, through variables, branches (each path is a variant of the query) and the
// functions of the program that extend a chain (their gormFact). The steps are then replayed
// the way gorm builds its statement (conditions in order, inline conditions, then scopes) into
// a querymodel.Query, whose SQL is judged like any constant SQL. The handle itself is followed
// by origin like any other: *gorm.DB is a handle type, and a chain step derives from its
// receiver.

// GormStep is one step of a gorm chain that changes which rows a statement reaches.
type GormStep struct {
	Kind    string   // "where", "or", "not", "table", "model", "joins", "raw", "newdb", "scope"
	SQL     string   // where/or/not: a condition string with ? placeholders; joins, raw: the SQL
	NArgs   int      // arguments of SQL; -1 when not known
	Cols    []string // where/or/not with a struct or map: the columns compared; PK: the key
	PK      bool     // where: a primary key condition; model: the model's key is set
	Table   string   // table, model: the table
	Dynamic bool     // built at run time
	Scope   [][]GormStep
	Group   []GormStep // where/or/not with a *gorm.DB: the conditions of that chain, as a group; joins: the ON conditions
	Assoc   string     // joins: an association (a field of the model, "Manager.Company" nested)
	Inner   bool       // joins: InnerJoins
	Type    string     // model: the model type (types.TypeString), for its associations
}

// gormFact is exported for a function that extends a gorm chain: its result is one of
// Variants, each derived from its own parameter (Param, -1: none) by its steps, so that each
// return of a helper continues from the argument it starts from (chainfact.go); or, with
// Closure, it returns a scope function (for Scopes) that adds one of Variants (no Param).
type gormFact struct {
	Closure  bool
	Variants []ChainVariant[GormStep]
}

func (*gormFact) AFact() {}

func (f *gormFact) String() string {
	var parts []string
	for _, v := range f.Variants {
		var kinds []string
		for _, s := range v.Steps {
			k := s.Kind
			if s.SQL != "" {
				k += "(" + s.SQL + ")"
			} else if len(s.Cols) > 0 {
				k += "(" + strings.Join(s.Cols, ",") + ")"
			}
			kinds = append(kinds, k)
		}
		if f.Closure {
			parts = append(parts, strings.Join(kinds, "."))
		} else {
			parts = append(parts, strconv.Itoa(v.Param)+":"+strings.Join(kinds, "."))
		}
	}
	if f.Closure {
		return "gormScope:" + strings.Join(parts, "|")
	}
	return "gormChain:" + strings.Join(parts, "|")
}

// gormTableFact is exported for a model type whose TableName method returns a constant.
type gormTableFact struct{ Name string }

func (*gormTableFact) AFact()           {}
func (f *gormTableFact) String() string { return "gormTable:" + f.Name }

const maxVariants = 8

func isGormDB(t types.Type) bool { return knownapi.IsNamed(t, knownapi.PkgGorm, "DB") }

// gormMethod returns the *gorm.DB method a call invokes, or nil.
func gormMethod(common *ssa.CallCommon) *types.Func {
	fn := taint.Callee(common)
	if fn == nil || fn.Pkg() == nil || knownapi.PkgPath(fn.Pkg()) != knownapi.PkgGorm {
		return nil
	}
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil || !isGormDB(recv.Type()) {
		return nil
	}
	return fn
}

// exportGormTableNames exports the table of each model type of the package whose TableName
// method returns a constant. It reads declarations only, so it runs on every package, queries
// or not: models often live in a package that never calls gorm.
func (c *checker) exportGormTableNames() {
	for _, f := range c.pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Name.Name != "TableName" || fd.Recv == nil || fd.Body == nil || len(fd.Body.List) != 1 {
				continue
			}
			ret, ok := fd.Body.List[0].(*ast.ReturnStmt)
			if !ok || len(ret.Results) != 1 {
				continue
			}
			tv, ok := c.pass.TypesInfo.Types[ret.Results[0]]
			if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
				continue
			}
			fn, _ := c.pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if fn == nil {
				continue
			}
			if n := knownapi.NamedOf(fn.Type().(*types.Signature).Recv().Type()); n != nil {
				c.pass.ExportObjectFact(n.Obj(), &gormTableFact{Name: constant.StringVal(tv.Value)})
			}
		}
	}
}

// gormModel returns the named struct a value's type names as a model: T, *T, []T, *[]T,
// []*T.
func gormModel(t types.Type) *types.Named {
	for i := 0; i < 4; i++ {
		switch u := types.Unalias(t).(type) {
		case *types.Pointer:
			t = u.Elem()
			continue
		case *types.Slice:
			t = u.Elem()
			continue
		case *types.Named:
			if _, ok := u.Underlying().(*types.Struct); ok {
				return u
			}
			return nil
		}
		return nil
	}
	return nil
}

// gormTable returns a model's table: its TableName, else gorm's default naming strategy (snake
// case, plural).
func (c *checker) gormTable(n *types.Named) string {
	table := pluralTable(n.Obj().Name())
	f := new(gormTableFact)
	if c.pass.ImportObjectFact(n.Obj(), f) {
		table = f.Name
	}
	if c.gormTypes == nil {
		c.gormTypes = map[string]*types.Named{}
	}
	c.gormTypes[n.String()] = n
	return table
}

// pluralTable is gorm's default table name for a model type name.
func pluralTable(name string) string { return inflection.Plural(gormDBName(name)) }

// gormDBName is gorm's naming of a Go name as a column or table: snake case, with runs of
// capitals (ID, HTTP, UUID) kept together.
func gormDBName(name string) string {
	rs := []rune(name)
	var b strings.Builder
	for i, r := range rs {
		if unicode.IsUpper(r) && i > 0 {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				b.WriteByte('_')
			}
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// gormField is a struct field as gorm maps it.
type gormField struct {
	col string
	pk  bool
}

// gormFields maps the fields of a model (embedded structs flattened) to columns; the key is
// the field's index path.
func gormFields(n *types.Named) map[*types.Var]gormField {
	out := map[*types.Var]gormField{}
	var walk func(s *types.Struct, depth int)
	walk = func(s *types.Struct, depth int) {
		for i := 0; i < s.NumFields(); i++ {
			f := s.Field(i)
			tag := reflect.StructTag(s.Tag(i)).Get("gorm")
			if tag == "-" || !f.Exported() {
				continue
			}
			gf := gormField{col: gormDBName(f.Name()), pk: f.Name() == "ID"}
			for _, opt := range strings.Split(tag, ";") {
				k, v, _ := strings.Cut(strings.TrimSpace(opt), ":")
				switch strings.ToLower(k) {
				case "column":
					gf.col = v
				case "primarykey", "primary_key":
					gf.pk = true
				}
			}
			if f.Anonymous() && depth < 3 {
				if es, ok := f.Type().Underlying().(*types.Struct); ok {
					walk(es, depth+1)
					continue
				}
			}
			out[f] = gf
		}
	}
	if s, ok := n.Underlying().(*types.Struct); ok {
		walk(s, 0)
	}
	return out
}

func gormPK(n *types.Named) string {
	if n == nil {
		return "id"
	}
	for _, f := range gormFields(n) {
		if f.pk {
			return f.col
		}
	}
	return "id"
}

// structFields returns the fields set to a possibly non-zero value on a struct the function
// allocates and hands only to gorm (&Note{TenantID: t}, or var n Note; n.TenantID = t); ok is
// false when the struct comes from elsewhere or is passed on, so its fields are not visible.
func structFields(v ssa.Value) (fields []*types.Var, ok bool) {
	v = taint.Concrete(v)
	if u, isLoad := v.(*ssa.UnOp); isLoad && u.Op == token.MUL {
		v = u.X
	}
	a, isAlloc := v.(*ssa.Alloc)
	if !isAlloc {
		return nil, false
	}
	st, isStruct := a.Type().(*types.Pointer).Elem().Underlying().(*types.Struct)
	if !isStruct {
		return nil, false
	}
	for _, r := range *a.Referrers() {
		switch r := r.(type) {
		case *ssa.FieldAddr:
			for _, rr := range *r.Referrers() {
				if s, isStore := rr.(*ssa.Store); isStore && s.Addr == r && !isZeroConst(s.Val) {
					fields = append(fields, st.Field(r.Field))
				}
			}
		case *ssa.DebugRef, *ssa.MakeInterface, *ssa.UnOp:
		case *ssa.Call:
			if gormMethod(r.Common()) == nil {
				return nil, false
			}
		default:
			return nil, false
		}
	}
	return fields, true
}

func isZeroConst(v ssa.Value) bool {
	k, ok := v.(*ssa.Const)
	if !ok {
		return false
	}
	if k.Value == nil {
		return true
	}
	switch k.Value.Kind() {
	case constant.String:
		return constant.StringVal(k.Value) == ""
	case constant.Bool:
		return !constant.BoolVal(k.Value)
	case constant.Int, constant.Float:
		return constant.Sign(k.Value) == 0
	}
	return false
}

// mapKeys returns the constant keys of a map literal built in the function.
func mapKeys(v ssa.Value) ([]string, bool) {
	m, ok := taint.Concrete(v).(*ssa.MakeMap)
	if !ok {
		return nil, false
	}
	var keys []string
	for _, r := range *m.Referrers() {
		switch r := r.(type) {
		case *ssa.MapUpdate:
			k, ok := taint.ConstString(r.Key)
			if !ok {
				return nil, false
			}
			keys = append(keys, k)
		case *ssa.DebugRef, *ssa.MakeInterface:
		default:
			if call, ok := r.(*ssa.Call); !ok || gormMethod(call.Common()) == nil && squirrelFunc(call.Common()) == nil {
				return nil, false
			}
		}
	}
	slices.Sort(keys)
	return keys, true
}

// varargs returns the elements passed to a variadic parameter; ok is false for a slice passed
// on with ...
func varargs(v ssa.Value) ([]ssa.Value, bool) {
	if k, ok := v.(*ssa.Const); ok && k.Value == nil {
		return nil, true
	}
	if ct, ok := v.(*ssa.ChangeType); ok {
		v = ct.X
	}
	s, ok := v.(*ssa.Slice)
	if !ok {
		return nil, false
	}
	a, ok := s.X.(*ssa.Alloc)
	if !ok {
		return nil, false
	}
	arr, ok := a.Type().(*types.Pointer).Elem().Underlying().(*types.Array)
	if !ok {
		return nil, false
	}
	out := make([]ssa.Value, arr.Len())
	for _, r := range *a.Referrers() {
		ia, ok := r.(*ssa.IndexAddr)
		if !ok {
			continue
		}
		k, ok := ia.Index.(*ssa.Const)
		if !ok {
			return nil, false
		}
		i, _ := constant.Int64Val(k.Value)
		for _, rr := range *ia.Referrers() {
			if st, ok := rr.(*ssa.Store); ok && int(i) < len(out) {
				out[i] = st.Val
			}
		}
	}
	return out, !slices.Contains(out, nil)
}

// gormCond turns the arguments of Where, Or, Not or a finisher's inline conditions into a step,
// following gorm's BuildCondition: a string is a SQL condition (a number is a primary key, a
// bare column with one argument an equality), a struct its non-zero fields, a map its keys, any
// other value the primary key. model is the table's model, when known, for struct conditions
// and the key.
func (c *checker) gormCond(kind string, query ssa.Value, rest []ssa.Value, known bool, model *types.Named) (GormStep, bool) {
	step := GormStep{Kind: kind, NArgs: -1}
	if known {
		step.NArgs = len(rest)
	}
	x := taint.Concrete(query)
	if b, ok := x.Type().Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
		s, ok := taint.ConstString(x)
		if !ok {
			step.Dynamic = true
			return step, true
		}
		if _, err := strconv.Atoi(s); err == nil {
			step.PK, step.Cols, step.NArgs = true, []string{gormPK(model)}, 0
			return step, true
		}
		switch {
		case s == "" && step.NArgs == 0:
			return step, false
		case step.NArgs == 0 || strings.Contains(s, "?"):
			step.SQL = s
		case strings.Contains(s, "@"):
			step.SQL = namedToQuestion(s)
			step.NArgs = strings.Count(step.SQL, "?")
		case strings.Contains(strings.TrimSpace(s), " "):
			step.SQL = s
		case step.NArgs == 1:
			step.Cols = []string{s}
		default:
			step.Dynamic = true
		}
		return step, true
	}
	if isGormDB(x.Type()) {
		// A group of conditions built on another chain: gorm takes that statement's WHERE
		// conditions (its scopes run first) and writes them as one parenthesised group.
		group, ok := c.gormGroup(x)
		if !ok {
			step.Dynamic = true
			return step, true
		}
		step.Group, step.NArgs = group, 0
		return step, len(group) > 0
	}
	if keys, ok := mapKeys(x); ok {
		step.Cols = keys
		return step, len(keys) > 0
	}
	if n := gormModel(x.Type()); n != nil {
		if _, isSlice := types.Unalias(x.Type()).Underlying().(*types.Slice); isSlice {
			step.Dynamic = true
			return step, true
		}
		fields, ok := structFields(x)
		if !ok {
			step.Dynamic = true
			return step, true
		}
		cols := gormFields(n)
		for _, f := range fields {
			if gf, ok := cols[f]; ok {
				step.Cols = append(step.Cols, gf.col)
			}
		}
		return step, len(step.Cols) > 0
	}
	if _, ok := x.Type().Underlying().(*types.Interface); ok {
		step.Dynamic = true
		return step, true
	}
	// Any other value (an id, a slice of ids) is the primary key.
	step.PK, step.Cols, step.NArgs = true, []string{gormPK(model)}, 0
	return step, true
}

// gormGroup returns the conditions of the chain a Where, Or or Not argument holds, in the order
// gorm applies them; ok is false when they are not known (several variants, a chain that
// cannot be followed, a group nested too deep).
func (c *checker) gormGroup(v ssa.Value) ([]GormStep, bool) {
	if c.gormGroupDepth >= 3 {
		return nil, false
	}
	c.gormGroupDepth++
	defer func() { c.gormGroupDepth-- }()
	variants, ok := c.gormChain(v, 1)
	if !ok || len(variants) != 1 {
		return nil, false
	}
	flat := flattenScopes(variants[0])
	if len(flat) != 1 {
		return nil, false
	}
	if len(flat[0]) == 0 {
		// A handle from elsewhere (a parameter, a field) could carry any condition.
		return nil, false
	}
	var conds []GormStep
	for _, s := range flat[0] {
		switch s.Kind {
		case "where", "or", "not":
			conds = append(conds, s)
		case "raw":
			return nil, false
		}
	}
	return conds, true
}

// namedToQuestion turns gorm's @name placeholders into ? so the condition binds like any other.
func namedToQuestion(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '@' && i+1 < len(s) && (s[i+1] == '_' || unicode.IsLetter(rune(s[i+1]))) {
			b.WriteByte('?')
			for i+1 < len(s) && (s[i+1] == '_' || unicode.IsLetter(rune(s[i+1])) || unicode.IsDigit(rune(s[i+1]))) {
				i++
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// gormChain returns the variants of the chain that produced v, each a list of steps in the
// order gorm applies them, and whether the chain could be followed (a chain starting at the
// result of a function this package cannot see into could carry any condition).
func (c *checker) gormChain(v ssa.Value, depth int) ([][]GormStep, bool) {
	if depth > maxDepth {
		return [][]GormStep{nil}, false
	}
	switch x := v.(type) {
	case *ssa.Call:
		if m := gormMethod(&x.Call); m != nil {
			recv := taint.Receiver(&x.Call)
			prev, ok := c.gormChain(recv, depth+1)
			steps, known := c.gormChainStep(m, taint.Args(&x.Call))
			return appendSteps(prev, steps), ok && known
		}
		g := x.Call.StaticCallee()
		if g == nil {
			return [][]GormStep{nil}, false
		}
		f := c.gormFactOf(g)
		if f == nil || f.Closure {
			// A function that adds no step (an opener, a getter): the chain starts at its
			// result. Every package that calls gorm exports the facts of its functions.
			return [][]GormStep{nil}, true
		}
		// Each variant continues from the argument its return starts from.
		var out [][]GormStep
		ok := true
		args := map[int][][]GormStep{}
		for _, fv := range f.Variants {
			prev := [][]GormStep{nil}
			if fv.Param >= 0 && fv.Param < len(x.Call.Args) {
				var seen bool
				if prev, seen = args[fv.Param]; !seen {
					var aok bool
					prev, aok = c.gormChain(x.Call.Args[fv.Param], depth+1)
					ok = ok && aok
					args[fv.Param] = prev
				}
			}
			out = append(out, product(prev, [][]GormStep{fv.Steps})...)
		}
		return capVariants(out), ok
	case *ssa.Phi:
		var out [][]GormStep
		ok := true
		for _, e := range x.Edges {
			vs, eok := c.gormChain(e, depth+1)
			out = append(out, vs...)
			ok = ok && eok
		}
		return capVariants(out), ok
	case *ssa.UnOp:
		if a, isAlloc := x.X.(*ssa.Alloc); isAlloc && x.Op == token.MUL {
			var out [][]GormStep
			for _, val := range c.stored(a) {
				vs, _ := c.gormChain(val, depth+1)
				out = append(out, vs...)
			}
			if len(out) == 0 {
				return [][]GormStep{nil}, true
			}
			return capVariants(out), true
		}
	case *ssa.FreeVar:
		fn := x.Parent()
		idx := slices.Index(fn.FreeVars, x)
		if p := fn.Parent(); p != nil {
			for _, b := range p.Blocks {
				for _, instr := range b.Instrs {
					if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn && idx < len(mc.Bindings) {
						return c.gormChain(mc.Bindings[idx], depth+1)
					}
				}
			}
		}
	}
	// A parameter, a global, a field, gorm.Open: the chain starts here.
	return [][]GormStep{nil}, true
}

func appendSteps(vs [][]GormStep, steps []GormStep) [][]GormStep {
	if len(steps) == 0 {
		return vs
	}
	out := make([][]GormStep, len(vs))
	for i, v := range vs {
		out[i] = append(slices.Clip(v), steps...)
	}
	return out
}

func product(prev, next [][]GormStep) [][]GormStep {
	if len(next) == 0 {
		return prev
	}
	var out [][]GormStep
	for _, p := range prev {
		for _, n := range next {
			out = append(out, append(slices.Clip(p), n...))
		}
	}
	return capVariants(out)
}

func capVariants(vs [][]GormStep) [][]GormStep {
	if len(vs) <= maxVariants {
		return vs
	}
	return append(vs[:maxVariants-1:maxVariants-1], []GormStep{{Kind: "where", Dynamic: true}})
}

// gormChainStep returns the steps one chain method adds.
func (c *checker) gormChainStep(m *types.Func, args []ssa.Value) ([]GormStep, bool) {
	switch m.Name() {
	case "Where", "Or", "Not":
		if len(args) == 2 {
			rest, known := varargs(args[1])
			if s, ok := c.gormCond(strings.ToLower(m.Name()), args[0], rest, known, nil); ok {
				return []GormStep{s}, true
			}
		}
	case "Table":
		if len(args) > 0 {
			if s, ok := taint.ConstString(args[0]); ok {
				return []GormStep{{Kind: "table", Table: s}}, true
			}
			return []GormStep{{Kind: "table", Dynamic: true}}, true
		}
	case "Model":
		if len(args) == 1 {
			x := taint.Concrete(args[0])
			if n := gormModel(x.Type()); n != nil {
				step := GormStep{Kind: "model", Table: c.gormTable(n), Cols: []string{gormPK(n)}, Type: n.String()}
				fields, ok := structFields(x)
				step.PK = !ok // a model from elsewhere has its key set
				for _, f := range fields {
					if gf := gormFields(n)[f]; gf.pk {
						step.PK = true
					}
				}
				return []GormStep{step}, true
			}
		}
	case "Joins", "InnerJoins":
		if len(args) == 2 {
			s, ok := taint.ConstString(args[0])
			if !ok {
				return []GormStep{{Kind: "joins", Dynamic: true}}, true
			}
			if strings.Contains(strings.TrimSpace(s), " ") {
				rest, known := varargs(args[1])
				n := -1
				if known {
					n = len(rest)
				}
				return []GormStep{{Kind: "joins", SQL: s, NArgs: n}}, true
			}
			// An association name: gorm joins the associated table on its foreign key (when
			// the model has that field; resolved with the model, when the chain is replayed),
			// and a *gorm.DB argument adds its conditions to the ON clause.
			step := GormStep{Kind: "joins", Assoc: s, Inner: m.Name() == "InnerJoins"}
			if rest, known := varargs(args[1]); !known {
				step.Dynamic = true
			} else if len(rest) == 1 && isGormDB(taint.Concrete(rest[0]).Type()) {
				group, ok := c.gormGroup(taint.Concrete(rest[0]))
				if !ok {
					step.Dynamic = true
				}
				step.Group = group
			}
			return []GormStep{step}, true
		}
	case "Raw":
		if len(args) == 2 {
			rest, known := varargs(args[1])
			n := -1
			if known {
				n = len(rest)
			}
			if s, ok := taint.ConstString(args[0]); ok {
				return []GormStep{{Kind: "raw", SQL: s, NArgs: n}}, true
			}
			return []GormStep{{Kind: "raw", Dynamic: true}}, true
		}
	case "Session":
		if len(args) == 1 && sessionNewDB(args[0]) {
			return []GormStep{{Kind: "newdb"}}, true
		}
	case "Scopes":
		if len(args) == 1 {
			fns, ok := varargs(args[0])
			if !ok {
				return []GormStep{{Kind: "where", Dynamic: true}}, true
			}
			var steps []GormStep
			for _, f := range fns {
				vs, ok := c.scopeVariants(f)
				if !ok {
					steps = append(steps, GormStep{Kind: "where", Dynamic: true})
					continue
				}
				steps = append(steps, GormStep{Kind: "scope", Scope: vs})
			}
			return steps, true
		}
	}
	return nil, true
}

// sessionNewDB reports a Session(&gorm.Session{NewDB: true}) argument: the chain starts over.
func sessionNewDB(v ssa.Value) bool {
	a, ok := taint.Concrete(v).(*ssa.Alloc)
	if !ok {
		return false
	}
	st, ok := a.Type().(*types.Pointer).Elem().Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for _, r := range *a.Referrers() {
		fa, ok := r.(*ssa.FieldAddr)
		if !ok || st.Field(fa.Field).Name() != "NewDB" {
			continue
		}
		for _, rr := range *fa.Referrers() {
			if s, ok := rr.(*ssa.Store); ok {
				if k, ok := s.Val.(*ssa.Const); ok && k.Value != nil && constant.BoolVal(k.Value) {
					return true
				}
			}
		}
	}
	return false
}

// scopeVariants returns what a function passed to Scopes adds: a scope function of this
// package or with a fact, a closure, or the scope a factory call returns.
func (c *checker) scopeVariants(v ssa.Value) ([][]GormStep, bool) {
	switch f := v.(type) {
	case *ssa.Function:
		if f.Pkg != nil && f.Pkg.Pkg == c.pass.Pkg {
			return c.scopeBody(f), true
		}
		if fact := c.gormFactOf(f); fact != nil && !fact.Closure && !slices.ContainsFunc(fact.Variants, func(v ChainVariant[GormStep]) bool { return v.Param != 0 }) {
			return gormSteps(fact.Variants), true
		}
	case *ssa.MakeClosure:
		return c.scopeBody(f.Fn.(*ssa.Function)), true
	case *ssa.Call:
		if g := f.Call.StaticCallee(); g != nil {
			if fact := c.gormFactOf(g); fact != nil && fact.Closure {
				return gormSteps(fact.Variants), true
			}
		}
	case *ssa.ChangeType:
		return c.scopeVariants(f.X)
	}
	return nil, false
}

// scopeBody returns the variants of the chain a scope function returns.
func (c *checker) scopeBody(fn *ssa.Function) [][]GormStep {
	var out [][]GormStep
	for _, b := range fn.Blocks {
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && len(ret.Results) == 1 {
			vs, ok := c.gormChain(ret.Results[0], 1)
			if !ok {
				vs = appendSteps(vs, []GormStep{{Kind: "where", Dynamic: true}})
			}
			out = append(out, vs...)
		}
	}
	return capVariants(out)
}

// gormFactOf returns the gorm fact of a function: computed for this package's functions,
// imported for others'.
func (c *checker) gormFactOf(g *ssa.Function) *gormFact {
	if g.Origin() != nil {
		g = g.Origin()
	}
	if g.Pkg != nil && g.Pkg.Pkg == c.pass.Pkg {
		if f, ok := c.gormFacts[g]; ok {
			return f
		}
		c.gormFacts[g] = nil // recursion
		f := c.computeGormFact(g)
		c.gormFacts[g] = f
		return f
	}
	obj := g.Object()
	if obj == nil {
		return nil
	}
	f := new(gormFact)
	if c.pass.ImportObjectFact(obj, f) {
		return f
	}
	return nil
}

func (c *checker) computeGormFact(g *ssa.Function) *gormFact {
	res := g.Signature.Results()
	if res.Len() != 1 || g.Blocks == nil {
		return nil
	}
	t := res.At(0).Type()
	if sig, ok := t.Underlying().(*types.Signature); ok {
		if sig.Params().Len() != 1 || sig.Results().Len() != 1 || !isGormDB(sig.Params().At(0).Type()) || !isGormDB(sig.Results().At(0).Type()) {
			return nil
		}
		var all [][]GormStep
		for _, b := range g.Blocks {
			if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
				vs, ok := c.scopeVariants(ret.Results[0])
				if !ok {
					return nil
				}
				all = append(all, vs...)
			}
		}
		f := &gormFact{Closure: true}
		for _, v := range capVariants(all) {
			f.Variants = append(f.Variants, ChainVariant[GormStep]{Param: -1, Steps: v})
		}
		return f
	}
	if !isGormDB(t) {
		return nil
	}
	f := &gormFact{}
	for _, b := range g.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		if call, ok := ret.Results[0].(*ssa.Call); ok {
			if callee := call.Call.StaticCallee(); callee != nil && (callee == g || callee.Origin() == g) {
				continue // a recursive call adds nothing: the other returns say what it returns
			}
		}
		vs, ok := c.gormChain(ret.Results[0], 1)
		if !ok {
			return nil
		}
		// The parameter this return starts from: its variants continue from that argument.
		p := c.gormBaseParam(g, ret.Results[0], 0)
		for _, v := range vs {
			f.Variants = append(f.Variants, ChainVariant[GormStep]{Param: p, Steps: v})
		}
	}
	if len(f.Variants) > maxVariants {
		f.Variants = append(f.Variants[:maxVariants-1:maxVariants-1], ChainVariant[GormStep]{Param: -1, Steps: []GormStep{{Kind: "where", Dynamic: true}}})
	}
	if len(f.Variants) == 0 || len(f.Variants) == 1 && len(f.Variants[0].Steps) == 0 && f.Variants[0].Param < 0 {
		return nil
	}
	return f
}

// gormSteps returns the steps of each variant of a fact.
func gormSteps(vs []ChainVariant[GormStep]) [][]GormStep {
	out := make([][]GormStep, len(vs))
	for i, v := range vs {
		out[i] = v.Steps
	}
	return out
}

// gormBaseParam returns the index of the parameter of g a returned chain starts from, or -1:
// through the chain's methods, the branches of a phi that all start from it, and a helper
// whose every variant starts from one of its parameters.
func (c *checker) gormBaseParam(g *ssa.Function, v ssa.Value, depth int) int {
	if depth > maxDepth {
		return -1
	}
	v = chainBase(v)
	switch x := v.(type) {
	case *ssa.Parameter:
		return paramIndex(g, x)
	case *ssa.Phi:
		p := -2
		for _, e := range x.Edges {
			q := c.gormBaseParam(g, e, depth+1)
			if p != -2 && q != p {
				return -1
			}
			p = q
		}
		return max(p, -1)
	case *ssa.Call:
		callee := x.Call.StaticCallee()
		if callee == nil || callee == g || callee.Origin() == g {
			return -1
		}
		f := c.gormFactOf(callee)
		if f == nil || f.Closure || len(f.Variants) == 0 {
			return -1
		}
		p := f.Variants[0].Param
		for _, fv := range f.Variants {
			if fv.Param != p {
				return -1
			}
		}
		if p < 0 || p >= len(x.Call.Args) {
			return -1
		}
		return c.gormBaseParam(g, x.Call.Args[p], depth+1)
	}
	return -1
}

// chainBase returns the value a single-path gorm chain starts from.
func chainBase(v ssa.Value) ssa.Value {
	for i := 0; i < maxDepth; i++ {
		call, ok := v.(*ssa.Call)
		if !ok || gormMethod(&call.Call) == nil {
			return v
		}
		v = taint.Receiver(&call.Call)
	}
	return nil
}

// exportGormFacts exports the gorm facts of the package's top-level functions.
func (c *checker) exportGormFacts(fns []*ssa.Function) {
	for _, fn := range fns {
		if fn.Parent() != nil || fn.Synthetic != "" || fn.Object() == nil || fn.Origin() != nil {
			continue
		}
		if f := c.gormFactOf(fn); f != nil {
			c.pass.ExportObjectFact(fn.Object(), f)
		}
	}
}

// gormSite returns the query site of a call of a *gorm.DB finisher, or nil.
func (c *checker) gormSite(fn *ssa.Function, call ssa.CallInstruction) *querySite {
	m := gormMethod(call.Common())
	if m == nil {
		return nil
	}
	fin, ok := knownapi.GormFinishers[m.Name()]
	if !ok {
		return nil
	}
	recv := taint.Receiver(call.Common())
	args := taint.Args(call.Common())
	st := &querySite{fn: fn, instr: call, handles: []ssa.Value{recv}}
	if fin.Op == knownapi.GormExec {
		if len(args) != 2 {
			return nil
		}
		c.rawSQL(st, args[0], args[1])
		return st
	}
	variants, ok := c.gormChain(recv, 0)
	if !ok {
		variants = appendSteps(variants, []GormStep{{Kind: "where", Dynamic: true}})
	}
	ran := false
	for _, v := range variants {
		if c.gormQuery(st, flattenScopes(v), fin, args) {
			ran = true
		}
	}
	if !ran {
		return nil
	}
	slices.Sort(st.sqls)
	st.sqls = slices.Compact(st.sqls)
	return st
}

// rawSQL records SQL written by hand for gorm (Raw, Exec), with its ? placeholders bound.
func (c *checker) rawSQL(st *querySite, sqlArg, args ssa.Value) {
	rest, known := varargs(args)
	tmp := &querySite{}
	c.sqlOf(tmp, sqlArg, 0)
	bind := func(s string) string {
		n := len(rest)
		if !known {
			n = strings.Count(s, "?")
		}
		q := &querymodel.Query{}
		return q.Bind(s, n)
	}
	for _, s := range tmp.sqls {
		st.sqls = append(st.sqls, bind(s))
	}
	for _, s := range tmp.partial {
		st.partial = append(st.partial, bind(s))
	}
	st.dynamic = st.dynamic || tmp.dynamic
}

// flattenScopes moves the steps of Scopes to the end of the chain, where gorm runs them (when
// the statement executes, after every chain method and the finisher's inline conditions).
func flattenScopes(steps []GormStep) [][]GormStep {
	var own []GormStep
	var scopes [][][]GormStep
	for _, s := range steps {
		if s.Kind == "scope" {
			scopes = append(scopes, s.Scope)
			continue
		}
		if s.Kind == "newdb" {
			own, scopes = nil, nil
			continue
		}
		own = append(own, s)
	}
	out := [][]GormStep{own}
	for _, sc := range scopes {
		var vs [][]GormStep
		for _, v := range sc {
			vs = append(vs, flattenScopes(v)...)
		}
		var next [][]GormStep
		for _, o := range out {
			for _, v := range vs {
				next = append(next, append(append(slices.Clip(o), GormStep{Kind: "scope-start"}), v...))
			}
		}
		out = capVariants(next)
	}
	return out
}

// gormQuery renders one variant of a chain finished by fin into the site's SQL. It reports
// false when gorm would not send the statement (an UPDATE or DELETE without conditions is
// refused with ErrMissingWhereClause).
func (c *checker) gormQuery(st *querySite, variants [][]GormStep, fin knownapi.GormFinisher, args []ssa.Value) bool {
	ran := false
	for _, steps := range variants {
		if c.gormVariant(st, steps, fin, args) {
			ran = true
		}
	}
	return ran
}

func (c *checker) gormVariant(st *querySite, steps []GormStep, fin knownapi.GormFinisher, args []ssa.Value) bool {
	q := &querymodel.Query{}
	var model *types.Named
	var dest ssa.Value
	if fin.DestArg >= 0 && fin.DestArg < len(args) {
		dest = taint.Concrete(args[fin.DestArg])
		model = gormModel(dest.Type())
	}
	table, modelTable, modelPK, pkCol := "", "", false, gormPK(model)
	var conds, scoped []GormStep
	inScopes := false
	var raw *GormStep
	var joins []GormStep // association joins, resolved once the model is known
	modelType := ""
	for i := range steps {
		s := steps[i]
		switch s.Kind {
		case "scope-start":
			inScopes = true
		case "where", "or", "not":
			if inScopes {
				scoped = append(scoped, s)
			} else {
				conds = append(conds, s)
			}
		case "table":
			if s.Dynamic {
				table, q.Dynamic = querymodel.DynamicName, true
			} else {
				table = s.Table
			}
		case "model":
			modelTable, modelPK, modelType = s.Table, s.PK, s.Type
			if len(s.Cols) > 0 {
				pkCol = s.Cols[0]
			}
		case "joins":
			if s.Assoc != "" && !s.Dynamic {
				joins = append(joins, s)
				continue
			}
			if s.Dynamic {
				q.Dynamic = true
				continue
			}
			n := s.NArgs
			if n < 0 {
				n = strings.Count(s.SQL, "?")
			}
			q.Joins = append(q.Joins, q.Bind(s.SQL, n))
		case "raw":
			raw = &steps[i]
		}
	}
	if raw != nil && (fin.Op == knownapi.GormSelect) {
		if raw.Dynamic {
			st.dynamic = true
			return true
		}
		n := raw.NArgs
		if n < 0 {
			n = strings.Count(raw.SQL, "?")
		}
		st.sqls = append(st.sqls, q.Bind(raw.SQL, n))
		return true
	}
	switch {
	case table != "":
	case modelTable != "":
		table = modelTable
	case model != nil:
		table = c.gormTable(model)
	}
	q.Table = table
	if table == "" {
		st.noSQL = true
		return true
	}
	if len(joins) > 0 {
		// The model whose associations are joined: Model's, else the destination's.
		base := c.gormTypes[modelType]
		if base == nil || c.gormTable(base) != table {
			base = model
		}
		if base != nil && c.gormTable(base) != table {
			base = nil
		}
		for _, j := range joins {
			sql, ok := c.gormAssocJoin(q, base, j)
			if !ok {
				// Not an association of a model known here: gorm writes the name as SQL.
				q.Dynamic = true
				continue
			}
			q.Joins = append(q.Joins, sql)
		}
	}
	// Inline conditions: First(&m, id), Find(&ms, "title = ?", t), Delete(&M{}, id).
	if fin.CondArg >= 0 && fin.CondArg < len(args) {
		if rest, ok := varargs(args[fin.CondArg]); ok && len(rest) > 0 {
			if s, ok := c.gormCond("where", rest[0], rest[1:], true, model); ok {
				conds = append(conds, s)
			}
		} else if !ok {
			conds = append(conds, GormStep{Kind: "where", Dynamic: true})
		}
	}
	conds = append(conds, scoped...)
	op := fin.Op
	switch op {
	case knownapi.GormInsert, knownapi.GormSave:
		fields, ok := structFields(dest)
		if op == knownapi.GormSave && (!ok || hasPK(model, fields)) {
			op = knownapi.GormUpdate
			conds = append(conds, GormStep{Kind: "where", PK: true, Cols: []string{pkCol}})
			break
		}
		q.Op = querymodel.Insert
		q.Sets = insertColumns(model, fields, ok)
		st.sqls = append(st.sqls, q.SQL())
		return true
	}
	switch op {
	case knownapi.GormUpdate:
		q.Op = querymodel.Update
		if modelPK {
			conds = append(conds, GormStep{Kind: "where", PK: true, Cols: []string{pkCol}})
		}
	case knownapi.GormDelete:
		q.Op = querymodel.Delete
		fields, ok := structFields(dest)
		if !ok || hasPK(model, fields) {
			conds = append(conds, GormStep{Kind: "where", PK: true, Cols: []string{pkCol}})
		}
	default:
		q.Op = querymodel.Select
	}
	if (q.Op == querymodel.Update || q.Op == querymodel.Delete) && len(conds) == 0 {
		return false
	}
	if c.gormWhere(q, conds) && !q.Dynamic {
		// Only conditions are built at run time: the query is judged by the ones that are
		// known, and is one that could not be checked only if they do not confine it.
		if parsed, err := sqlquery.Analyze(q.SQL()); err != nil || len(parsed.Check(c.cat, settings.TenantColumns)) > 0 {
			q.Dynamic = true
		}
	}
	if q.Dynamic {
		st.dynamic = true
		st.partial = append(st.partial, q.SQL())
	} else {
		st.sqls = append(st.sqls, q.SQL())
	}
	return true
}

// insertColumns returns the columns an INSERT of a model sets: the fields of a struct built
// here with a possibly non-zero value (gorm and bun write the others as zero, which for the
// tenant column is no tenant), or, for a struct or slice filled elsewhere, every column.
func insertColumns(model *types.Named, fields []*types.Var, visible bool) []string {
	var out []string
	cols := gormFields(model)
	if !visible {
		for _, gf := range cols {
			out = append(out, gf.col)
		}
		slices.Sort(out)
		return out
	}
	for _, f := range fields {
		if gf, ok := cols[f]; ok {
			out = append(out, gf.col)
		}
	}
	return out
}

func hasPK(model *types.Named, fields []*types.Var) bool {
	if model == nil {
		return false
	}
	cols := gormFields(model)
	return slices.ContainsFunc(fields, func(f *types.Var) bool { return cols[f].pk })
}

// gormWhere adds conditions to q the way gorm's clause.Where builds them: joined by AND, a
// single Or joined by OR, a condition string holding AND or OR wrapped in parentheses when
// there are several, and the first condition that is not an Or moved to the front. A group
// (Where(db.Where(...))) is written in parentheses as one condition, or, when it is the only
// one, unwrapped into the list.
func (c *checker) gormWhere(q *querymodel.Query, conds []GormStep) (dynamic bool) {
	for len(conds) == 1 && conds[0].Kind == "where" && conds[0].Group != nil {
		conds = conds[0].Group
	}
	for i, s := range conds {
		if s.Kind != "or" {
			if i != 0 {
				conds = slices.Clone(conds)
				conds[0], conds[i] = conds[i], conds[0]
			}
			break
		}
	}
	out, dynamic := c.gormConds(q, q.Table, conds)
	for _, cond := range out {
		q.AddCond(cond)
	}
	return dynamic
}

// gormConds renders a list of conditions as gorm's buildExprs joins them (no reordering: only
// the top-level WHERE moves its first Or).
func (c *checker) gormConds(q *querymodel.Query, table string, conds []GormStep) (out []querymodel.Cond, dynamic bool) {
	for _, s := range conds {
		cond := querymodel.Cond{Not: s.Kind == "not"}
		if s.Kind == "or" {
			cond.Conj = querymodel.Or
		}
		switch {
		case s.Dynamic:
			// gorm writes a run-time string as it is, in parentheses when there are other
			// conditions and it holds AND or OR, so it cannot undo a top-level tenant
			// condition beside it.
			dynamic = true
			cond.SQL = querymodel.DynamicName
		case s.Group != nil:
			sub, dyn := c.gormConds(q, table, s.Group)
			dynamic = dynamic || dyn
			if len(sub) == 0 {
				continue
			}
			cond.SQL = querymodel.RenderConds(sub)
			up := strings.ToUpper(cond.SQL)
			cond.Paren = len(sub) > 1 || len(conds) > 1 && (strings.Contains(up, " AND ") || strings.Contains(up, " OR "))
		case s.SQL != "":
			n := s.NArgs
			if n < 0 {
				n = strings.Count(s.SQL, "?")
			}
			cond.SQL = q.Bind(s.SQL, n)
			up := strings.ToUpper(s.SQL)
			cond.Paren = len(conds) > 1 && (strings.Contains(up, " AND ") || strings.Contains(up, " OR "))
		default:
			var parts []string
			for _, col := range s.Cols {
				ref := `"` + col + `"`
				if !strings.Contains(col, ".") && table != querymodel.DynamicName {
					ref = `"` + table + `".` + ref
				} else if strings.Contains(col, ".") {
					ref = col
				}
				parts = append(parts, ref+" = "+q.Param())
			}
			if len(parts) == 0 {
				continue
			}
			cond.SQL = strings.Join(parts, " AND ")
			cond.Paren = len(parts) > 1
		}
		out = append(out, cond)
	}
	return out, dynamic
}

// gormAssocJoin renders Joins("Company") (or InnerJoins, or "Manager.Company" nested) on a
// query of base as gorm's query callback writes it: LEFT JOIN "companies" "Company" ON
// "users"."company_id" = "Company"."id", the ON clause extended by the conditions of a
// *gorm.DB argument (struct columns qualified by the alias). The relation is gorm's guess:
// has one (the field's model has a <Base>ID field), else belongs to (base has a <Field>ID
// field), a foreignKey tag naming the field; ok is false for a name that is no such
// association (gorm then writes it as SQL).
func (c *checker) gormAssocJoin(q *querymodel.Query, base *types.Named, j GormStep) (string, bool) {
	if base == nil {
		return "", false
	}
	kind := "LEFT JOIN"
	if j.Inner {
		kind = "INNER JOIN"
	}
	parent, parentAlias := base, q.Table
	var b strings.Builder
	names := strings.Split(j.Assoc, ".")
	alias := ""
	for i, name := range names {
		f, tag := gormStructField(parent, name)
		if f == nil {
			return "", false
		}
		if _, isSlice := types.Unalias(f.Type()).Underlying().(*types.Slice); isSlice {
			return "", false // has many: gorm joins only has one and belongs to
		}
		rel := gormModel(f.Type())
		if rel == nil {
			return "", false
		}
		if i == 0 {
			alias = name
		} else {
			alias += "__" + name
		}
		fk := gormTagValue(tag, "foreignkey")
		var on string
		if col, ok := gormColumnOf(rel, firstNonEmpty(fk, parent.Obj().Name()+gormPKField(parent))); ok {
			// has one: the associated row holds the parent's key.
			on = quoteRef(parentAlias, gormPK(parent)) + " = " + quoteRef(alias, col)
		} else if col, ok := gormColumnOf(parent, firstNonEmpty(fk, name+gormPKField(rel))); ok {
			// belongs to: the parent holds the associated row's key.
			on = quoteRef(parentAlias, col) + " = " + quoteRef(alias, gormPK(rel))
		} else {
			return "", false
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(kind + " " + quoteRef(c.gormTable(rel)) + " " + quoteRef(alias) + " ON " + on)
		if i == len(names)-1 && len(j.Group) > 0 {
			conds := j.Group
			for len(conds) == 1 && conds[0].Kind == "where" && conds[0].Group != nil {
				conds = conds[0].Group
			}
			for k, s := range conds {
				if s.Kind != "or" {
					if k != 0 {
						conds = slices.Clone(conds)
						conds[0], conds[k] = conds[k], conds[0]
					}
					break
				}
			}
			sub, dyn := c.gormConds(q, alias, conds)
			if dyn {
				q.Dynamic = true
			}
			if len(sub) > 0 {
				sql := querymodel.RenderConds(sub)
				up := strings.ToUpper(sql)
				if strings.Contains(up, " AND ") || strings.Contains(up, " OR ") {
					sql = "(" + sql + ")"
				}
				b.WriteString(" AND " + sql)
			}
		}
		parent, parentAlias = rel, alias
	}
	return b.String(), true
}

// gormStructField returns the field of a model named name (embedded structs flattened) and its
// gorm tag.
func gormStructField(n *types.Named, name string) (*types.Var, string) {
	var walk func(s *types.Struct, depth int) (*types.Var, string)
	walk = func(s *types.Struct, depth int) (*types.Var, string) {
		for i := 0; i < s.NumFields(); i++ {
			f := s.Field(i)
			tag := reflect.StructTag(s.Tag(i)).Get("gorm")
			if tag == "-" || !f.Exported() {
				continue
			}
			if f.Anonymous() && depth < 3 {
				if es, ok := f.Type().Underlying().(*types.Struct); ok {
					if v, t := walk(es, depth+1); v != nil {
						return v, t
					}
					continue
				}
			}
			if f.Name() == name {
				return f, tag
			}
		}
		return nil, ""
	}
	if s, ok := n.Underlying().(*types.Struct); ok {
		return walk(s, 0)
	}
	return nil, ""
}

// gormTagValue returns the value of a gorm tag option (case-insensitive key).
func gormTagValue(tag, key string) string {
	for _, opt := range strings.Split(tag, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(opt), ":")
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return ""
}

// gormColumnOf returns the column of a model's field named name.
func gormColumnOf(n *types.Named, name string) (string, bool) {
	f, _ := gormStructField(n, name)
	if f == nil {
		return "", false
	}
	gf, ok := gormFields(n)[f]
	return gf.col, ok
}

// gormPKField returns the Go name of a model's primary key field.
func gormPKField(n *types.Named) string {
	for f, gf := range gormFields(n) {
		if gf.pk {
			return f.Name()
		}
	}
	return "ID"
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// quoteRef quotes the parts of a reference: "table" or "alias"."column".
func quoteRef(parts ...string) string {
	for i, p := range parts {
		parts[i] = `"` + p + `"`
	}
	return strings.Join(parts, ".")
}
