package driver

import (
	"bytes"
	"fmt"
	"go/format"
	"go/token"
	"io"
	"os"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Fix is a suggested fix with the file set its positions belong to.
type Fix struct {
	fset *token.FileSet
	fix  analysis.SuggestedFix
}

type edit struct {
	start, end int
	text       string
}

// ApplyFixes applies the first suggested fix of each finding. Edits are grouped by file; identical
// edits (the same fix seen through a package and its test variant) are applied once and
// overlapping different edits are an error. With diff, the result is printed as a unified diff and
// no file is written.
func ApplyFixes(fixes []Fix, diff bool, stdout io.Writer) error {
	byFile := map[string][]edit{}
	for _, f := range fixes {
		for _, te := range f.fix.TextEdits {
			p := f.fset.Position(te.Pos)
			end := p.Offset
			if te.End.IsValid() {
				end = f.fset.Position(te.End).Offset
			}
			byFile[p.Filename] = append(byFile[p.Filename], edit{p.Offset, end, string(te.NewText)})
		}
	}
	files := make([]string, 0, len(byFile))
	for f := range byFile {
		files = append(files, f)
	}
	slices.Sort(files)
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		out, err := applyEdits(src, byFile[name])
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if formatted, err := format.Source(out); err == nil && strings.HasSuffix(name, ".go") {
			out = formatted
		}
		if diff {
			io.WriteString(stdout, unifiedDiff(name, src, out))
			continue
		}
		st, err := os.Stat(name)
		if err != nil {
			return err
		}
		if err := os.WriteFile(name, out, st.Mode().Perm()); err != nil {
			return err
		}
	}
	return nil
}

func applyEdits(src []byte, edits []edit) ([]byte, error) {
	slices.SortFunc(edits, func(a, b edit) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return a.end - b.end
	})
	edits = slices.Compact(edits)
	var buf bytes.Buffer
	last := 0
	for _, e := range edits {
		if e.start < last || e.end < e.start || e.end > len(src) {
			return nil, fmt.Errorf("conflicting suggested fixes at offset %d", e.start)
		}
		buf.Write(src[last:e.start])
		buf.WriteString(e.text)
		last = e.end
	}
	buf.Write(src[last:])
	return buf.Bytes(), nil
}

// unifiedDiff renders the change from a to b as a unified diff with three lines of context. It
// uses a longest-common-subsequence over lines, which is fine for the small files fixes touch.
func unifiedDiff(name string, a, b []byte) string {
	if bytes.Equal(a, b) {
		return ""
	}
	al, bl := splitLines(a), splitLines(b)
	// Trim the common prefix and suffix so the quadratic part only sees the changed region.
	pre := 0
	for pre < len(al) && pre < len(bl) && al[pre] == bl[pre] {
		pre++
	}
	suf := 0
	for suf < len(al)-pre && suf < len(bl)-pre && al[len(al)-1-suf] == bl[len(bl)-1-suf] {
		suf++
	}
	ops := lcsOps(al[pre:len(al)-suf], bl[pre:len(bl)-suf])
	type line struct {
		op   byte
		text string
	}
	var lines []line
	for i := 0; i < pre; i++ {
		lines = append(lines, line{' ', al[i]})
	}
	for _, o := range ops {
		lines = append(lines, line{o.op, o.text})
	}
	for i := len(al) - suf; i < len(al); i++ {
		lines = append(lines, line{' ', al[i]})
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s\n", name, name)
	const ctx = 3
	for i := 0; i < len(lines); {
		if lines[i].op == ' ' {
			i++
			continue
		}
		start := max(i-ctx, 0)
		end := i
		for end < len(lines) {
			if lines[end].op != ' ' {
				end++
				continue
			}
			j := end
			for j < len(lines) && lines[j].op == ' ' && j-end < 2*ctx {
				j++
			}
			if j < len(lines) && lines[j].op != ' ' {
				end = j
				continue
			}
			end = min(end+ctx, len(lines))
			break
		}
		aStart, bStart, aLen, bLen := 1, 1, 0, 0
		for k := 0; k < start; k++ {
			if lines[k].op != '+' {
				aStart++
			}
			if lines[k].op != '-' {
				bStart++
			}
		}
		var body strings.Builder
		for k := start; k < end; k++ {
			if lines[k].op != '+' {
				aLen++
			}
			if lines[k].op != '-' {
				bLen++
			}
			body.WriteByte(lines[k].op)
			body.WriteString(lines[k].text)
			if !strings.HasSuffix(lines[k].text, "\n") {
				body.WriteString("\n\\ No newline at end of file\n")
			}
		}
		fmt.Fprintf(&sb, "@@ -%d,%d +%d,%d @@\n%s", aStart, aLen, bStart, bLen, body.String())
		i = end
	}
	return sb.String()
}

type diffOp struct {
	op   byte
	text string
}

func lcsOps(a, b []string) []diffOp {
	n, m := len(a), len(b)
	dp := make([][]int, n+1)
	for i := range dp {
		dp[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	var ops []diffOp
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			ops = append(ops, diffOp{' ', a[i]})
			i++
			j++
		case dp[i+1][j] >= dp[i][j+1]:
			ops = append(ops, diffOp{'-', a[i]})
			i++
		default:
			ops = append(ops, diffOp{'+', b[j]})
			j++
		}
	}
	for ; i < n; i++ {
		ops = append(ops, diffOp{'-', a[i]})
	}
	for ; j < m; j++ {
		ops = append(ops, diffOp{'+', b[j]})
	}
	return ops
}

func splitLines(b []byte) []string {
	var out []string
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			out = append(out, string(b))
			break
		}
		out = append(out, string(b[:i+1]))
		b = b[i+1:]
	}
	return out
}
