// Command tenantvet finds code and migrations that can leak one tenant's data to another.
//
// Usage:
//
//	tenantvet [flags] [packages]        analyse Go packages (default ./...)
//	tenantvet sql [flags] [paths]       check PostgreSQL migrations
//	tenantvet db [flags]                check a live PostgreSQL database (and -probe it)
//	tenantvet rules                     list every rule
//	tenantvet explain RULE              print a rule's documentation
//	tenantvet lsp                       language server for editors (docs/editors.md)
//	tenantvet version                   print the version
//	go vet -vettool=$(command -v tenantvet) ./...
//
// Exit codes: 0 no findings, 1 findings, 2 usage, configuration, load or parse error.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"strings"

	"github.com/tenantvet/tenantvet/internal/driver"
)

const (
	exitClean    = driver.ExitClean
	exitFindings = driver.ExitFindings
	exitError    = driver.ExitError
)

func main() {
	// TENANTVET_CPUPROFILE=FILE writes a CPU profile of the run, for work on tenantvet's speed
	// (see bench/README.md). Under go vet every package's process would overwrite it, so it is
	// honoured for the standalone and sql drivers only.
	if f := os.Getenv("TENANTVET_CPUPROFILE"); f != "" && !isVetInvocation(os.Args[1:]) {
		stop, err := startCPUProfile(f)
		if err != nil {
			fmt.Fprintf(os.Stderr, "tenantvet: %v\n", err)
			os.Exit(exitError)
		}
		code := run(os.Args[1:], os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func startCPUProfile(name string) (stop func(), err error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// run dispatches to a driver and turns any internal panic into a one-line error and exit code 2:
// users see a message, never a panic trace.
func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "tenantvet: internal error: %v\n", r)
			if os.Getenv("TENANTVET_DEBUG") != "" {
				stderr.Write(debug.Stack())
			}
			code = exitError
		}
	}()
	if isVetInvocation(args) {
		return runVet(args, stdout, stderr)
	}
	if len(args) > 0 {
		switch args[0] {
		case "sql":
			return runSQL(args[1:], stdout, stderr)
		case "db":
			return runDB(args[1:], stdout, stderr)
		case "rules":
			return runRules(args[1:], stdout, stderr)
		case "explain":
			return runExplain(args[1:], stdout, stderr)
		case "lsp":
			return runLSP(args[1:], stderr)
		case "version":
			fmt.Fprintf(stdout, "tenantvet %s\n", version())
			return exitClean
		case "help":
			usage(stdout)
			return exitClean
		}
	}
	return runStandalone(args, stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprint(w, strings.TrimLeft(`
tenantvet finds code and migrations that can leak one tenant's data to another.

Usage:
  tenantvet [flags] [packages]        analyse Go packages (default ./...)
  tenantvet sql [flags] [paths]       check PostgreSQL migrations (default: configured migrations)
  tenantvet db [flags]                check a live database: the same rules, drift, -probe
  tenantvet rules                     list every rule with its id
  tenantvet explain RULE              print a rule's documentation with a bad and a good example
  tenantvet lsp                       language server for editors, on stdin/stdout (docs/editors.md)
  tenantvet version                   print the version
  go vet -vettool=$(command -v tenantvet) ./...

Run "tenantvet -h" or "tenantvet sql -h" for flags.
Exit codes: 0 no findings, 1 findings, 2 usage, configuration, load or parse error.
`, "\n"))
}

// version is the module version of the binary, or "devel" for a local build.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}
