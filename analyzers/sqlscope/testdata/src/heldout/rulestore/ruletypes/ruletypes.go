package ruletypes // want package:`models:alert_rules\(tenant_id\)`
// ruletypes holds the alert rule model and the store interface the manager uses.
//
// Held-out shape (SigNoz/signoz pkg/types/ruletypes, pkg/ruler/rulestore/sqlrulestore): the model
// and the store interface live in a types package, the bun store in another, the manager in a
// third.

import (
	"context"

	"github.com/uptrace/bun"
)

type Rule struct {
	bun.BaseModel `bun:"table:alert_rules"`

	ID       string `bun:"id,pk"`
	TenantID string `bun:"tenant_id"`
	Data     string `bun:"data"`
}

type RuleStore interface {
	GetStoredRule(ctx context.Context, id string) (*Rule, error)
	GetStoredRules(ctx context.Context, tenantID string) ([]*Rule, error)
	GetRuleInTenant(ctx context.Context, tenantID, id string) (*Rule, error)
	DeleteRule(ctx context.Context, id string, cb func(context.Context) error) error
}
