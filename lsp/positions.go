package lsp

import (
	"sort"
	"unicode"
	"unicode/utf8"
)

// The CLI's positions are 1-based lines and 1-based byte columns; LSP's are 0-based lines and
// 0-based UTF-16 code unit offsets.

// lineStarts returns the byte offset at which each line of content starts.
func lineStarts(content []byte) []int {
	starts := []int{0}
	for i, b := range content {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// position converts a 1-based line and byte column to an LSP position. Out-of-range values are
// clamped, never a panic: a file may have changed since it was analysed.
func position(content []byte, starts []int, line, col int) Position {
	if line < 1 {
		return Position{}
	}
	if line > len(starts) {
		line = len(starts)
	}
	ls := starts[line-1]
	off := ls + max(col-1, 0)
	return Position{Line: line - 1, Character: utf16Len(content, ls, off)}
}

// offsetPosition converts a byte offset in content to an LSP position.
func offsetPosition(content []byte, starts []int, off int) Position {
	off = min(max(off, 0), len(content))
	i := sort.Search(len(starts), func(i int) bool { return starts[i] > off }) - 1
	return Position{Line: i, Character: utf16Len(content, starts[i], off)}
}

// utf16Len counts the UTF-16 code units of content[from:to], stopping at the end of the line.
func utf16Len(content []byte, from, to int) int {
	to = min(to, len(content))
	n := 0
	for i := from; i < to; {
		if content[i] == '\n' {
			break
		}
		r, size := utf8.DecodeRune(content[i:])
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
		i += size
	}
	return n
}

// byteOffset converts an LSP position back to a byte offset in content.
func byteOffset(content []byte, starts []int, p Position) int {
	if p.Line >= len(starts) {
		return len(content)
	}
	i, units := starts[max(p.Line, 0)], 0
	for i < len(content) && content[i] != '\n' && units < p.Character {
		r, size := utf8.DecodeRune(content[i:])
		if r >= 0x10000 {
			units += 2
		} else {
			units++
		}
		i += size
	}
	return i
}

// wordEnd returns the position after the word (letters, digits and underscores) that begins at
// the 1-based line and byte column, or after the one character there if it starts no word. A
// finding without an end (most SQL findings and some Go ones) is shown over that word rather
// than as an empty range, which several editors draw as nothing at all. At the end of a line
// the range stays empty.
func wordEnd(content []byte, starts []int, line, col int) Position {
	if line < 1 || line > len(starts) {
		return position(content, starts, line, col)
	}
	off := min(starts[line-1]+max(col-1, 0), len(content))
	end := off
	for end < len(content) {
		r, size := utf8.DecodeRune(content[end:])
		if !(r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			break
		}
		end += size
	}
	if end == off && off < len(content) && content[off] != '\n' && content[off] != '\r' {
		_, size := utf8.DecodeRune(content[off:])
		end += size
	}
	return offsetPosition(content, starts, end)
}
