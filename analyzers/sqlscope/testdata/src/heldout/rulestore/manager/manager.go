// want package:`models:alert_rules\(tenant_id\)`

// Package manager serves the rule API: it has the verified tenant and an object id.
//
// Held-out shape (SigNoz/signoz pkg/query-service/rules/manager.go): the manager is handed the
// caller's organisation but fetches the rule through the store interface by the URL's id alone.
package manager

import (
	"context"
	"errors"

	"heldout/rulestore/ruletypes"
)

var ErrNotFound = errors.New("rule not found")

type Manager struct {
	store ruletypes.RuleStore
}

func New(store ruletypes.RuleStore) *Manager { return &Manager{store: store} }

// GetRule drops the tenant on the way to the store.
func (m *Manager) GetRule(ctx context.Context, tenantID, id string) (*ruletypes.Rule, error) { // want GetRule:`dropsTenant:tenantID calls:RuleStore\.GetStoredRule`
	return m.store.GetStoredRule(ctx, id)
}

// GetRuleOwned checks the fetched rule's tenant before returning it.
func (m *Manager) GetRuleOwned(ctx context.Context, tenantID, id string) (*ruletypes.Rule, error) {
	r, err := m.store.GetStoredRule(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.TenantID != tenantID {
		return nil, ErrNotFound
	}
	return r, nil
}

// GetRuleScoped passes the tenant to a store method that filters by it.
func (m *Manager) GetRuleScoped(ctx context.Context, tenantID, id string) (*ruletypes.Rule, error) {
	return m.store.GetRuleInTenant(ctx, tenantID, id)
}

// DeleteRule drops the tenant on the way to the store.
func (m *Manager) DeleteRule(ctx context.Context, tenantID, id string) error { // want DeleteRule:`dropsTenant:tenantID calls:RuleStore\.DeleteRule`
	return m.store.DeleteRule(ctx, id, func(context.Context) error { return nil })
}
