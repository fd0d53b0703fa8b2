// Package settx opens a transaction and sets the tenant setting on it, then queries on it; scope
// mode.
//
// Held-out shape (helixauth/core src/shared/database/beginTx.go): the gateway's BeginTx begins a
// transaction and runs SET app.tenant_id on it with the tenant read from the context, and the
// callers query on the returned transaction. The leaky form queries the pool directly.
package settx

import (
	"context"
	"database/sql"
)

type ctxKey struct{}

type Gateway struct{ db *sql.DB }

// BeginTx begins a transaction confined to the context's tenant.
func (g *Gateway) BeginTx(ctx context.Context) (*sql.Tx, error) {
	tx, err := g.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	tenantID, _ := ctx.Value(ctxKey{}).(string)
	if _, err := tx.ExecContext(ctx, "SELECT set_config('app.tenant_id', $1, true)", tenantID); err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	return tx, nil
}

func (g *Gateway) SecretValue(ctx context.Context, id string) (string, error) { // want SecretValue:`queriesParam:recv sql:1`
	tx, err := g.BeginTx(ctx)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	var v string
	err = tx.QueryRowContext(ctx, "SELECT value FROM secrets WHERE id = $1", id).Scan(&v)
	return v, err
}

func (g *Gateway) SecretValueOnPool(ctx context.Context, id string) (string, error) { // want SecretValueOnPool:`queriesOwn:1`
	var v string
	err := g.db.QueryRowContext(ctx, "SELECT value FROM secrets WHERE id = $1", id).Scan(&v) // want `query on \*sql\.DB outside a tenant scope`
	return v, err
}

// BeginPlainTx begins a transaction and sets no tenant on it.
func (g *Gateway) BeginPlainTx(ctx context.Context) (*sql.Tx, error) {
	return g.db.BeginTx(ctx, nil)
}

func (g *Gateway) SecretValuePlain(ctx context.Context, id string) (string, error) { // want SecretValuePlain:`queriesParam:recv sql:1`
	tx, err := g.BeginPlainTx(ctx)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	var v string
	err = tx.QueryRowContext(ctx, "SELECT value FROM secrets WHERE id = $1", id).Scan(&v) // MISSED (heldout2): a transaction a function of the package returns is given the benefit of the doubt; whether that function set app.tenant_id is not looked at
	return v, err
}
