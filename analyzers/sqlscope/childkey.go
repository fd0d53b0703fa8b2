package sqlscope

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/sqlquery"
	"github.com/tenantvet/tenantvet/internal/taint"
)

// A child table's query that filters by the parent's key alone is confined when the key is one
// the function read, earlier, from a row of the parent fetched under the tenant filter:
//
//	var postID string
//	pool.QueryRow(ctx, "SELECT id FROM posts WHERE tenant_id = $1 AND id = $2", tenantID, id).Scan(&postID)
//	pool.Query(ctx, "SELECT body FROM comments WHERE post_id = $1", postID)
//
// The value is followed by SSA: the placeholder's argument is a load of a local variable (or
// of a field of one) that a Scan of that row wrote, in the column the parent's SELECT lists
// the referenced key, and nothing assigns it after the Scan.

// keyFromParentRow reports whether child problem p of a query API call is confined that way.
func (c *checker) keyFromParentRow(st *querySite, p sqlquery.Problem) bool {
	if p.Parent == nil || len(p.KeyParams) == 0 || st.api == nil || st.instr == nil || st.api.SQLArg < 0 {
		return false
	}
	cc := st.instr.Common()
	args := callArgs(cc)
	if !cc.Signature().Variadic() || st.api.SQLArg+1 != len(args)-1 {
		return false
	}
	vals, _ := varargs(args[len(args)-1])
	for _, n := range p.KeyParams {
		if n >= 1 && n <= len(vals) && vals[n-1] != nil && c.scannedParentKey(st, vals[n-1], *p.Parent) {
			return true
		}
	}
	return false
}

// callArgs returns a call's arguments without the receiver of a static method call.
func callArgs(cc *ssa.CallCommon) []ssa.Value {
	if !cc.IsInvoke() && cc.Signature().Recv() != nil && len(cc.Args) > 0 {
		return cc.Args[1:]
	}
	return cc.Args
}

// varAddr identifies a local variable, or one field of a local struct variable.
type varAddr struct {
	alloc *ssa.Alloc
	field int // -1 for the variable itself
}

func addrOf(v ssa.Value) (varAddr, bool) {
	switch x := v.(type) {
	case *ssa.Alloc:
		return varAddr{x, -1}, true
	case *ssa.FieldAddr:
		if a, ok := x.X.(*ssa.Alloc); ok {
			return varAddr{a, x.Field}, true
		}
	}
	return varAddr{}, false
}

// scannedParentKey reports whether v, bound to the child's key at st, was scanned before st,
// in st's function, from the parent's key column of a row read under the tenant filter, and
// not assigned after that.
func (c *checker) scannedParentKey(st *querySite, v ssa.Value, par sqlquery.Parent) bool {
	load, ok := taint.Concrete(v).(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return false
	}
	addr, ok := addrOf(load.X)
	if !ok {
		return false
	}
	fn := st.instr.Parent()
	scanned := token.NoPos
	var stores []token.Pos
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch x := instr.(type) {
			case *ssa.Store:
				if a, ok := addrOf(x.Addr); ok && a == addr {
					stores = append(stores, x.Pos())
				}
			case ssa.CallInstruction:
				if x.Pos() < st.instr.Pos() && x.Pos() > scanned && c.scansParentKey(st, x, addr, par) {
					scanned = x.Pos()
				}
			}
		}
	}
	if !scanned.IsValid() {
		return false
	}
	for _, p := range stores {
		if !p.IsValid() || p > scanned {
			return false // assigned after the Scan, or where the position is unknown
		}
	}
	return true
}

// scansParentKey reports whether call is Row.Scan or Rows.Scan (pgx, database/sql) writing
// addr in column k of a row of a query that ReadsParentKey column k.
func (c *checker) scansParentKey(st *querySite, call ssa.CallInstruction, addr varAddr, par sqlquery.Parent) bool {
	cc := call.Common()
	var recv ssa.Value
	switch {
	case cc.IsInvoke() && cc.Method.Name() == "Scan":
		recv = cc.Value
	case !cc.IsInvoke() && cc.StaticCallee() != nil && cc.StaticCallee().Name() == "Scan" && cc.Signature().Recv() != nil && len(cc.Args) > 0:
		recv = cc.Args[0]
	default:
		return false
	}
	t := recv.Type()
	if !knownapi.IsNamed(t, knownapi.PkgPgx, "Row") && !knownapi.IsNamed(t, knownapi.PkgPgx, "Rows") &&
		!knownapi.IsNamed(t, knownapi.PkgDatabaseSQL, "Row") && !knownapi.IsNamed(t, knownapi.PkgDatabaseSQL, "Rows") {
		return false
	}
	args := callArgs(cc)
	if len(args) == 0 {
		return false
	}
	dests, _ := varargs(args[len(args)-1])
	col := -1
	for k, d := range dests {
		if d == nil {
			continue
		}
		if a, ok := addrOf(taint.Concrete(d)); ok && a == addr {
			col = k
		}
	}
	if col < 0 {
		return false
	}
	recv = taint.Concrete(recv)
	if e, ok := recv.(*ssa.Extract); ok && e.Index == 0 {
		recv = e.Tuple // rows, err := db.QueryContext(...)
	}
	row, ok := recv.(*ssa.Call)
	if !ok {
		return false
	}
	for _, s := range c.summarize(root(st.fn)).sites {
		if s.instr != row || len(s.sqls) != 1 || s.dynamic || s.noSQL {
			continue
		}
		q, err := sqlquery.Analyze(s.sqls[0])
		return err == nil && q.ReadsParentKey(c.cat, settings.TenantColumns, par, col)
	}
	return false
}
