package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
)

// FingerprintKey names tenantvet's fingerprints among a SARIF result's partialFingerprints. v2
// hashes the normalised source line where v1 hashed the message.
const FingerprintKey = "tenantvet/v2"

// Fingerprint identifies a finding independently of its line number, so the baseline and code
// scanning can follow it when lines above it are added or removed or its function moves within
// the file: a hash of the rule, the file, the enclosing function or SQL object (Context) and the
// finding's source line with its white space normalised. A finding whose line could not be read
// (Fingerprint unset) falls back to hashing its message in place of the line.
func Fingerprint(f Finding) string {
	if f.Fingerprint != "" {
		return f.Fingerprint
	}
	return fingerprint(f, "\x01"+f.Message)
}

func fingerprint(f Finding, line string) string {
	h := sha256.Sum256([]byte(f.Rule + "\x00" + filepath.ToSlash(f.Position.File) + "\x00" + f.Context + "\x00" + line))
	return hex.EncodeToString(h[:16])
}

// NormalizeLine trims a source line and collapses each run of white space inside it to one
// space, so re-indenting code does not change its fingerprint.
func NormalizeLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// AddFingerprints sets the Context of findings in Go files (the enclosing function, as Func or
// Type.Method) and the Fingerprint of every finding. File names are resolved against dir when
// relative. Each file is read once; a file that cannot be read leaves its findings with the
// message-based fallback.
func AddFingerprints(dir string, fs []Finding) {
	type file struct {
		lines [][]byte
		funcs []funcRange
		ok    bool
	}
	files := map[string]*file{}
	load := func(name string) *file {
		if f, ok := files[name]; ok {
			return f
		}
		f := &file{}
		files[name] = f
		path := name
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, path)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return f
		}
		f.ok = true
		f.lines = bytes.Split(data, []byte("\n"))
		if strings.HasSuffix(name, ".go") {
			f.funcs = goFuncs(path, data)
		}
		return f
	}
	for i := range fs {
		f := &fs[i]
		src := load(f.Position.File)
		if !src.ok || f.Position.Line < 1 || f.Position.Line > len(src.lines) {
			f.Fingerprint = ""
			continue
		}
		if f.Context == "" {
			f.Context = enclosing(src.funcs, f.Position.Line)
		}
		f.line = NormalizeLine(string(src.lines[f.Position.Line-1]))
		f.Fingerprint = fingerprint(*f, f.line)
	}
}

type funcRange struct {
	name       string
	start, end int // lines
}

// goFuncs lists the function declarations of a Go file with their line ranges. A file that
// does not parse yields what the parser recovered.
func goFuncs(path string, src []byte) []funcRange {
	fset := token.NewFileSet()
	af, _ := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
	if af == nil {
		return nil
	}
	var out []funcRange
	for _, d := range af.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		name := fd.Name.Name
		if fd.Recv != nil && len(fd.Recv.List) == 1 {
			if t := recvTypeName(fd.Recv.List[0].Type); t != "" {
				name = t + "." + name
			}
		}
		out = append(out, funcRange{name, fset.Position(fd.Pos()).Line, fset.Position(fd.End()).Line})
	}
	return out
}

func recvTypeName(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}

func enclosing(funcs []funcRange, line int) string {
	for _, f := range funcs {
		if f.start <= line && line <= f.end {
			return f.name
		}
	}
	return ""
}
