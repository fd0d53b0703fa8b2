package sqlscope

import (
	"go/ast"
	"go/types"
	"maps"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/tenantvet/tenantvet/internal/knownapi"
	"github.com/tenantvet/tenantvet/internal/sqlquery"
)

// Without SQL migrations (gorm's AutoMigrate, bun models), the schema comes from the models: a
// model whose table has a tenant column is tenant-owned, the others are global. The models are
// the ones a package migrates with gorm's AutoMigrate and the bun models (structs embedding
// bun.BaseModel) it declares, and the entity packages ent generates (Table and Field
// constants); a package fact carries them to the packages that import it. The gorm models a
// package's statements name are its schema too, for that package only (the package that
// migrates them, often main, is analysed after it and exports them).
// -tenant-tables and -global-tables still apply on top, and SQL migrations or a schema win
// when configured.

// modelsFact lists the tables of a package's models and the ones its imports relay, sorted by
// name (a slice, not a map: facts must encode deterministically).
type modelsFact struct {
	Tables []ModelTable
}

// ModelTable is one table of a modelsFact and its tenant column ("" for a global table).
type ModelTable struct{ Name, TenantColumn string }

func (*modelsFact) AFact() {}

func (f *modelsFact) String() string {
	var parts []string
	for _, t := range f.Tables {
		if t.TenantColumn != "" {
			parts = append(parts, t.Name+"("+t.TenantColumn+")")
		} else {
			parts = append(parts, t.Name)
		}
	}
	return "models:" + strings.Join(parts, ",")
}

// exportModels exports the package's models.
func (c *checker) exportModels() {
	tables := map[string]string{}
	add := func(table string, cols []string) {
		col := ""
		for _, tc := range settings.TenantColumns {
			if slices.Contains(cols, tc) {
				col = tc
			}
		}
		tables[table] = col
	}
	importsGorm := slices.ContainsFunc(c.pass.Pkg.Imports(), func(p *types.Package) bool { return knownapi.PkgPath(p) == knownapi.PkgGorm })
	importsBun := slices.ContainsFunc(c.pass.Pkg.Imports(), func(p *types.Package) bool { return knownapi.PkgPath(p) == knownapi.PkgBun })
	if importsBun {
		for _, obj := range c.pass.TypesInfo.Defs {
			tn, ok := obj.(*types.TypeName)
			if !ok || tn.IsAlias() {
				continue
			}
			n, ok := tn.Type().(*types.Named)
			if !ok || !embedsBunBaseModel(n) {
				continue
			}
			table, _ := bunModel(n)
			cols, _ := bunColumns(n)
			add(table, slices.Collect(maps.Values(cols)))
		}
	}
	// used: the models this package's gorm statements name (their own schema, for this
	// package only: the package that migrates them exports them).
	used := map[string]string{}
	if importsGorm {
		insp := c.pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		insp.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(node ast.Node) {
			call := node.(*ast.CallExpr)
			fn := knownapi.Callee(c.pass.TypesInfo, call)
			if fn == nil || fn.Pkg() == nil || knownapi.PkgPath(fn.Pkg()) != knownapi.PkgGorm {
				return
			}
			if fn.Name() != "AutoMigrate" {
				for table, col := range c.gormUsedModels(fn, call) {
					if used[table] == "" {
						used[table] = col
					}
				}
				return
			}
			for _, a := range call.Args {
				n := gormModel(c.pass.TypesInfo.TypeOf(a))
				if n == nil {
					continue
				}
				var cols []string
				for _, f := range gormFields(n) {
					cols = append(cols, f.col)
				}
				add(c.gormTable(n), cols)
			}
		})
	}
	if table, cols, ok := entModel(c.pass.Pkg); ok {
		add(table, cols)
	}
	// The fact relays the models of the imports too: go vet's unit driver decodes a package
	// fact only for packages visible in the type graph, and an entity package (ent/task)
	// behind the generated client, or a models package imported by a repository, often is
	// not visible from the package that queries.
	relayed := c.importedModels()
	maps.Copy(relayed, tables)
	if len(relayed) > 0 {
		f := &modelsFact{}
		for _, t := range slices.Sorted(maps.Keys(relayed)) {
			f.Tables = append(f.Tables, ModelTable{t, relayed[t]})
		}
		c.pass.ExportPackageFact(f)
	}
	for table, col := range tables {
		if used[table] == "" {
			used[table] = col
		}
	}
	if len(used) > 0 {
		c.models = used
	}
}

// gormUsedModels returns the tables (and tenant columns) of the models a *gorm.DB method call
// names: Model's argument, a finisher's destination (not Scan's or Pluck's, often a struct of
// results), a struct condition. Only a struct with a primary key field counts as a model.
func (c *checker) gormUsedModels(fn *types.Func, call *ast.CallExpr) map[string]string {
	sig := fn.Type().(*types.Signature)
	if sig.Recv() == nil || !isGormDB(sig.Recv().Type()) {
		return nil
	}
	arg := -1
	switch name := fn.Name(); name {
	case "Model", "Where", "Or", "Not":
		arg = 0
	case "Scan", "Pluck":
	default:
		if fin, ok := knownapi.GormFinishers[name]; ok {
			arg = fin.DestArg
		}
	}
	if arg < 0 || arg >= len(call.Args) {
		return nil
	}
	n := gormModel(c.pass.TypesInfo.TypeOf(call.Args[arg]))
	if n == nil || isGormDB(types.NewPointer(n)) {
		return nil
	}
	fields := gormFields(n)
	var cols []string
	pk := false
	for _, f := range fields {
		cols = append(cols, f.col)
		pk = pk || f.pk
	}
	if !pk {
		return nil
	}
	col := ""
	for _, tc := range settings.TenantColumns {
		if slices.Contains(cols, tc) {
			col = tc
		}
	}
	return map[string]string{c.gormTable(n): col}
}

func embedsBunBaseModel(n *types.Named) bool {
	s, ok := n.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < s.NumFields(); i++ {
		if f := s.Field(i); f.Anonymous() && knownapi.IsNamed(f.Type(), knownapi.PkgBun+"/schema", "BaseModel") {
			return true
		}
	}
	return false
}

// modelCatalog returns the schema the models of this package and its dependencies describe,
// or nil when there are none.
func (c *checker) modelCatalog() sqlquery.Catalog {
	tables := c.importedModels()
	maps.Copy(tables, c.models)
	if len(tables) == 0 {
		return nil
	}
	return overlay{models(tables), settings}
}

// importedModels returns the models the direct imports' modelsFacts carry (theirs and the
// ones they relay).
func (c *checker) importedModels() map[string]string {
	tables := map[string]string{}
	for _, imp := range c.pass.Pkg.Imports() {
		var mf modelsFact
		if c.pass.ImportPackageFact(imp, &mf) {
			for _, t := range mf.Tables {
				tables[t.Name] = t.TenantColumn
			}
		}
	}
	return tables
}

// models is a schema made of models. Nothing is known of row level security: HasRLS is false
// (so auto mode checks filters), and every table counts as protected once a scope is used, so
// scope mode (chosen with -mode=scope) asks no filter inside scopes.
type models map[string]string

func (m models) TenantColumn(t string) (string, bool) {
	col, ok := m[t]
	return col, ok && col != ""
}
func (m models) IsGlobal(t string) bool {
	col, ok := m[t]
	return ok && col == ""
}
func (m models) Known(t string) bool       { _, ok := m[t]; return ok }
func (m models) HasRLS() bool              { return false }
func (m models) TableHasRLS(t string) bool { return true }
func (m models) RLSEnabled(t string) bool  { return true }

// TenantParents: models declare no foreign keys, so no table is a child table.
func (m models) TenantParents(string) []sqlquery.Parent { return nil }

// entModel reads the table and columns of an entity package ent generated (ent/project): its
// Table constant, its Field constants and an ID predicate function returning the entity's
// predicate type (a func(*sql.Selector)).
func entModel(pkg *types.Package) (table string, cols []string, ok bool) {
	table, ok = entConst(pkg, "Table")
	if !ok {
		return "", nil, false
	}
	id, isFunc := pkg.Scope().Lookup("ID").(*types.Func)
	if !isFunc {
		return "", nil, false
	}
	res := id.Type().(*types.Signature).Results()
	if res.Len() != 1 || !entSelector(res.At(0).Type()) {
		return "", nil, false
	}
	for _, name := range pkg.Scope().Names() {
		if strings.HasPrefix(name, "Field") {
			if col, ok := entConst(pkg, name); ok {
				cols = append(cols, col)
			}
		}
	}
	return table, cols, true
}
