// Package lib holds a repository whose helper runs its builders on the handle it holds: the
// squirrelFact names the field, so another package's callers know the handle.
package lib

import (
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

// Repo runs its queries on Runner.
type Repo struct{ Runner sq.BaseRunner }

// Notes returns a builder run on the repository's handle.
func (r Repo) Notes() sq.SelectBuilder { // want Notes:`sqChain:-1:select.table\(notes\) runner:0.Runner$`
	return sq.Select("*").From("notes").RunWith(r.Runner)
}

// Pool is the package's own pool.
var Pool *sql.DB

// PlansOrNotes runs the plans query (a global table) on the package's pool and the notes
// query on the handle it is given: each variant keeps its own handle.
func PlansOrNotes(r sq.BaseRunner, plans bool) sq.SelectBuilder { // want PlansOrNotes:`sqChain:-1:select.table\(plans\)@pool\|-1:select.table\(notes\)@0 runner:pool,0$`
	if plans {
		return sq.Select("*").From("plans").RunWith(Pool)
	}
	return sq.Select("*").From("notes").RunWith(r)
}

// NotesOrPlans runs the notes query on the package's pool: outside any scope.
func NotesOrPlans(r sq.BaseRunner, plans bool) sq.SelectBuilder { // want NotesOrPlans:`sqChain:-1:select.table\(plans\)@0\|-1:select.table\(notes\)@pool runner:0,pool$`
	if plans {
		return sq.Select("*").From("plans").RunWith(r)
	}
	return sq.Select("*").From("notes").RunWith(Pool)
}
