package sqlscope

import (
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/taint"
)

// Many-to-many edges. ent keeps an M2M edge in a join table: the entity package names it
// (<Edge>Table = "task_labels") and its two columns in a variable, not a constant
// (<Edge>PrimaryKey = []string{"task_id", "label_id"}, the owner's column first), and the
// edge's step says which of them holds the entity's own id:
//
//	sqlgraph.Edge(sqlgraph.M2M, inverse, LabelsTable, LabelsPrimaryKey...)
//
// (the first column on the owner's side, the second on the inverse side). The types do not
// hold the variable's value, so the entity package's pass reads it, and the step, from its
// SSA and exports them as an entM2MFact on the variable.

// entM2MFact describes the join table of a many-to-many edge from the entity whose package
// declares the variable: From holds the entity's id, To the neighbour's.
type entM2MFact struct {
	Table, From, To string
}

func (*entM2MFact) AFact() {}

func (f *entM2MFact) String() string { return "entM2M:" + f.Table + "(" + f.From + "," + f.To + ")" }

// exportEntM2M exports entM2MFacts for the M2M steps the package's functions build.
func (c *checker) exportEntM2M(pkg *ssa.Package, funcs []*ssa.Function) {
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				callee := taint.Callee(&call.Call)
				if callee == nil || callee.Pkg() == nil || callee.Name() != "Edge" || knownapi.PkgPath(callee.Pkg()) != knownapi.PkgEntSQL+"/sqlgraph" {
					continue
				}
				c.exportEntM2MStep(pkg, callee.Pkg(), call.Call.Args)
				c.exportEntSelfEdge(fn, callee.Pkg(), call.Call.Args)
			}
		}
	}
}

// exportEntM2MStep reads sqlgraph.Edge(rel, inverse, table, columns...) and, for M2M with the
// columns of a variable of this package, exports the fact on it.
func (c *checker) exportEntM2MStep(pkg *ssa.Package, sqlgraph *types.Package, args []ssa.Value) {
	if len(args) != 4 {
		return
	}
	m2m, ok := sqlgraph.Scope().Lookup("M2M").(*types.Const)
	rel, ok1 := args[0].(*ssa.Const)
	inv, ok2 := args[1].(*ssa.Const)
	table, ok3 := taint.ConstString(args[2])
	if !ok || !ok1 || !ok2 || !ok3 || rel.Value == nil || inv.Value == nil || !constant.Compare(rel.Value, token.EQL, m2m.Val()) {
		return
	}
	load, ok := args[3].(*ssa.UnOp)
	if !ok {
		return
	}
	g, ok := load.X.(*ssa.Global)
	if !ok || g.Pkg != pkg {
		return
	}
	cols := entGlobalStrings(pkg, g)
	if len(cols) != 2 {
		return
	}
	f := &entM2MFact{Table: table, From: cols[0], To: cols[1]}
	if constant.BoolVal(inv.Value) {
		f.From, f.To = cols[1], cols[0]
	}
	if v, ok := g.Object().(*types.Var); ok {
		c.pass.ExportObjectFact(v, f)
	}
}

// exportEntSelfEdge reads the step of an edge from an entity to itself over a key
// (sqlgraph.Edge(sqlgraph.O2M, false, ChildrenTable, ChildrenColumn) in newChildrenStep, with
// ChildrenTable the entity's own Table and no ChildrenInverseTable): which column of the
// neighbour rows matches which of the parent rows is in the relation, not the constants, so
// it is exported as an entM2MFact on the <Edge>Table constant: From the neighbour's column,
// To the parent's (the key and the id, or the id and the key).
func (c *checker) exportEntSelfEdge(fn *ssa.Function, sqlgraph *types.Package, args []ssa.Value) {
	edge, ok := strings.CutPrefix(fn.Name(), "new")
	if edge, ok = strings.CutSuffix(edge, "Step"); !ok || edge == "" || len(args) != 4 {
		return
	}
	p := c.pass.Pkg
	rel, ok1 := args[0].(*ssa.Const)
	inv, ok2 := args[1].(*ssa.Const)
	if !ok1 || !ok2 || rel.Value == nil || inv.Value == nil {
		return
	}
	table, _ := entConst(p, "Table")
	k, ok := p.Scope().Lookup(edge + "Table").(*types.Const)
	if !ok || k.Val().Kind() != constant.String || constant.StringVal(k.Val()) != table {
		return
	}
	if _, ok := entConst(p, edge+"InverseTable"); ok {
		return
	}
	col, ok := entConst(p, edge+"Column")
	if !ok {
		return
	}
	id, ok := entConst(p, "FieldID")
	if !ok {
		id = "id"
	}
	is := func(name string) bool {
		r, ok := sqlgraph.Scope().Lookup(name).(*types.Const)
		return ok && constant.Compare(rel.Value, token.EQL, r.Val())
	}
	f := &entM2MFact{Table: table}
	switch {
	case is("O2M"), is("O2O") && !constant.BoolVal(inv.Value):
		f.From, f.To = col, id // the children's key is the parent's id
	case is("M2O"), is("O2O"):
		f.From, f.To = id, col // the parent's key is the neighbour's id
	default:
		return
	}
	c.pass.ExportObjectFact(k, f)
}

// entSelfEdge returns the columns of a self-edge of b's entity: the neighbour's, the parent's.
func (c *checker) entSelfEdge(b *entBuilder, edge string) (*entM2MFact, bool) {
	k, ok := b.entity.Scope().Lookup(edge + "Table").(*types.Const)
	if !ok {
		return nil, false
	}
	if f, ok := c.entSyntheticM2M[k]; ok {
		return f, true
	}
	f := new(entM2MFact)
	if !c.pass.ImportObjectFact(k, f) {
		return nil, false
	}
	return f, true
}

// entGlobalStrings returns the constant elements of the []string literal a package variable is
// initialised with, or nil.
func entGlobalStrings(pkg *ssa.Package, g *ssa.Global) []string {
	init := pkg.Func("init")
	if init == nil {
		return nil
	}
	for _, b := range init.Blocks {
		for _, instr := range b.Instrs {
			st, ok := instr.(*ssa.Store)
			if !ok || st.Addr != g {
				continue
			}
			sl, ok := st.Val.(*ssa.Slice)
			if !ok {
				return nil
			}
			vals, ok := varargs(sl)
			if !ok {
				return nil
			}
			out := make([]string, len(vals))
			for i, v := range vals {
				s, ok := taint.ConstString(v)
				if !ok {
					return nil
				}
				out[i] = s
			}
			return out
		}
	}
	return nil
}

// entM2M returns the join table of an M2M edge of b's entity, from the fact on its
// <Edge>PrimaryKey variable.
func (c *checker) entM2M(b *entBuilder, edge string) (*entM2MFact, bool) {
	v, ok := b.entity.Scope().Lookup(edge + "PrimaryKey").(*types.Var)
	if !ok {
		return nil, false
	}
	if f, ok := c.entSyntheticM2M[v]; ok {
		return f, true // an entity package rebuilt from the client's entEntitiesFact
	}
	f := new(entM2MFact)
	if !c.pass.ImportObjectFact(v, f) {
		return nil, false
	}
	return f, true
}
