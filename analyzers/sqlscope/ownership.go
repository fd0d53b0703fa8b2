package sqlscope

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/tenantvet/tenantvet/internal/sqlquery"
)

// An object fetched by id alone is confined to the tenant when the function checks its owner
// right after the fetch and leaves on a mismatch:
//
//	n, err := s.q.GetNote(ctx, id)
//	if n.TenantID != tenantID {
//		return Note{}, ErrNotFound
//	}
//
// The row of another tenant is read but never returned or used, which is the filter's effect
// for a SELECT. An UPDATE or DELETE has already changed the row by then and is still reported.

// ownershipChecked reports whether problem p of a query site is an unfiltered SELECT whose
// result the enclosing function checks against a tenant: after the query, an if comparing a
// struct field named for the table's tenant column (TenantID for tenant_id) of a local variable
// with a value that is not a constant, whose body ends by returning.
func (c *checker) ownershipChecked(st *querySite, q *sqlquery.Query, p sqlquery.Problem) bool {
	if p.Kind != sqlquery.Unfiltered || p.Parent != nil || st.instr == nil {
		return false
	}
	stmts := q.Stmts()
	if p.Statement >= len(stmts) || stmts[p.Statement].GetStmt().GetSelectStmt() == nil {
		return false
	}
	decl, ok := root(st.fn).Syntax().(*ast.FuncDecl)
	if !ok || decl.Body == nil {
		return false
	}
	col := normName(p.Column)
	after := st.instr.Pos()
	found := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if found {
			return false
		}
		ifs, ok := n.(*ast.IfStmt)
		if !ok || ifs.Pos() < after || !leaves(ifs.Body) {
			return true
		}
		if c.comparesOwner(ifs.Cond, col) {
			found = true
		}
		return !found
	})
	return found
}

// comparesOwner reports whether cond is (or has as an operand of ||) x.F != v with F the
// tenant column's field, x a local variable and v not a constant.
func (c *checker) comparesOwner(cond ast.Expr, col string) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	switch b.Op {
	case token.LOR:
		return c.comparesOwner(b.X, col) || c.comparesOwner(b.Y, col)
	case token.NEQ:
		return c.ownerField(b.X, col) && c.notConst(b.Y) || c.ownerField(b.Y, col) && c.notConst(b.X)
	}
	return false
}

func (c *checker) ownerField(e ast.Expr, col string) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok || normName(sel.Sel.Name) != col {
		return false
	}
	s, ok := c.pass.TypesInfo.Selections[sel]
	if !ok || s.Kind() != types.FieldVal {
		return false
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	return ok && v.Kind() == types.LocalVar
}

func (c *checker) notConst(e ast.Expr) bool {
	tv, ok := c.pass.TypesInfo.Types[e]
	return ok && tv.Value == nil && !tv.IsNil()
}

// leaves reports whether a block ends by leaving the function.
func leaves(b *ast.BlockStmt) bool {
	if b == nil || len(b.List) == 0 {
		return false
	}
	switch last := b.List[len(b.List)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.ExprStmt:
		call, ok := last.X.(*ast.CallExpr)
		if id, isID := call.Fun.(*ast.Ident); ok && isID && id.Name == "panic" {
			return true
		}
	}
	return false
}

// normName folds a column or field name for comparison: tenant_id, TenantID and tenantId meet.
func normName(s string) string {
	return strings.ToLower(strings.ReplaceAll(s, "_", ""))
}
