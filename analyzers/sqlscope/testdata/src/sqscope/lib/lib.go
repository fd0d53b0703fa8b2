// Package lib holds a repository whose helper runs its builders on the handle it holds: the
// squirrelFact names the field, so another package's callers know the handle.
package lib

import sq "github.com/Masterminds/squirrel"

// Repo runs its queries on Runner.
type Repo struct{ Runner sq.BaseRunner }

// Notes returns a builder run on the repository's handle.
func (r Repo) Notes() sq.SelectBuilder { // want Notes:`sqChain:-1:select.table\(notes\) runner:0.Runner$`
	return sq.Select("*").From("notes").RunWith(r.Runner)
}
