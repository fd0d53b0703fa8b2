package sqlscope

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"
)

// entSchemasFact is a package fact that relays, to the packages importing this one, the
// entFilterFacts of the ent schemas this package depends on: its own and those its imports
// relay. The schema package is usually reached only through the blank import of the generated
// ent/runtime, and go vet's unit driver decodes an object fact only when the object's package
// is visible in the type graph of the package analysed, which a blank import's export data
// does not make it. A direct import's package facts are always decoded, so each package
// relays what it saw, and every driver sees the same schemas.
type entSchemasFact struct {
	Schemas []EntSchemaFilter // sorted by package and name
}

// EntSchemaFilter is one ent schema's entFilterFact, named by its package and type name.
type EntSchemaFilter struct {
	Pkg, Name       string
	Query, Mutation []string
}

func (*entSchemasFact) AFact() {}

func (f *entSchemasFact) String() string {
	var parts []string
	for _, s := range f.Schemas {
		parts = append(parts, s.Name+"="+(&entFilterFact{Query: s.Query, Mutation: s.Mutation}).String())
	}
	return "entSchemas:" + strings.Join(parts, ";")
}

// relayEntSchemas gathers the schemas this package declares (exportEntFilters has exported
// their facts) and those its direct imports relay, keeps them for entSchemaFilters, and
// relays them in turn.
func (c *checker) relayEntSchemas() {
	var all []EntSchemaFilter
	for _, imp := range c.pass.Pkg.Imports() {
		var f entSchemasFact
		if c.pass.ImportPackageFact(imp, &f) {
			all = append(all, f.Schemas...)
		}
	}
	all = append(all, c.entOwnSchemas...)
	if len(all) == 0 {
		return
	}
	slices.SortFunc(all, func(a, b EntSchemaFilter) int {
		return strings.Compare(a.Pkg+"."+a.Name, b.Pkg+"."+b.Name)
	})
	all = slices.CompactFunc(all, func(a, b EntSchemaFilter) bool { return a.Pkg == b.Pkg && a.Name == b.Name })
	c.entSchemas = map[string][]EntSchemaFilter{}
	for _, s := range all {
		c.entSchemas[s.Name] = append(c.entSchemas[s.Name], s)
	}
	c.pass.ExportPackageFact(&entSchemasFact{Schemas: all})
}

// entEntitiesFact is exported for a generated ent client package: the string constants of the
// entity packages it imports (Table, Field*, the edges' *Table, *Column, *InverseTable), with
// the predicate type each one's ID function returns. A package that builds a statement on an
// entity whose package it does not import itself (client.Task.Create() without importing
// ent/task) finds the entity there when the client was loaded from export data, as under go
// vet, whose export data lists only the imports the client's API names.
type entEntitiesFact struct {
	Entities []EntEntity // sorted by path
}

// EntEntity is one entity package of an entEntitiesFact.
type EntEntity struct {
	Path, Name string
	PredPkg    string // the predicate type's package and name
	PredName   string
	Consts     []EntConst // sorted by name
	M2M        []EntM2M   // the many-to-many edges' join tables, sorted by variable
	Self       []EntM2M   `json:",omitempty"` // the self-edges' keys, by <Edge>Table constant
}

// EntM2M is the entM2MFact of an entity package's <Edge>PrimaryKey variable.
type EntM2M struct {
	Var             string
	Table, From, To string
}

// EntConst is one string constant of an entity package.
type EntConst struct{ Name, Value string }

func (*entEntitiesFact) AFact() {}

func (f *entEntitiesFact) String() string {
	var parts []string
	for _, e := range f.Entities {
		parts = append(parts, fmt.Sprintf("%s(%d)", e.Name, len(e.Consts)))
	}
	return "entEntities:" + strings.Join(parts, ",")
}

// exportEntEntities exports the entEntitiesFact of a generated ent client package.
func (c *checker) exportEntEntities() {
	var f entEntitiesFact
	for _, p := range c.pass.Pkg.Imports() {
		if _, ok := entConst(p, "Table"); !ok {
			continue
		}
		id, ok := p.Scope().Lookup("ID").(*types.Func)
		if !ok {
			continue
		}
		res := id.Type().(*types.Signature).Results()
		if res.Len() != 1 {
			continue
		}
		pred, ok := types.Unalias(res.At(0).Type()).(*types.Named)
		if !ok || pred.Obj().Pkg() == nil {
			continue
		}
		e := EntEntity{Path: p.Path(), Name: p.Name(), PredPkg: pred.Obj().Pkg().Path(), PredName: pred.Obj().Name()}
		for _, name := range p.Scope().Names() {
			if v, ok := entConst(p, name); ok {
				e.Consts = append(e.Consts, EntConst{name, v})
			}
			if k, ok := p.Scope().Lookup(name).(*types.Const); ok && strings.HasSuffix(name, "Table") {
				var m entM2MFact
				if c.pass.ImportObjectFact(k, &m) {
					e.Self = append(e.Self, EntM2M{name, m.Table, m.From, m.To})
				}
			}
			if v, ok := p.Scope().Lookup(name).(*types.Var); ok && strings.HasSuffix(name, "PrimaryKey") {
				var m entM2MFact
				if c.pass.ImportObjectFact(v, &m) {
					e.M2M = append(e.M2M, EntM2M{name, m.Table, m.From, m.To})
				}
			}
		}
		f.Entities = append(f.Entities, e)
	}
	if len(f.Entities) > 0 {
		slices.SortFunc(f.Entities, func(a, b EntEntity) int { return strings.Compare(a.Path, b.Path) })
		c.pass.ExportPackageFact(&f)
	}
}

// entEntityFromFact returns the entity package of pred as the generated package's
// entEntitiesFact describes it: a package holding the entity's string constants, its ID
// function and its many-to-many edges' <Edge>PrimaryKey variables (their join tables in
// entSyntheticM2M), which is what the recogniser reads of an entity package it did not see (it calls
// none of its predicates: those would have made the application import it). Nil when the fact
// does not name it.
func (c *checker) entEntityFromFact(gen *types.Package, pred types.Type) *types.Package {
	n, ok := types.Unalias(pred).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return nil
	}
	if c.entSynthetic == nil {
		c.entSynthetic = map[string]*types.Package{}
	}
	var f entEntitiesFact
	if !c.pass.ImportPackageFact(gen, &f) {
		return nil
	}
	for _, e := range f.Entities {
		if e.PredPkg != n.Obj().Pkg().Path() || e.PredName != n.Obj().Name() {
			continue
		}
		if p, ok := c.entSynthetic[e.Path]; ok {
			return p
		}
		p := types.NewPackage(e.Path, e.Name)
		for _, k := range e.Consts {
			p.Scope().Insert(types.NewConst(token.NoPos, p, k.Name, types.Typ[types.UntypedString], constant.MakeString(k.Value)))
		}
		for _, m := range e.M2M {
			v := types.NewVar(token.NoPos, p, m.Var, types.NewSlice(types.Typ[types.String]))
			p.Scope().Insert(v)
			if c.entSyntheticM2M == nil {
				c.entSyntheticM2M = map[types.Object]*entM2MFact{}
			}
			c.entSyntheticM2M[v] = &entM2MFact{Table: m.Table, From: m.From, To: m.To}
		}
		for _, m := range e.Self {
			if k, ok := p.Scope().Lookup(m.Var).(*types.Const); ok {
				if c.entSyntheticM2M == nil {
					c.entSyntheticM2M = map[types.Object]*entM2MFact{}
				}
				c.entSyntheticM2M[k] = &entM2MFact{Table: m.Table, From: m.From, To: m.To}
			}
		}
		sig := types.NewSignatureType(nil, nil, nil, nil, types.NewTuple(types.NewParam(token.NoPos, p, "", pred)), false)
		p.Scope().Insert(types.NewFunc(token.NoPos, p, "ID", sig))
		p.MarkComplete()
		c.entSynthetic[e.Path] = p
		return p
	}
	return nil
}
