package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/tenantvet/tenantvet/analyzers/suite"
	"github.com/tenantvet/tenantvet/internal/config"
	"github.com/tenantvet/tenantvet/internal/driver"
)

// isVetInvocation reports whether the go command runs us as a vet tool: it asks for the tool's
// identity with -V=full, for its flags with -flags, and then runs it once per package with the
// flags and a JSON *.cfg file describing the package.
func isVetInvocation(args []string) bool {
	for _, a := range args {
		if a == "-V=full" || a == "-flags" {
			return true
		}
	}
	if len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg") {
		if st, err := os.Stat(args[len(args)-1]); err == nil && !st.IsDir() {
			return true
		}
	}
	return false
}

func runVet(args []string, stdout, stderr io.Writer) int {
	analyzers := suite.Analyzers()
	dir, _ := os.Getwd()
	if last := args[len(args)-1]; strings.HasSuffix(last, ".cfg") {
		if d := packageDirOf(last); d != "" {
			dir = d
		}
	}
	// TENANTVET_CONFIG names the configuration file; "off" disables discovery, so only the
	// flags go vet passes configure the analyzers (as under Bazel nogo).
	var cfg *config.File
	var err error
	if cp := os.Getenv("TENANTVET_CONFIG"); cp != "off" {
		cfg, err = driver.LoadConfig(cp, dir)
	}
	if err != nil && len(args) == 1 && (args[0] == "-flags" || args[0] == "-V=full") {
		// go vet does not show what these queries print: answer them without the broken file,
		// so that the package runs fail and go vet prints the error with its position.
		cfg, err = nil, nil
	}
	if err != nil {
		fmt.Fprintf(stderr, "tenantvet: %v\n", err)
		return exitError
	}
	// The file only sets defaults: flags that go vet passes on the command line win, because
	// unitchecker parses them after this.
	if err := driver.Configure(analyzers, cfg, nil); err != nil {
		fmt.Fprintf(stderr, "tenantvet: %v\n", err)
		return exitError
	}
	for _, a := range args {
		if a == "-V=full" {
			fmt.Fprintln(stdout, driver.VetIdentity(cfg, analyzers))
			return exitClean
		}
	}
	if strings.HasSuffix(args[len(args)-1], ".cfg") {
		driver.TuneGCForOnePackage()
		selected, fl, rest, err := driver.ParseVetUnitFlags(analyzers, args, stderr)
		if err != nil {
			return exitError
		}
		if !fl.Fix && !fl.Diff && len(rest) == 1 && !driver.UseUnitchecker() {
			return driver.RunVetUnit(rest[0], selected, analyzers, fl, stderr)
		}
		// Applying fixes is unitchecker's; the flags were only read, so it parses them again.
	}
	os.Args = append([]string{os.Args[0]}, args...)
	unitchecker.Main(analyzers...) // exits
	return exitClean
}

// packageDirOf reads the Dir of the package a vet .cfg file describes.
func packageDirOf(cfgFile string) string {
	data, err := os.ReadFile(cfgFile)
	if err != nil {
		return ""
	}
	var cfg struct{ Dir string }
	if json.Unmarshal(data, &cfg) != nil {
		return ""
	}
	return cfg.Dir
}
