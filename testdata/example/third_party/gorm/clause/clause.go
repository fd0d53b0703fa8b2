// Package clause is a stand-in for gorm.io/gorm/clause.
package clause

type Expression interface {
	Build(builder Builder)
}

type Builder interface {
	WriteString(string) (int, error)
}
