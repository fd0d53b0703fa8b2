package directive

import (
	_ "embed"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/tenantvet/tenantvet/internal/analyzerdoc"
	dir "github.com/tenantvet/tenantvet/internal/directive"
	"github.com/tenantvet/tenantvet/internal/rules"
)

//go:embed doc.go
var doc string

// Analyzer reports malformed tenantvet directives.
var Analyzer = &analysis.Analyzer{
	Name:       "directive",
	Doc:        analyzerdoc.Section(doc, "directive"),
	URL:        "https://github.com/tenantvet/tenantvet/tree/main/analyzers/directive",
	Run:        run,
	ResultType: dir.ResultType,
}

var (
	ruleNoReason    = rules.MustGet("TV0001")
	ruleUnknownRule = rules.MustGet("TV0002")
	ruleMalformed   = rules.MustGet("TV0004")
)

func run(pass *analysis.Pass) (any, error) {
	rep := dir.NewReporter(pass)
	for _, f := range pass.Files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if !strings.Contains(c.Text, "tenantvet:") {
					continue
				}
				d, ok := dir.ParseComment(c.Text)
				if !ok {
					continue
				}
				switch d.Problem {
				case dir.NoReason:
					rep.Report(ruleNoReason, c, nil, "tenantvet:%s directive has no reason: add \" -- why this is safe\"", d.Verb)
				case dir.UnknownRule:
					rep.Report(ruleUnknownRule, c, nil, "tenantvet:%s names unknown rule %s: run `tenantvet rules` for the ids", d.Verb, strings.Join(d.Unknown, ", "))
				case dir.NoRule:
					rep.Report(ruleMalformed, c, nil, "tenantvet:%s directive names no rule: write //tenantvet:%s RULE -- reason", d.Verb, d.Verb)
				case dir.UnknownVerb:
					rep.Report(ruleMalformed, c, nil, "unknown directive tenantvet:%s: use tenantvet:ignore, tenantvet:file-ignore or tenantvet:job", d.Verb)
				}
			}
		}
	}
	return rep.Finish()
}
