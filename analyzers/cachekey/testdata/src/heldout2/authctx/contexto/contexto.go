// Package contexto keeps the authenticated request's identity in a package variable.
//
// Held-out shape (jonasjesusamerico/api-merca src/contexto and src/model/tenant.go): the
// authentication middleware writes the caller's tenant into a package-level value, and the
// models' SetTenant reads it back when they are saved. Two concurrent requests of different
// tenants share the one variable: a cache with no key at all.
package contexto

type Autenticacao struct {
	TenantID uint64
	UserID   uint64
}

// Current is the identity of "the" request.
var Current Autenticacao

func (a *Autenticacao) GetTenantID() uint64 { return a.TenantID }
