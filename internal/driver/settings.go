package driver

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/tools/go/analysis"

	"github.com/tenantvet/tenantvet/internal/config"
)

// LoadConfig finds (or reads the given) .tenantvet.yaml. It returns nil when there is none.
func LoadConfig(explicitPath, dir string) (*config.File, error) {
	path := explicitPath
	if path == "" {
		p, err := config.Find(dir)
		if err != nil {
			return nil, err
		}
		if p == "" {
			return nil, nil
		}
		path = p
	}
	return config.Load(path)
}

// Settings returns the settings of the configuration file overridden by the explicit
// command-line settings, validated: what the drivers themselves read (checks, severity,
// migrations).
func Settings(cfg *config.File, explicit map[string]string) (*config.Settings, error) {
	settings := config.Default()
	if err := cfg.ApplySettings(settings); err != nil {
		return nil, err
	}
	sfs := flag.NewFlagSet("settings", flag.ContinueOnError)
	settings.Bind(sfs)
	for name, v := range explicit {
		if err := sfs.Set(name, v); err != nil {
			return nil, fmt.Errorf("-%s: %w", name, err)
		}
	}
	if err := settings.Validate(); err != nil {
		return nil, err
	}
	return settings, nil
}

// Configure applies the configuration file and then the explicit command-line settings to each
// analyzer's flags. Paths given on the command line are relative to the working directory.
func Configure(analyzers []*analysis.Analyzer, cfg *config.File, explicit map[string]string) error {
	for _, a := range analyzers {
		if err := cfg.Apply(&a.Flags); err != nil {
			return err
		}
		for name, v := range explicit {
			if a.Flags.Lookup(name) == nil {
				continue
			}
			if name == "schema" && v != "" && !filepath.IsAbs(v) {
				if abs, err := filepath.Abs(v); err == nil {
					v = abs
				}
			}
			if err := a.Flags.Set(name, v); err != nil {
				return fmt.Errorf("-%s: %w", name, err)
			}
		}
	}
	return nil
}

// effectiveSettings renders every analyzer flag value, for the cache key and -V=full identity.
func effectiveSettings(analyzers []*analysis.Analyzer) string {
	var s string
	for _, a := range analyzers {
		a.Flags.VisitAll(func(f *flag.Flag) { s += a.Name + "." + f.Name + "=" + f.Value.String() + "\n" })
	}
	return s
}

// DebugEnabled reports whether TENANTVET_DEBUG asks for stacks and cache diagnostics.
func DebugEnabled() bool { return os.Getenv("TENANTVET_DEBUG") != "" }
