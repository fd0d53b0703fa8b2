package rules

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
)

// parse reads and validates the rule documents in dir; the generated catalogue is its output.
func parse(fsys fs.FS, dir string) ([]*Rule, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var out []*Rule
	seen := map[string]string{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".md") {
			continue
		}
		p := path.Join(dir, e.Name())
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		r, err := parseRule(data)
		if err != nil {
			return nil, fmt.Errorf("rule doc %s: %w", p, err)
		}
		if want := strings.TrimSuffix(e.Name(), ".md"); r.ID != want {
			return nil, fmt.Errorf("rule doc %s: id %q does not match the file name", p, r.ID)
		}
		for _, k := range []string{r.ID, r.Name} {
			if prev, dup := seen[strings.ToLower(k)]; dup {
				return nil, fmt.Errorf("rule doc %s: %q already used by %s", p, k, prev)
			}
			seen[strings.ToLower(k)] = p
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *Rule) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

func parseRule(data []byte) (*Rule, error) {
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	rest, ok := bytes.CutPrefix(data, []byte("---\n"))
	if !ok {
		return nil, fmt.Errorf("missing front matter")
	}
	front, body, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		return nil, fmt.Errorf("unterminated front matter")
	}
	var r Rule
	if err := yaml.UnmarshalWithOptions(front, &r, yaml.Strict()); err != nil {
		return nil, err
	}
	r.Doc = strings.TrimSpace(string(body)) + "\n"
	switch {
	case r.ID == "" || r.Name == "" || r.Analyzer == "" || r.Title == "":
		return nil, fmt.Errorf("id, name, analyzer and title are required")
	case r.Severity != Error && r.Severity != Warning && r.Severity != Note:
		return nil, fmt.Errorf("severity %q is not error, warning or note", r.Severity)
	case !strings.Contains(r.Doc, "\n## Bad") && !strings.HasPrefix(r.Doc, "## Bad"):
		return nil, fmt.Errorf("doc has no \"## Bad\" example section")
	case !strings.Contains(r.Doc, "\n## Good"):
		return nil, fmt.Errorf("doc has no \"## Good\" example section")
	}
	return &r, nil
}
