package sqlquery

import (
	pg "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// SetsLocal returns the placeholder number N of a set_config(setting, $N, true) call in the
// query: the statement sets the setting for the current transaction only, to a bound value.
func (q *Query) SetsLocal(setting string) (int, bool) {
	found := 0
	for _, rs := range q.Stmts() {
		walkAll(rs.ProtoReflect(), func(m protoreflect.Message) {
			fc, ok := m.Interface().(*pg.FuncCall)
			if !ok || found > 0 || len(fc.Args) != 3 || len(fc.Funcname) == 0 {
				return
			}
			if fc.Funcname[len(fc.Funcname)-1].GetString_().GetSval() != "set_config" {
				return
			}
			name := unwrap(fc.Args[0]).GetAConst().GetSval()
			p := unwrap(fc.Args[1]).GetParamRef()
			local := unwrap(fc.Args[2]).GetAConst()
			if name == nil || name.Sval != setting || p == nil || local == nil {
				return
			}
			if b := local.GetBoolval(); b != nil && b.Boolval || local.GetSval().GetSval() == "true" {
				found = int(p.Number)
			}
		})
	}
	return found, found > 0
}
