package directive

import "github.com/tenantvet/tenantvet/internal/config"

// checks holds the checks setting: which of the directive rules (TV0001 to TV0004) to report.
// The directive reporter reads it from the pass's flags, so every driver honours it.
var checks = config.Default()

func init() { checks.Bind(&Analyzer.Flags, "checks") }
