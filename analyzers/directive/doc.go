// Package directive defines an Analyzer that checks tenantvet's own suppression directives.
//
// # Analyzer directive
//
// directive: report malformed tenantvet directives
//
// Every finding tenantvet reports can be suppressed with
//
//	//tenantvet:ignore RULE -- reason
//
// on the finding's line or the line above, or for a whole file with
//
//	//tenantvet:file-ignore RULE -- reason
//
// RULE is a rule id (TV1001), a rule name (unscoped-query) or an analyzer name (sqlscope); several
// can be given separated by commas. This pass reports directives that cannot work: one without a
// reason after " -- " (TV0001), one naming an unknown rule (TV0002), and one with an unknown verb
// or no rule at all (TV0004). A directive that suppresses nothing (TV0003) is reported by the
// analyzer that owns the rule it names, since only that analyzer knows what it found.
package directive
