package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/tenantvet/tenantvet/internal/rules"
)

func runRules(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tenantvet rules", flag.ContinueOnError)
	fs.SetOutput(stderr)
	analyzer := fs.String("analyzer", "", "list only the rules of this analyzer")
	markdown := fs.Bool("markdown", false, "print a Markdown table (the README's)")
	if err := fs.Parse(args); err != nil {
		return exitError
	}
	if *markdown {
		io.WriteString(stdout, rulesMarkdown())
		return exitClean
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tANALYZER\tSEVERITY\tNAME\tTITLE")
	for _, r := range rules.All() {
		if *analyzer != "" && r.Analyzer != *analyzer {
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Analyzer, r.Severity, r.Name, r.Title)
	}
	tw.Flush()
	return exitClean
}

func runExplain(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: tenantvet explain RULE (an id such as TV1001 or a rule name)")
		return exitError
	}
	r, ok := rules.Lookup(args[0])
	if !ok {
		fmt.Fprintf(stderr, "tenantvet: unknown rule %q: run `tenantvet rules` for the list\n", args[0])
		return exitError
	}
	fmt.Fprintf(stdout, "%s %s (%s, %s)\n\n%s\n\n%s", r.ID, r.Name, r.Analyzer, r.Severity, r.Title, r.Doc)
	fmt.Fprintf(stdout, "\nSuppress with a reason: //tenantvet:ignore %s -- why this is safe\n", r.ID)
	fmt.Fprintf(stdout, "More: %s\n", r.HelpURI())
	return exitClean
}

// rulesMarkdown renders the catalogue as the README's rule table.
func rulesMarkdown() string {
	var sb strings.Builder
	sb.WriteString("| id | analyzer | severity | default | name | what it finds |\n|---|---|---|---|---|---|\n")
	for _, r := range rules.All() {
		def := "on"
		if r.DefaultOff {
			def = "off"
		}
		fmt.Fprintf(&sb, "| [%s](internal/rules/docs/%s.md) | %s | %s | %s | %s | %s |\n", r.ID, r.ID, r.Analyzer, r.Severity, def, r.Name, r.Title)
	}
	return sb.String()
}
