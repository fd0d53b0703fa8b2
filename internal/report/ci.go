package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteGitHub writes each unsuppressed finding and each problem as a GitHub Actions workflow
// command (::error, ::warning or ::notice with file, line, col, endLine, endColumn and title
// properties), which annotates the pull request without code scanning.
func WriteGitHub(w io.Writer, fs []Finding, problems []Problem) error {
	for _, f := range fs {
		if f.Suppressed != nil {
			continue
		}
		props := []string{"file=" + escapeProperty(f.Position.File), "line=" + strconv.Itoa(f.Position.Line)}
		if f.Position.Column > 0 {
			props = append(props, "col="+strconv.Itoa(f.Position.Column))
		}
		if f.Position.EndLine > 0 {
			props = append(props, "endLine="+strconv.Itoa(f.Position.EndLine))
			if f.Position.EndColumn > 0 && f.Position.EndLine == f.Position.Line {
				props = append(props, "endColumn="+strconv.Itoa(f.Position.EndColumn))
			}
		}
		props = append(props, "title="+escapeProperty(f.Rule))
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", githubLevel(f.Severity), strings.Join(props, ","), escapeData(f.Message)); err != nil {
			return err
		}
	}
	for _, p := range problems {
		props := ""
		if p.Position != nil {
			props = " file=" + escapeProperty(p.Position.File) + ",line=" + strconv.Itoa(max(p.Position.Line, 1))
			if p.Position.Column > 0 {
				props += ",col=" + strconv.Itoa(p.Position.Column)
			}
			props += ",title=tenantvet"
		} else {
			props = " title=tenantvet"
		}
		if _, err := fmt.Fprintf(w, "::error%s::%s\n", props, escapeData(p.Message)); err != nil {
			return err
		}
	}
	return nil
}

func githubLevel(severity string) string {
	switch severity {
	case "error":
		return "error"
	case "note":
		return "notice"
	}
	return "warning"
}

// escapeData escapes a workflow command's message as the Actions runner unescapes it.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value: also ':' and ',', which
// separate the properties.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

type checkstyleReport struct {
	XMLName xml.Name         `xml:"checkstyle"`
	Version string           `xml:"version,attr"`
	Files   []checkstyleFile `xml:"file"`
}

type checkstyleFile struct {
	Name   string            `xml:"name,attr"`
	Errors []checkstyleError `xml:"error"`
}

type checkstyleError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr,omitempty"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

// WriteCheckstyle writes the unsuppressed findings and the positioned problems in Checkstyle's
// XML format (what its XMLLogger writes and GitLab, Jenkins and reviewdog read): one file
// element per file, in order, one error element per finding with the rule as its source.
func WriteCheckstyle(w io.Writer, fs []Finding, problems []Problem) error {
	rep := checkstyleReport{Version: "4.3"}
	index := map[string]int{}
	add := func(file string, e checkstyleError) {
		i, ok := index[file]
		if !ok {
			i = len(rep.Files)
			index[file] = i
			rep.Files = append(rep.Files, checkstyleFile{Name: file})
		}
		rep.Files[i].Errors = append(rep.Files[i].Errors, e)
	}
	for _, f := range fs {
		if f.Suppressed != nil {
			continue
		}
		add(f.Position.File, checkstyleError{Line: f.Position.Line, Column: f.Position.Column, Severity: checkstyleSeverity(f.Severity),
			Message: f.Message, Source: "tenantvet." + f.Analyzer + "." + f.Rule})
	}
	for _, p := range problems {
		file, line, col := "", 0, 0
		if p.Position != nil {
			file, line, col = p.Position.File, p.Position.Line, p.Position.Column
		}
		add(file, checkstyleError{Line: line, Column: col, Severity: "error", Message: p.Message, Source: "tenantvet"})
	}
	return writeXML(w, rep)
}

func checkstyleSeverity(s string) string {
	if s == "note" {
		return "info"
	}
	return s
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Error     *junitFailure `xml:"error,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes the unsuppressed findings as a JUnit XML report (the schema Jenkins and
// GitLab read): one test suite per file, one failing test case per finding, named after its
// position and rule, and one erroring test case per problem in a "tenantvet" suite. A clean
// run is one passing test case, so CI shows that the check ran.
func WriteJUnit(w io.Writer, fs []Finding, problems []Problem) error {
	rep := junitSuites{Name: "tenantvet"}
	index := map[string]int{}
	suite := func(name string) *junitSuite {
		i, ok := index[name]
		if !ok {
			i = len(rep.Suites)
			index[name] = i
			rep.Suites = append(rep.Suites, junitSuite{Name: name})
		}
		return &rep.Suites[i]
	}
	for _, f := range fs {
		if f.Suppressed != nil {
			continue
		}
		s := suite(f.Position.File)
		s.Tests++
		s.Failures++
		s.Cases = append(s.Cases, junitCase{
			Name:      fmt.Sprintf("%s %s", f.Position, f.Rule),
			Classname: "tenantvet." + f.Analyzer,
			Failure:   &junitFailure{Message: f.Message, Type: f.Rule, Text: fmt.Sprintf("%s: %s: %s (%s)", f.Position, f.Severity, f.Message, f.Rule)},
		})
	}
	for _, p := range problems {
		s := suite("tenantvet")
		s.Tests++
		s.Errors++
		s.Cases = append(s.Cases, junitCase{Name: problemString(p), Classname: "tenantvet", Error: &junitFailure{Message: p.Message, Type: "error", Text: problemString(p)}})
	}
	if len(rep.Suites) == 0 {
		rep.Suites = []junitSuite{{Name: "tenantvet", Tests: 1, Cases: []junitCase{{Name: "no findings", Classname: "tenantvet"}}}}
	}
	for _, s := range rep.Suites {
		rep.Tests += s.Tests
		rep.Failures += s.Failures
		rep.Errors += s.Errors
	}
	return writeXML(w, rep)
}

func problemString(p Problem) string {
	if p.Position != nil {
		return p.Position.String() + ": " + p.Message
	}
	return p.Message
}

func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
