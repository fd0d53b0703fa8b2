// Package golangci registers tenantvet as a golangci-lint v2 module plugin, linter "tenantvet".
//
// Add it with golangci-lint's .custom-gcl.yml and `golangci-lint custom` (docs/golangci-lint.md):
//
//	plugins:
//	  - module: github.com/tenantvet/tenantvet
//	    import: github.com/tenantvet/tenantvet/plugin/golangci
//	    version: v0.x.y
//
// The settings block of the linter takes the keys of .tenantvet.yaml and is checked as that file
// is (the same errors for an unknown key or a wrong type); without settings, .tenantvet.yaml is
// found from the working directory as the command line finds it. Every analyzer runs, with its
// facts across packages; each message ends with its rule id, "(TV1001)", so //nolint:tenantvet
// silences them all and the rule id tells them apart; //tenantvet:ignore keeps working, since the
// analyzers enforce their directives themselves.
//
// The package lives in the main module rather than a nested one: plugin-module-register is a
// single small package whose only dependency, x/tools, tenantvet already has, so a nested module
// would cost its own version tags and a replace directive for nothing.
package golangci

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/tenantvet/tenantvet/analyzers/suite"
	"github.com/tenantvet/tenantvet/internal/config"
	"github.com/tenantvet/tenantvet/internal/driver"
)

func init() {
	register.Plugin("tenantvet", New)
}

// New is the plugin's constructor: conf is the linter's settings block from .golangci.yml.
func New(conf any) (register.LinterPlugin, error) {
	settings, err := register.DecodeSettings[map[string]any](conf)
	if err != nil {
		return nil, fmt.Errorf("tenantvet: %w", err)
	}
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	var file *config.File
	if len(settings) > 0 {
		// Relative paths are relative to the working directory, where golangci-lint runs.
		file, err = config.FromMap(filepath.Join(cwd, ".golangci.yml: linters.settings.custom.tenantvet.settings"), settings)
	} else {
		file, err = driver.LoadConfig("", cwd)
	}
	if err != nil {
		return nil, fmt.Errorf("tenantvet: %w", err)
	}
	return &plugin{file: file}, nil
}

type plugin struct{ file *config.File }

// BuildAnalyzers configures and returns every tenantvet analyzer.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	as := suite.Analyzers()
	if err := driver.Configure(as, p.file, nil); err != nil {
		return nil, fmt.Errorf("tenantvet: %w", err)
	}
	return as, nil
}

// GetLoadMode asks for type information: the analyzers need go/types and facts.
func (p *plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
