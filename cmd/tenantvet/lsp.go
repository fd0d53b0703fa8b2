package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/tenantvet/tenantvet/analyzers/suite"
	"github.com/tenantvet/tenantvet/lsp"
)

// runLSP is `tenantvet lsp`: a language server on standard input and output.
func runLSP(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("tenantvet lsp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	debounce := fs.Duration("debounce", 200*time.Millisecond, "wait this long after an edit before analysing")
	// LSP clients that start servers over standard input and output often say so with a flag
	// (vscode-languageclient's TransportKind.stdio appends --stdio): accept it.
	fs.Bool("stdio", true, "talk LSP over standard input and output (the only transport; accepted for LSP clients that pass it)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: tenantvet lsp [flags]\n\nA language server (LSP 3.17) on standard input and output; see docs/editors.md.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		return exitError
	}
	return lsp.Serve(context.Background(), stdio{}, lsp.Options{Analyzers: suite.Analyzers(), Version: version(), Debounce: *debounce})
}

// stdio is the server's stream: standard input and output.
type stdio struct{}

func (stdio) Read(p []byte) (int, error)  { return os.Stdin.Read(p) }
func (stdio) Write(p []byte) (int, error) { return os.Stdout.Write(p) }
func (stdio) Close() error                { return os.Stdin.Close() }
