package config

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/tenantvet/tenantvet/internal/rules"
)

// FileNames are the names Find looks for, in order.
var FileNames = []string{".tenantvet.yaml", ".tenantvet.yml"}

// File is a loaded .tenantvet.yaml: flag values by flag name, paths already made absolute.
type File struct {
	Path   string
	Values map[string]string
	Hash   string // hex SHA-256 of the file's bytes, folded into the go vet tool identity
}

// Error is a configuration error with its position in the file.
type Error struct {
	File      string
	Line, Col int
	Key       string
	Msg       string
}

func (e *Error) Error() string {
	pos := e.File
	if e.Line > 0 {
		pos = fmt.Sprintf("%s:%d:%d", e.File, e.Line, e.Col)
	}
	if e.Key != "" {
		return fmt.Sprintf("%s: %s: %s", pos, e.Key, e.Msg)
	}
	return fmt.Sprintf("%s: %s", pos, e.Msg)
}

// Find walks up from dir to the file system root and returns the first configuration file, or ""
// when there is none.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		for _, name := range FileNames {
			p := filepath.Join(dir, name)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p, nil
			} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return "", fmt.Errorf("look for configuration: %w", err)
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Load reads and validates a configuration file.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read configuration: %w", err)
	}
	return Parse(path, data)
}

// Parse validates configuration bytes. Every unknown key, wrong type or malformed YAML is an
// *Error naming the file, the line and the key.
func Parse(path string, data []byte) (*File, error) {
	sum := sha256.Sum256(data)
	f := &File{Path: path, Values: map[string]string{}, Hash: hex.EncodeToString(sum[:])}
	parsed, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, yamlError(path, err)
	}
	if len(parsed.Docs) > 1 {
		return nil, &Error{File: path, Line: 1, Col: 1, Msg: "only one YAML document is allowed"}
	}
	if len(parsed.Docs) == 0 || parsed.Docs[0].Body == nil {
		return f, nil // an empty file configures nothing
	}
	body := parsed.Docs[0].Body
	mapping, ok := asMapping(body)
	if !ok {
		if _, isNull := body.(*ast.NullNode); isNull {
			return f, nil
		}
		l, c := pos(body)
		return nil, &Error{File: path, Line: l, Col: c, Msg: "the configuration must be a mapping of setting names to values"}
	}
	dir := filepath.Dir(path)
	seen := map[string]bool{}
	for _, mv := range mapping {
		l, c := pos(mv.Key)
		name := strings.TrimSpace(mv.Key.String())
		if s, ok := mv.Key.(*ast.StringNode); ok {
			name = s.Value
		}
		key, known := keyByYAML(name)
		if !known {
			return nil, &Error{File: path, Line: l, Col: c, Key: name, Msg: "unknown key" + suggest(name)}
		}
		if seen[name] {
			return nil, &Error{File: path, Line: l, Col: c, Key: name, Msg: "key appears twice"}
		}
		seen[name] = true
		v, err := value(key, mv.Value, dir)
		if err != nil {
			at := mv.Value
			var ne *nodeError
			if errors.As(err, &ne) {
				at = ne.node
			}
			vl, vc := pos(at)
			return nil, &Error{File: path, Line: vl, Col: vc, Key: name, Msg: err.Error()}
		}
		f.Values[key.Flag] = v
	}
	s := Default()
	if err := f.ApplySettings(s); err != nil {
		return nil, err
	}
	if err := s.Validate(); err != nil {
		return nil, &Error{File: path, Msg: err.Error()}
	}
	return f, nil
}

// Apply sets, on fs, every flag that the file configures and fs defines. Call it before the
// command line is parsed so explicit flags win.
func (f *File) Apply(fs *flag.FlagSet) error {
	if f == nil {
		return nil
	}
	for _, k := range Keys {
		v, ok := f.Values[k.Flag]
		if !ok || fs.Lookup(k.Flag) == nil {
			continue
		}
		if err := fs.Set(k.Flag, v); err != nil {
			return &Error{File: f.Path, Key: k.YAML(), Msg: err.Error()}
		}
	}
	return nil
}

// ApplySettings sets the configured values on s directly (used by `tenantvet sql`).
func (f *File) ApplySettings(s *Settings) error {
	if f == nil {
		return nil
	}
	fs := flag.NewFlagSet("config", flag.ContinueOnError)
	s.Bind(fs)
	return f.Apply(fs)
}

func value(k Key, n ast.Node, dir string) (string, error) {
	switch k.kind {
	case kindString, kindPath:
		s, ok := scalar(n)
		if !ok {
			return "", fmt.Errorf("want a string, got %s", describe(n))
		}
		if k.kind == kindPath && s != "" && !filepath.IsAbs(s) {
			s = filepath.Join(dir, s)
		}
		return s, nil
	case kindBool:
		b, ok := n.(*ast.BoolNode)
		if !ok {
			return "", fmt.Errorf("want true or false, got %s", describe(n))
		}
		if b.Value {
			return "true", nil
		}
		return "false", nil
	case kindChecks:
		items, err := value(Key{kind: kindList}, n, dir)
		if err != nil {
			return "", err
		}
		// Check each item alone, so the error points at the one that names nothing.
		if seq, ok := n.(*ast.SequenceNode); ok {
			for _, it := range seq.Values {
				s, _ := scalar(it)
				if err := checkItem(s); err != nil {
					return "", &nodeError{it, err.Error()}
				}
			}
		}
		if err := Checks(splitList(items)).Validate(); err != nil {
			return "", err
		}
		return items, nil
	case kindSeverity:
		if _, isNull := n.(*ast.NullNode); isNull {
			return "", nil
		}
		mapping, ok := asMapping(n)
		if !ok {
			return "", fmt.Errorf("want a mapping of rules to error, warning or note, got %s", describe(n))
		}
		var items []string
		for _, mv := range mapping {
			k, kok := scalar(mv.Key)
			if !kok {
				return "", &nodeError{mv.Key, "want a rule id, rule name or analyzer as the key"}
			}
			if !rules.Known(k) {
				return "", &nodeError{mv.Key, fmt.Sprintf("unknown rule or analyzer %q in severity: run `tenantvet rules` for the ids", k)}
			}
			l, lok := scalar(mv.Value)
			if !lok || !validLevel(l) {
				return "", &nodeError{mv.Value, fmt.Sprintf("severity of %s must be error, warning or note", k)}
			}
			items = append(items, k+"="+l)
		}
		return strings.Join(items, ","), nil
	case kindList, kindPathList:
		var items []string
		switch seq := n.(type) {
		case *ast.SequenceNode:
			for _, it := range seq.Values {
				s, ok := scalar(it)
				if !ok {
					return "", fmt.Errorf("want a list of strings, got an item that is %s", describe(it))
				}
				items = append(items, s)
			}
		case *ast.NullNode:
		default:
			s, ok := scalar(n)
			if !ok {
				return "", fmt.Errorf("want a list of strings, got %s", describe(n))
			}
			items = append(items, s)
		}
		for i, s := range items {
			if strings.Contains(s, ",") {
				return "", fmt.Errorf("item %q must not contain a comma", s)
			}
			if k.kind == kindPathList && !filepath.IsAbs(s) {
				items[i] = filepath.Join(dir, s)
			}
		}
		return strings.Join(items, ","), nil
	}
	return "", fmt.Errorf("unsupported setting")
}

// nodeError is an error about one part of a value (a list item, a mapping key), so the
// configuration error points at it rather than at the start of the value.
type nodeError struct {
	node ast.Node
	msg  string
}

func (e *nodeError) Error() string { return e.msg }

func scalar(n ast.Node) (string, bool) {
	switch v := n.(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.LiteralNode:
		return strings.TrimSpace(v.Value.Value), true
	case *ast.IntegerNode, *ast.FloatNode:
		return v.String(), true
	}
	return "", false
}

func describe(n ast.Node) string {
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.BoolNode:
		return "a boolean"
	case *ast.IntegerNode, *ast.FloatNode:
		return "a number"
	case *ast.NullNode:
		return "nothing"
	case *ast.StringNode, *ast.LiteralNode:
		return "a string"
	}
	return "an unsupported value"
}

func asMapping(n ast.Node) ([]*ast.MappingValueNode, bool) {
	switch m := n.(type) {
	case *ast.MappingNode:
		return m.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{m}, true
	}
	return nil, false
}

func pos(n ast.Node) (int, int) {
	if n == nil || n.GetToken() == nil || n.GetToken().Position == nil {
		return 0, 0
	}
	p := n.GetToken().Position
	return p.Line, p.Column
}

func keyByYAML(name string) (Key, bool) {
	for _, k := range Keys {
		if k.YAML() == name {
			return k, true
		}
	}
	return Key{}, false
}

func suggest(name string) string {
	norm := strings.NewReplacer("-", "_", " ", "_").Replace(strings.ToLower(name))
	for _, k := range Keys {
		if k.YAML() == norm || strings.TrimSuffix(k.YAML(), "s") == strings.TrimSuffix(norm, "s") {
			return fmt.Sprintf(" (did you mean %s?)", k.YAML())
		}
	}
	return ""
}

func yamlError(path string, err error) error {
	msg := err.Error()
	line, col := 0, 0
	// goccy/go-yaml errors start with "[line:col] message" followed by a source excerpt.
	if strings.HasPrefix(msg, "[") {
		if end := strings.Index(msg, "]"); end > 0 {
			fmt.Sscanf(msg[1:end], "%d:%d", &line, &col)
			msg = strings.TrimSpace(msg[end+1:])
		}
	}
	if i := strings.Index(msg, "\n"); i >= 0 {
		msg = msg[:i]
	}
	return &Error{File: path, Line: line, Col: col, Msg: "malformed YAML: " + msg}
}
