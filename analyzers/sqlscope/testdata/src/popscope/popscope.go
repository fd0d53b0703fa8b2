package popscope

import (
	"github.com/gobuffalo/pop/v6"
)

var db *pop.Connection

type Note struct {
	ID       string `db:"id"`
	TenantID string `db:"tenant_id"`
	Body     string `db:"body"`
}

// InTenant is a scope helper sqlscope infers: a pop transaction that sets the tenant setting
// transaction-locally from its parameter, then calls the callback with the transaction.
func InTenant(c *pop.Connection, tenantID string, fn func(tx *pop.Connection) error) error { // want InTenant:"scopeHelper" InTenant:"queriesParam:c sql:1"
	return c.Transaction(func(tx *pop.Connection) error {
		if err := tx.RawQuery("SELECT set_config('app.tenant_id', ?, true)", tenantID).Exec(); err != nil {
			return err
		}
		return fn(tx)
	})
}

// InSession is not a scope helper: the setting is not transaction-local.
func InSession(c *pop.Connection, tenantID string, fn func(tx *pop.Connection) error) error { // want InSession:"queriesParam:c sql:1"
	return c.Transaction(func(tx *pop.Connection) error {
		if err := tx.RawQuery("SELECT set_config('app.tenant_id', ?, false)", tenantID).Exec(); err != nil {
			return err
		}
		return fn(tx)
	})
}

func global(id string) (n Note, err error) {
	err = db.Find(&n, id) // want `query on \*pop.Connection outside a tenant scope: run it inside a tenant scope helper \(a transaction that sets app.tenant_id with set_config\(..., true\)\) \(TV1001\)`
	return n, err
}

func scoped(tenantID, id string) (n Note, err error) {
	err = InTenant(db, tenantID, func(tx *pop.Connection) error {
		return tx.Where("id = ?", id).First(&n)
	})
	return n, err
}

func scopedChainInVariable(tenantID string, onlyMine bool, author string) (ns []Note, err error) {
	err = InTenant(db, tenantID, func(tx *pop.Connection) error {
		q := tx.Q()
		if onlyMine {
			q = q.Where("author = ?", author)
		}
		return q.All(&ns)
	})
	return ns, err
}

func bypass(tenantID, id string) (n Note, err error) {
	err = InTenant(db, tenantID, func(tx *pop.Connection) error {
		return db.Where("id = ?", id).First(&n) // want `query on \*pop.Connection bypasses the tenant scope of popscope.InTenant: run it on the scoped handle`
	})
	return n, err
}

func constantTenant(id string) error {
	return InTenant(db, "acme", func(tx *pop.Connection) error { // want `tenant for popscope.InTenant is a constant`
		return tx.Destroy(&Note{ID: id})
	})
}

func session(tenantID, id string) error {
	// Not a scope helper: the callback is not scoped.
	return InSession(db, tenantID, func(tx *pop.Connection) error {
		return db.Destroy(&Note{ID: id}) // want `query on \*pop.Connection outside a tenant scope`
	})
}

// pop's Transaction is a transaction, not a tenant scope.
func transaction(id string) error {
	return db.Transaction(func(tx *pop.Connection) error {
		return tx.RawQuery("DELETE FROM notes WHERE id = ?", id).Exec() // want `query on \*pop.Connection outside a tenant scope`
	})
}

func transactionInScope(tenantID, id string) error {
	return InTenant(db, tenantID, func(tx *pop.Connection) error {
		return tx.Transaction(func(inner *pop.Connection) error {
			return inner.RawQuery("DELETE FROM notes WHERE id = ?", id).Exec()
		})
	})
}

func global_plans() (n int, err error) {
	// Only a global table: no scope needed.
	return db.RawQuery("SELECT count(*) FROM plans").Count(&Note{})
}
