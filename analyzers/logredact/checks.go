package logredact

// The checks setting selects the rules this pass reports; the directive reporter reads it from
// the pass's flags, so every driver (go vet, nogo, golangci-lint) honours it.
func init() { settings.Bind(&Analyzer.Flags, "checks") }
