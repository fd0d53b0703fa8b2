package sqlcheck

import (
	"slices"

	"github.com/tenantvet/tenantvet/internal/report"
)

// posKey is a statement position as findings carry it.
type posKey struct {
	file      string
	line, col int
}

// annotate sets, on each finding, the SQL object it is about (the table, view, function or role
// whose statement it points at: its baseline context) and, for a finding at a tenant table's
// CREATE TABLE whose tenant column a later ALTER TABLE added, that ALTER TABLE as its cause: the
// table's isolation findings exist because of the newer statement, so -new-from-rev treats them
// as new when that statement is.
func (c *checker) annotate() {
	objects := map[posKey]string{}
	causes := map[posKey]Pos{}
	add := func(p *Pos, name string) {
		if p == nil {
			return
		}
		k := posKey{p.File, p.Line, p.Col}
		if _, ok := objects[k]; !ok {
			objects[k] = name
		}
	}
	for _, t := range c.s.sortedTables() {
		add(&t.Pos, t.Name)
		for _, p := range []*Pos{t.RLSPos, t.ForcePos, t.DisablePos, t.NoForcePos, t.OwnerPos, t.ParentPos} {
			add(p, t.Name)
		}
		for _, col := range t.Columns {
			add(&col.Pos, t.Name)
			add(col.NullPos, t.Name)
		}
		for _, k := range append(slices.Clip(t.Uniques), t.PK) {
			if k != nil {
				add(&k.Pos, t.Name)
			}
		}
		for _, fk := range t.FKs {
			add(&fk.Pos, t.Name)
		}
		for _, ix := range t.Indexes {
			add(&ix.Pos, t.Name)
		}
		for _, p := range t.Policies {
			add(&p.Pos, t.Name)
		}
		for _, d := range t.Dropped {
			add(&d.Pos, t.Name)
		}
		for _, l := range t.Lost {
			add(&l.Pos, t.Name)
		}
		for _, role := range sortedKeys(t.Grants) {
			add(&t.Grants[role].Pos, t.Name)
		}
		if t.Tenant {
			if col := t.column(t.TenantCol); col != nil && (col.Pos.File != t.Pos.File || col.Pos.Line != t.Pos.Line) {
				causes[posKey{t.Pos.File, t.Pos.Line, t.Pos.Col}] = col.Pos
			}
		}
	}
	for _, name := range sortedKeys(c.s.Views) {
		add(&c.s.Views[name].Pos, name)
		add(c.s.Views[name].ResetPos, name)
	}
	for _, name := range sortedKeys(c.s.Functions) {
		add(&c.s.Functions[name].Pos, name)
	}
	for _, name := range sortedKeys(c.s.Roles) {
		add(&c.s.Roles[name].Pos, name)
	}
	for i := range c.findings {
		f := &c.findings[i]
		k := posKey{f.Position.File, f.Position.Line, f.Position.Column}
		f.Context = objects[k]
		if p, ok := causes[k]; ok {
			f.Cause = &report.Position{File: p.File, Line: p.Line, Column: p.Col}
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
