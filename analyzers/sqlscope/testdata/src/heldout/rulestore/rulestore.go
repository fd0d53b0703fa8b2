// want package:`models:alert_rules\(tenant_id\)`

// Package rulestore is the bun implementation of ruletypes.RuleStore.
//
// Held-out shape (SigNoz/signoz pkg/ruler/rulestore/sqlrulestore/rule.go, GHSA-h37r-3qfp-73w6):
// rules read and deleted by id alone through a handle the store gets from an interface method.
package rulestore

import (
	"context"

	"heldout/rulestore/ruletypes"
	"heldout/rulestore/sqlstore"
)

type rule struct {
	sqlstore sqlstore.SQLStore
}

func NewRuleStore(store sqlstore.SQLStore) ruletypes.RuleStore { // want NewRuleStore:`builds:\*rule`
	return &rule{sqlstore: store}
}

func (r *rule) GetStoredRule(ctx context.Context, id string) (*ruletypes.Rule, error) { // want GetStoredRule:"queriesOwn:1"
	rl := new(ruletypes.Rule)
	err := r.sqlstore. // want `query on alert_rules rule does not filter by rule\.tenant_id`
				BunDB().
				NewSelect().
				Model(rl).
				Where("id = ?", id).
				Scan(ctx)
	return rl, err
}

func (r *rule) GetStoredRules(ctx context.Context, tenantID string) ([]*ruletypes.Rule, error) { // want GetStoredRules:"queriesOwn:1"
	rules := make([]*ruletypes.Rule, 0)
	err := r.sqlstore.
		BunDB().
		NewSelect().
		Model(&rules).
		Where("tenant_id = ?", tenantID).
		Scan(ctx)
	return rules, err
}

func (r *rule) GetRuleInTenant(ctx context.Context, tenantID, id string) (*ruletypes.Rule, error) { // want GetRuleInTenant:"queriesOwn:1"
	rl := new(ruletypes.Rule)
	err := r.sqlstore.
		BunDB().
		NewSelect().
		Model(rl).
		Where("id = ?", id).
		Where("tenant_id = ?", tenantID).
		Scan(ctx)
	return rl, err
}

func (r *rule) DeleteRule(ctx context.Context, id string, cb func(context.Context) error) error { // want DeleteRule:"queriesOwn:1"
	return r.sqlstore.RunInTxCtx(ctx, nil, func(ctx context.Context) error {
		_, err := r.sqlstore. // want `query on alert_rules rule does not filter by rule\.tenant_id`
					BunDBCtx(ctx).
					NewDelete().
					Model(new(ruletypes.Rule)).
					Where("id = ?", id).
					Exec(ctx)
		if err != nil {
			return err
		}
		return cb(ctx)
	})
}
