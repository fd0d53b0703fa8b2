package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// No XML Schema validator written in Go is on the module proxy (the usable ones bind libxml2
// through cgo), so these tests validate with xsdSchema: a small interpreter of the part of XML
// Schema that testdata/junit.xsd and testdata/checkstyle.xsd use: global and referenced
// elements, inline and named complex and simple types, sequence and choice content with
// minOccurs and maxOccurs, mixed content, declared, required and typed attributes
// (xs:string, xs:nonNegativeInteger, xs:int, enumerations and patterns). Anything else in a
// schema is an error, so a schema cannot silently ask for more than is checked.

type xnode struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []xnode    `xml:",any"`
	Text     string     `xml:",chardata"`
}

func (n *xnode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

type xsdSchema struct {
	elements, complexTypes, simpleTypes map[string]*xnode
}

func loadXSD(t *testing.T, path string) *xsdSchema {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var root xnode
	if err := xml.Unmarshal(data, &root); err != nil {
		t.Fatal(err)
	}
	s := &xsdSchema{map[string]*xnode{}, map[string]*xnode{}, map[string]*xnode{}}
	for i := range root.Children {
		c := &root.Children[i]
		switch c.XMLName.Local {
		case "element":
			s.elements[c.attr("name")] = c
		case "complexType":
			s.complexTypes[c.attr("name")] = c
		case "simpleType":
			s.simpleTypes[c.attr("name")] = c
		default:
			t.Fatalf("%s: unsupported schema construct %s", path, c.XMLName.Local)
		}
	}
	return s
}

// validate checks a document against the schema and returns every violation.
func (s *xsdSchema) validate(doc []byte) []string {
	var root xnode
	if err := xml.Unmarshal(doc, &root); err != nil {
		return []string{"not well-formed: " + err.Error()}
	}
	decl := s.elements[root.XMLName.Local]
	if decl == nil {
		return []string{fmt.Sprintf("root element %s is not declared", root.XMLName.Local)}
	}
	var errs []string
	s.element(&root, decl, root.XMLName.Local, &errs)
	return errs
}

func (s *xsdSchema) element(n *xnode, decl *xnode, path string, errs *[]string) {
	fail := func(format string, args ...any) { *errs = append(*errs, path+": "+fmt.Sprintf(format, args...)) }
	var ct *xnode
	if typ := decl.attr("type"); typ != "" {
		if ct = s.complexTypes[typ]; ct == nil {
			// Simple content: text of the type, no attributes, no child elements.
			if len(n.Children) > 0 || len(n.Attrs) > 0 {
				fail("element of simple type %s has attributes or children", typ)
			}
			if msg := s.checkSimple(typ, n.Text); msg != "" {
				fail("%s", msg)
			}
			return
		}
	}
	for i := range decl.Children {
		if decl.Children[i].XMLName.Local == "complexType" {
			ct = &decl.Children[i]
		}
	}
	if ct == nil {
		fail("declaration has no type")
		return
	}
	declared := map[string]*xnode{}
	var model *xnode
	for i := range ct.Children {
		c := &ct.Children[i]
		switch c.XMLName.Local {
		case "attribute":
			declared[c.attr("name")] = c
		case "sequence", "choice":
			model = c
		default:
			fail("unsupported schema construct %s", c.XMLName.Local)
		}
	}
	for _, a := range n.Attrs {
		if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" {
			continue
		}
		d := declared[a.Name.Local]
		if d == nil {
			fail("undeclared attribute %s", a.Name.Local)
			continue
		}
		if msg := s.checkSimple(d.attr("type"), a.Value); msg != "" {
			fail("attribute %s: %s", a.Name.Local, msg)
		}
	}
	for name, d := range declared {
		if d.attr("use") == "required" && n.attr(name) == "" && !hasAttr(n, name) {
			fail("required attribute %s missing", name)
		}
	}
	if ct.attr("mixed") != "true" && strings.TrimSpace(n.Text) != "" {
		fail("text content in an element that is not mixed")
	}
	i := 0
	if model != nil {
		i = s.match(model, n.Children, 0)
	}
	if i < 0 {
		fail("children do not satisfy the content model")
		return
	}
	if i < len(n.Children) {
		fail("child %s not allowed here by the content model", n.Children[i].XMLName.Local)
		return
	}
	for ci := range n.Children {
		c := &n.Children[ci]
		cd := s.elements[c.XMLName.Local]
		if cd == nil {
			fail("child %s is not declared", c.XMLName.Local)
			continue
		}
		s.element(c, cd, path+"/"+c.XMLName.Local, errs)
	}
}

func hasAttr(n *xnode, name string) bool {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return true
		}
	}
	return false
}

func occurs(p *xnode) (lo, hi int) {
	lo, hi = 1, 1
	if v := p.attr("minOccurs"); v != "" {
		lo, _ = strconv.Atoi(v)
	}
	if v := p.attr("maxOccurs"); v == "unbounded" {
		hi = 1 << 30
	} else if v != "" {
		hi, _ = strconv.Atoi(v)
	}
	return lo, hi
}

// match consumes children from i by particle p (greedily, which the two schemas allow) and
// returns the index after them, or -1 when p's minimum is not met.
func (s *xsdSchema) match(p *xnode, ch []xnode, i int) int {
	lo, hi := occurs(p)
	n := 0
	for n < hi {
		j := s.once(p, ch, i)
		if j < 0 {
			break
		}
		if j == i { // an empty match may repeat up to the minimum
			n = max(n+1, lo)
			break
		}
		i, n = j, n+1
	}
	if n < lo {
		return -1
	}
	return i
}

func (s *xsdSchema) once(p *xnode, ch []xnode, i int) int {
	switch p.XMLName.Local {
	case "element":
		name := p.attr("ref")
		if name == "" {
			name = p.attr("name")
		}
		if i < len(ch) && ch[i].XMLName.Local == name {
			return i + 1
		}
		return -1
	case "sequence":
		for k := range p.Children {
			if i = s.match(&p.Children[k], ch, i); i < 0 {
				return -1
			}
		}
		return i
	case "choice":
		for k := range p.Children {
			if j := s.match(&p.Children[k], ch, i); j > i {
				return j
			}
		}
		return -1
	}
	return -1
}

var (
	nonNegative = regexp.MustCompile(`^[0-9]+$`)
	integer     = regexp.MustCompile(`^-?[0-9]+$`)
)

func (s *xsdSchema) checkSimple(typ, v string) string {
	switch typ {
	case "", "xs:string":
		return ""
	case "xs:nonNegativeInteger":
		if !nonNegative.MatchString(v) {
			return fmt.Sprintf("%q is not a non-negative integer", v)
		}
		return ""
	case "xs:int":
		if !integer.MatchString(v) {
			return fmt.Sprintf("%q is not an integer", v)
		}
		return ""
	}
	st := s.simpleTypes[typ]
	if st == nil || len(st.Children) != 1 || st.Children[0].XMLName.Local != "restriction" {
		return "unsupported type " + typ
	}
	var enum []string
	for _, f := range st.Children[0].Children {
		switch f.XMLName.Local {
		case "enumeration":
			enum = append(enum, f.attr("value"))
		case "pattern":
			if !regexp.MustCompile(`^(?:` + f.attr("value") + `)$`).MatchString(v) {
				return fmt.Sprintf("%q does not match the pattern of %s", v, typ)
			}
		default:
			return "unsupported facet " + f.XMLName.Local
		}
	}
	if enum != nil && !strings.Contains("\x00"+strings.Join(enum, "\x00")+"\x00", "\x00"+v+"\x00") {
		return fmt.Sprintf("%q is not one of %s", v, strings.Join(enum, ", "))
	}
	return ""
}

func ciSample() ([]Finding, []Problem) {
	fs := sample()
	fs = append(fs, Finding{Rule: "TV5022", Analyzer: "sql", Severity: "note", Message: "quote \" amp & lt < newline\nand 100% done, a:b",
		Position: Position{File: "db/0001 x,y.sql", Line: 3, Column: 1}})
	return fs, []Problem{{Message: "syntax error at or near \"tabel\"", Position: &Position{File: "db/0002.sql", Line: 4, Column: 17}}, {Message: "no position"}}
}

func TestCheckstyleValidatesAgainstSchema(t *testing.T) {
	xsd := loadXSD(t, "testdata/checkstyle.xsd")
	fs, probs := ciSample()
	for _, c := range []struct {
		name  string
		fs    []Finding
		probs []Problem
	}{{"findings and problems", fs, probs}, {"clean", nil, nil}} {
		var buf bytes.Buffer
		if err := WriteCheckstyle(&buf, c.fs, c.probs); err != nil {
			t.Fatal(err)
		}
		if errs := xsd.validate(buf.Bytes()); len(errs) > 0 {
			t.Errorf("%s: checkstyle output does not validate:\n%s\n%s", c.name, strings.Join(errs, "\n"), buf.String())
		}
	}
	var rep checkstyleReport
	var buf bytes.Buffer
	WriteCheckstyle(&buf, fs, nil)
	if err := xml.Unmarshal(buf.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	var n int
	for _, f := range rep.Files {
		for _, e := range f.Errors {
			n++
			if e.Severity == "note" {
				t.Error("note must be written as checkstyle's info")
			}
			if strings.Contains(e.Message, "newline") && !strings.Contains(e.Message, "\n") {
				t.Error("message lost its newline in the XML round trip")
			}
		}
	}
	if want := unsuppressed(fs); n != want {
		t.Errorf("%d errors, want one per unsuppressed finding (%d)", n, want)
	}
}

func TestJUnitValidatesAgainstSchema(t *testing.T) {
	xsd := loadXSD(t, "testdata/junit.xsd")
	fs, probs := ciSample()
	for _, c := range []struct {
		name  string
		fs    []Finding
		probs []Problem
	}{{"findings and problems", fs, probs}, {"clean", nil, nil}} {
		var buf bytes.Buffer
		if err := WriteJUnit(&buf, c.fs, c.probs); err != nil {
			t.Fatal(err)
		}
		if errs := xsd.validate(buf.Bytes()); len(errs) > 0 {
			t.Errorf("%s: junit output does not validate:\n%s\n%s", c.name, strings.Join(errs, "\n"), buf.String())
		}
	}
	var rep junitSuites
	var buf bytes.Buffer
	WriteJUnit(&buf, fs, probs)
	if err := xml.Unmarshal(buf.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Failures != unsuppressed(fs) || rep.Errors != len(probs) || rep.Tests != rep.Failures+rep.Errors {
		t.Errorf("tests=%d failures=%d errors=%d, want failures %d, errors %d", rep.Tests, rep.Failures, rep.Errors, unsuppressed(fs), len(probs))
	}
}

// TestSchemaValidatorRejects keeps the validator honest: each document breaks one rule.
func TestSchemaValidatorRejects(t *testing.T) {
	cs := loadXSD(t, "testdata/checkstyle.xsd")
	ju := loadXSD(t, "testdata/junit.xsd")
	cases := []struct {
		name string
		xsd  *xsdSchema
		doc  string
	}{
		{"unknown root", cs, `<report/>`},
		{"missing required attribute", cs, `<checkstyle version="4.3"><file name="a"><error line="1" severity="error"/></file></checkstyle>`},
		{"bad enumeration", cs, `<checkstyle version="4.3"><file name="a"><error line="1" severity="note" message="m"/></file></checkstyle>`},
		{"bad integer", cs, `<checkstyle version="4.3"><file name="a"><error line="x" severity="error" message="m"/></file></checkstyle>`},
		{"undeclared attribute", cs, `<checkstyle version="4.3" tool="t"/>`},
		{"child out of place", cs, `<checkstyle version="4.3"><error line="1" severity="error" message="m"/></checkstyle>`},
		{"text in element content", cs, `<checkstyle version="4.3">text</checkstyle>`},
		{"testcase without name", ju, `<testsuites><testsuite name="s" tests="1" failures="0" errors="0"><testcase/></testsuite></testsuites>`},
		{"testsuite without counts", ju, `<testsuites><testsuite name="s"/></testsuites>`},
		{"bad time pattern", ju, `<testsuites time="soon"/>`},
		{"undeclared testcase attribute", ju, `<testsuites><testsuite name="s" tests="1" failures="0" errors="0"><testcase name="c" line="3"/></testsuite></testsuites>`},
	}
	for _, c := range cases {
		if errs := c.xsd.validate([]byte(c.doc)); len(errs) == 0 {
			t.Errorf("%s: %s validates", c.name, c.doc)
		}
	}
	ok := `<testsuites tests="1"><testsuite name="s" tests="1" failures="1" errors="0" time="1.5"><testcase name="c" classname="k"><failure message="m" type="t">text</failure></testcase></testsuite></testsuites>`
	if errs := ju.validate([]byte(ok)); len(errs) > 0 {
		t.Errorf("valid junit rejected: %v", errs)
	}
}

func unsuppressed(fs []Finding) int {
	n := 0
	for _, f := range fs {
		if f.Suppressed == nil {
			n++
		}
	}
	return n
}

func TestGitHubWorkflowCommands(t *testing.T) {
	fs, probs := ciSample()
	var buf bytes.Buffer
	if err := WriteGitHub(&buf, fs, probs); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if want := unsuppressed(fs) + len(probs); len(lines) != want {
		t.Fatalf("%d commands, want %d:\n%s", len(lines), want, buf.String())
	}
	// ::LEVEL key=value,...::message, with %, CR and LF escaped everywhere and ':' and ','
	// also escaped in property values (the runner's escapeProperty).
	cmd := regexp.MustCompile(`^::(error|warning|notice)( ([a-zA-Z]+=[^,:\r\n]*)(,[a-zA-Z]+=[^,:\r\n]*)*)?::[^\r\n]*$`)
	for _, l := range lines {
		if !cmd.MatchString(l) {
			t.Errorf("not a workflow command: %q", l)
		}
	}
	want := "::notice file=db/0001 x%2Cy.sql,line=3,col=1,title=TV5022::quote \" amp & lt < newline%0Aand 100%25 done, a:b"
	if !strings.Contains(buf.String(), want+"\n") {
		t.Errorf("escaped command missing: want %q in\n%s", want, buf.String())
	}
	if !strings.Contains(buf.String(), "::error file=db/0002.sql,line=4,col=17,title=tenantvet::syntax error") {
		t.Errorf("problem not reported as an error command:\n%s", buf.String())
	}
	for _, f := range fs {
		if f.Suppressed != nil && strings.Contains(buf.String(), f.Message) {
			t.Error("suppressed finding annotated")
		}
	}
}
