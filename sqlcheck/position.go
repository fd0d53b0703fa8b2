package sqlcheck

import (
	"sort"
)

// Pos is a position in a migration file. Line and Col are 1-based; Col counts bytes. SL is the
// line the enclosing statement starts on, which suppression directives are matched against too.
type Pos struct {
	File string `json:"f"`
	Line int    `json:"l"`
	Col  int    `json:"c"`
	SL   int    `json:"sl,omitempty"`
}

// lineIndex maps byte offsets of one file to lines and columns.
type lineIndex struct {
	file  string
	src   string
	start []int // byte offset of the start of each line
}

func newLineIndex(file, src string) *lineIndex {
	starts := make([]int, 1, 64)
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{file: file, src: src, start: starts}
}

// lineCol converts a byte offset to a 1-based line and byte column.
func (x *lineIndex) lineCol(off int) (line, col int) {
	if off < 0 {
		off = 0
	}
	if off > len(x.src) {
		off = len(x.src)
	}
	i := sort.Search(len(x.start), func(i int) bool { return x.start[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return i + 1, off - x.start[i] + 1
}

// pos returns the position of byte offset off inside a statement starting at stmt.
func (x *lineIndex) pos(off, stmt int) Pos {
	l, c := x.lineCol(off)
	p := Pos{File: x.file, Line: l, Col: c}
	if sl, _ := x.lineCol(stmt); sl != l {
		p.SL = sl
	}
	return p
}

// charToByte converts PostgreSQL's 1-based character cursor into a 0-based byte offset of src.
// Error cursors count characters, while node locations count bytes.
func charToByte(src string, cursor int) int {
	if cursor <= 1 {
		return 0
	}
	n := 1
	for i := range src {
		if n == cursor {
			return i
		}
		n++
	}
	return len(src)
}

// skipTrivia returns the offset of the first byte at or after off that is neither white space
// nor part of a comment.
func skipTrivia(src string, off int) int {
	for off < len(src) {
		switch c := src[off]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			off++
		case c == '-' && off+1 < len(src) && src[off+1] == '-':
			for off < len(src) && src[off] != '\n' {
				off++
			}
		case c == '/' && off+1 < len(src) && src[off+1] == '*':
			off = skipBlockComment(src, off)
		default:
			return off
		}
	}
	return off
}

// skipBlockComment returns the offset after the (possibly nested) block comment at off.
func skipBlockComment(src string, off int) int {
	depth := 0
	for off < len(src) {
		switch {
		case off+1 < len(src) && src[off] == '/' && src[off+1] == '*':
			depth++
			off += 2
		case off+1 < len(src) && src[off] == '*' && src[off+1] == '/':
			depth--
			off += 2
			if depth == 0 {
				return off
			}
		default:
			off++
		}
	}
	return off
}
