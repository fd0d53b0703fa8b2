// Package config holds tenantvet's settings. Every setting is an analyzer flag (what go vet,
// golangci-lint and Bazel nogo can pass) and a key of the .tenantvet.yaml file that the standalone
// driver and `tenantvet sql` read. The file is only a convenient way to set the same flags: a
// driver loads it and calls File.Apply on each analyzer's FlagSet.
package config

import (
	"flag"
	"fmt"
	"slices"

	"strings"
)

// Settings are the values every part of tenantvet reads. Analyzers bind the ones they use to
// their FlagSet with Bind; nothing else mutates them.
type Settings struct {
	TenantColumns    []string   // columns that hold the tenant, first is preferred
	TenantSetting    string     // the PostgreSQL setting holding the current tenant
	TenantTables     []string   // tables that are tenant-owned although they have no tenant column
	GlobalTables     []string   // tables that hold global data and need no tenant scope
	ScopeHelpers     []string   // extra scope helpers: FUNC[:CALLBACK_ARG[:TENANT_ARG]]
	Verifiers        []string   // functions that verify a tenant claim (membership, API key, signature)
	TenantHeaders    []string   // HTTP header names that carry a tenant claim
	TenantParams     []string   // query and path parameter names that carry a tenant claim
	TenantParamNames []string   // Go parameter names meaning "the tenant to scope by"
	SensitiveKeys    []string   // extra log keys that hold secrets
	SafeKeys         []string   // extra log keys that look sensitive but are not
	LogFunctions     []string   // extra logging functions: FUNC[:FIRST_KV_ARG]
	QueryFunctions   []string   // extra query functions: FUNC[:SQL_ARG]
	JobEnqueue       []string   // extra enqueue functions: FUNC[:PAYLOAD_ARG]
	JobEnvelopes     []string   // enqueue functions whose argument carries the tenant: FUNC[:TENANT_ARG]
	JobHandlers      []string   // extra job handler functions or methods
	JobTenantField   string     // the field of a job payload that carries the tenant
	AllowFunctions   []string   // functions allowed to query outside a tenant scope
	Migrations       []string   // migration directories or files
	Schema           string     // a schema model file written by `tenantvet sql -schema-out`
	AppRole          string     // the role the application connects as ("" means any role)
	Mode             string     // sqlscope mode: auto, scope or filter
	AllowGeneratedPK bool       // a primary or unique key on one surrogate identifier (uuid, identity, serial, generated default) is not an existence leak
	TenantsTable     string     // the table of tenants the tenant columns reference ("" infers it)
	Checks           Checks     // the rules to report (empty: the rules on by default)
	Severity         Severities // per-rule severity overrides, RULE=LEVEL
}

// Default returns the settings tenantvet uses when nothing is configured.
func Default() *Settings {
	return &Settings{
		TenantColumns: []string{"tenant_id"},
		TenantSetting: "app.tenant_id",
		TenantHeaders: []string{"X-Tenant-ID", "X-Org-ID", "X-Organization-ID", "X-Workspace-ID", "X-Account-ID", "X-Scope-OrgID"},
		TenantParams: []string{"tenant", "tenant_id", "tenantId", "org", "org_id", "orgId", "organization", "organization_id",
			"organizationId", "workspace", "workspace_id", "workspaceId", "account_id", "accountId"},
		TenantParamNames: []string{"tenantID", "tenantId", "orgID", "orgId", "organizationID", "workspaceID", "workspaceId", "accountID", "projectID", "projectId"},
		JobTenantField:   "TenantID",
		Mode:             "auto",
		AllowGeneratedPK: true,
	}
}

type kind int

const (
	kindString kind = iota
	kindList
	kindBool
	kindPath     // a string that is a path relative to the config file
	kindPathList // a list of such paths
	kindChecks   // a list of rule ids, names or analyzers, each optionally prefixed with "-"
	kindSeverity // a mapping of rule ids, names or analyzers to error, warning or note
)

// Key describes one setting: its flag name, its YAML key and where it lives in Settings.
type Key struct {
	Flag  string // flag name, e.g. "tenant-columns"
	Usage string
	kind  kind
	ptr   func(*Settings) any
}

// YAML is the key of the setting in .tenantvet.yaml.
func (k Key) YAML() string { return strings.ReplaceAll(k.Flag, "-", "_") }

// Keys lists every setting. The order is the order of the documentation.
var Keys = []Key{
	{"tenant-columns", "comma-separated column names that hold the tenant", kindList, func(s *Settings) any { return &s.TenantColumns }},
	{"tenant-setting", "PostgreSQL setting that holds the current tenant", kindString, func(s *Settings) any { return &s.TenantSetting }},
	{"tenants-table", "the table of tenants that tenant columns reference (empty: the table most of them reference)", kindString, func(s *Settings) any { return &s.TenantsTable }},
	{"tenant-tables", "comma-separated tables that are tenant-owned without a tenant column", kindList, func(s *Settings) any { return &s.TenantTables }},
	{"global-tables", "comma-separated tables that hold global data", kindList, func(s *Settings) any { return &s.GlobalTables }},
	{"scope-helpers", "extra tenant scope helpers, FUNC[:CALLBACK_ARG[:TENANT_ARG]] (FUNC is importpath.Func or importpath.Type.Method)", kindList, func(s *Settings) any { return &s.ScopeHelpers }},
	{"verifiers", "functions that verify a tenant claim (membership, API key binding, signature)", kindList, func(s *Settings) any { return &s.Verifiers }},
	{"tenant-headers", "HTTP headers that carry a tenant claim", kindList, func(s *Settings) any { return &s.TenantHeaders }},
	{"tenant-params", "query and path parameters that carry a tenant claim", kindList, func(s *Settings) any { return &s.TenantParams }},
	{"tenant-param-names", "Go parameter names that mean the tenant a function must scope by", kindList, func(s *Settings) any { return &s.TenantParamNames }},
	{"sensitive-keys", "extra log keys whose values are secrets", kindList, func(s *Settings) any { return &s.SensitiveKeys }},
	{"safe-keys", "extra log keys that look sensitive but are not", kindList, func(s *Settings) any { return &s.SafeKeys }},
	{"log-functions", "extra logging functions, FUNC[:FIRST_KEY_VALUE_ARG]", kindList, func(s *Settings) any { return &s.LogFunctions }},
	{"query-functions", "extra query functions, FUNC[:SQL_ARG]", kindList, func(s *Settings) any { return &s.QueryFunctions }},
	{"job-enqueue", "extra job enqueue functions, FUNC[:PAYLOAD_ARG]", kindList, func(s *Settings) any { return &s.JobEnqueue }},
	{"job-envelopes", "enqueue functions whose argument carries the tenant, FUNC[:TENANT_ARG]", kindList, func(s *Settings) any { return &s.JobEnvelopes }},
	{"job-handlers", "extra job handler functions or methods", kindList, func(s *Settings) any { return &s.JobHandlers }},
	{"job-tenant-field", "field of a job payload that carries the tenant", kindString, func(s *Settings) any { return &s.JobTenantField }},
	{"allow-functions", "functions allowed to query outside a tenant scope", kindList, func(s *Settings) any { return &s.AllowFunctions }},
	{"migrations", "migration directories or files", kindPathList, func(s *Settings) any { return &s.Migrations }},
	{"schema", "schema model file written by `tenantvet sql -schema-out`", kindPath, func(s *Settings) any { return &s.Schema }},
	{"app-role", "role the application connects as (empty: any role)", kindString, func(s *Settings) any { return &s.AppRole }},
	{"mode", "sqlscope mode: auto, scope or filter", kindString, func(s *Settings) any { return &s.Mode }},
	{"allow-generated-pk", "a primary or unique key on one surrogate identifier (uuid, identity, serial, generated default) is not an existence leak", kindBool, func(s *Settings) any { return &s.AllowGeneratedPK }},
	{"checks", "comma-separated rules to report: ids, rule names or analyzers, all or default; a leading - removes (e.g. all,-TV5010)", kindChecks, func(s *Settings) any { return &s.Checks }},
	{"severity", "comma-separated severity overrides RULE=LEVEL, LEVEL error, warning or note (e.g. TV3005=warning)", kindSeverity, func(s *Settings) any { return &s.Severity }},
}

// KeyByFlag returns the setting with the given flag name.
func KeyByFlag(name string) (Key, bool) {
	for _, k := range Keys {
		if k.Flag == name {
			return k, true
		}
	}
	return Key{}, false
}

// Bind registers the named settings (all of them when names is empty) as flags of fs, backed by
// the fields of s.
func (s *Settings) Bind(fs *flag.FlagSet, names ...string) {
	for _, k := range Keys {
		if len(names) > 0 && !slices.Contains(names, k.Flag) {
			continue
		}
		switch p := k.ptr(s).(type) {
		case *[]string:
			fs.Var((*listValue)(p), k.Flag, k.Usage)
		case *string:
			fs.StringVar(p, k.Flag, *p, k.Usage)
		case *bool:
			fs.BoolVar(p, k.Flag, *p, k.Usage)
		case *Checks:
			fs.Var((*checksValue)(p), k.Flag, k.Usage)
		case *Severities:
			fs.Var((*severityValue)(p), k.Flag, k.Usage)
		}
	}
}

// Validate checks values that have a closed set of choices.
func (s *Settings) Validate() error {
	switch s.Mode {
	case "auto", "scope", "filter":
	default:
		return fmt.Errorf("mode %q is not auto, scope or filter", s.Mode)
	}
	if len(s.TenantColumns) == 0 {
		return fmt.Errorf("tenant-columns must name at least one column")
	}
	if s.TenantSetting == "" {
		return fmt.Errorf("tenant-setting must not be empty")
	}
	if err := s.Checks.Validate(); err != nil {
		return err
	}
	return s.Severity.Validate()
}

// listValue is a comma-separated list flag. Setting it replaces the whole list, so a config file
// or a command line overrides the default instead of appending to it.
type listValue []string

func (l *listValue) String() string {
	if l == nil {
		return ""
	}
	return strings.Join(*l, ",")
}

func (l *listValue) Set(v string) error {
	*l = splitList(v)
	return nil
}

func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
