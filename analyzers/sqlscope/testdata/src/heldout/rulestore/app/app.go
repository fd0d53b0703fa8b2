// want package:`models:alert_rules\(tenant_id\)`

// Package app wires the bun store into the manager, as the service's main does.
package app

import (
	"heldout/rulestore"
	"heldout/rulestore/manager"
	"heldout/rulestore/sqlstore"
)

func Wire(s sqlstore.SQLStore) *manager.Manager {
	return manager.New(rulestore.NewRuleStore(s)) // want `manager\.Manager\.DeleteRule queries tenant data through RuleStore\.DeleteRule, implemented by rulestore\.rule\.DeleteRule converted here, but never uses its tenant parameter tenantID` `manager\.Manager\.GetRule queries tenant data through RuleStore\.GetStoredRule, implemented by rulestore\.rule\.GetStoredRule converted here, but never uses its tenant parameter tenantID`
}
