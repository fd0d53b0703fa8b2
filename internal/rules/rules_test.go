package rules

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

func TestCatalogueIsWellFormed(t *testing.T) {
	all := All()
	if len(all) == 0 {
		t.Fatal("no rules in the catalogue")
	}
	idRE := regexp.MustCompile(`^TV[0-9]{4}$`)
	nameRE := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	for _, r := range all {
		if !idRE.MatchString(r.ID) {
			t.Errorf("%s: id is not TVnnnn", r.ID)
		}
		if !nameRE.MatchString(r.Name) {
			t.Errorf("%s: name %q is not kebab-case", r.ID, r.Name)
		}
		if strings.HasSuffix(r.Title, ".") || r.Title != strings.ToLower(r.Title[:1])+r.Title[1:] {
			t.Errorf("%s: title %q must start lower case and have no trailing period", r.ID, r.Title)
		}
		if !strings.Contains(r.Doc, "```") {
			t.Errorf("%s: doc has no fenced example", r.ID)
		}
	}
}

func TestLookupAndMatches(t *testing.T) {
	r := MustGet("TV0001")
	for _, key := range []string{"TV0001", "tv0001", r.Name, r.Analyzer} {
		if !Matches(key, r) {
			t.Errorf("Matches(%q) = false", key)
		}
		if !Known(key) {
			t.Errorf("Known(%q) = false", key)
		}
	}
	if Known("TV9999") || Known("nosuchrule") {
		t.Error("unknown keys reported as known")
	}
	if _, ok := Lookup("TV9999"); ok {
		t.Error("Lookup of an unknown id succeeded")
	}
}

func TestParseRejectsBadDocs(t *testing.T) {
	cases := map[string]string{
		"no front matter": "# x\n",
		"unknown key":     "---\nid: TV9000\nname: x\nanalyzer: a\nseverity: error\ntitle: t\nbogus: 1\n---\n## Bad\n## Good\n",
		"bad severity":    "---\nid: TV9000\nname: x\nanalyzer: a\nseverity: fatal\ntitle: t\n---\n## Bad\n## Good\n",
		"no good section": "---\nid: TV9000\nname: x\nanalyzer: a\nseverity: error\ntitle: t\n---\n## Bad\n",
		"id mismatch":     "---\nid: TV9001\nname: x\nanalyzer: a\nseverity: error\ntitle: t\n---\n## Bad\n## Good\n",
	}
	for name, doc := range cases {
		t.Run(name, func(t *testing.T) {
			fsys := fstest.MapFS{"d/TV9000.md": {Data: []byte(doc)}}
			if _, err := parse(fsys, "d"); err == nil {
				t.Fatal("parse accepted a malformed rule doc")
			}
		})
	}
	good := "---\nid: TV9000\nname: x\nanalyzer: a\nseverity: error\ntitle: t\n---\nText.\n\n## Bad\n\n```go\nx\n```\n\n## Good\n\n```go\ny\n```\n"
	rs, err := parse(fstest.MapFS{"d/TV9000.md": {Data: []byte(good)}}, "d")
	if err != nil || len(rs) != 1 || rs[0].Analyzer != "a" {
		t.Fatalf("parse(good) = %v, %v", rs, err)
	}
}
