package sqlcheck

import (
	"strings"

	"github.com/tenantvet/tenantvet/internal/directive"
)

// source is one migration file ready for the parser: the regions that are never applied (down
// sections, psql meta-commands, COPY data) are blanked with spaces, keeping every newline, so
// byte offsets, lines and columns are those of the original file.
type source struct {
	path    string
	text    string // blanked text given to the parser
	markers []string
	dirs    []*sqlDirective
	index   *lineIndex
}

// sqlDirective is a tenantvet directive found in a SQL comment.
type sqlDirective struct {
	directive.Directive
	Off  int  // byte offset of the comment
	used bool // for global markers: applied to a CREATE TABLE
}

// marker kinds found in line comments at the start of a line.
const (
	markUp   = 1
	markDown = 2
	markTern = 3
)

// migrationMarker classifies a line comment (including its "--").
func migrationMarker(text string) (kind int, layout string) {
	t := strings.TrimSpace(text)
	if strings.HasPrefix(t, "---- create above / drop below") {
		return markTern, "tern"
	}
	body := strings.TrimSpace(strings.TrimLeft(t, "-"))
	fields := strings.Fields(body)
	if len(fields) == 0 {
		return 0, ""
	}
	switch strings.ToLower(fields[0]) {
	case "+goose", "+migrate":
		layout := "goose"
		if strings.EqualFold(fields[0], "+migrate") {
			layout = "sql-migrate"
		}
		if len(fields) > 1 {
			switch strings.ToLower(fields[1]) {
			case "up":
				return markUp, layout
			case "down":
				return markDown, layout
			}
		}
		return 0, layout
	case "migrate:up":
		return markUp, "dbmate"
	case "migrate:down":
		return markDown, "dbmate"
	}
	return 0, ""
}

// prepare lexes src once: it finds comments (directives and layout markers), skips strings,
// quoted identifiers and dollar-quoted bodies, and blanks what is never applied.
func prepare(path, src string) *source {
	s := &source{path: path}
	var blank [][2]int
	skipping := false // inside a down section
	skipFrom := 0
	lineStart := true // only white space so far on this line
	n := len(src)
	i := 0
	for i < n {
		c := src[i]
		switch {
		case c == '\n':
			lineStart = true
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
			continue
		case c == '-' && i+1 < n && src[i+1] == '-':
			end := strings.IndexByte(src[i:], '\n')
			if end < 0 {
				end = n
			} else {
				end += i
			}
			text := src[i:end]
			if lineStart {
				if k, layout := migrationMarker(text); layout != "" {
					if len(s.markers) == 0 || s.markers[len(s.markers)-1] != layout {
						s.markers = append(s.markers, layout)
					}
					switch k {
					case markDown:
						if !skipping {
							skipping, skipFrom = true, i
						}
					case markUp:
						if skipping {
							blank = append(blank, [2]int{skipFrom, i})
							skipping = false
						}
					case markTern:
						if !skipping {
							skipping, skipFrom = true, end
						}
						blank = append(blank, [2]int{skipFrom, n})
						skipping = false
						i = n
						continue
					}
				}
			}
			if !skipping {
				if d, ok := directive.ParseComment(strings.TrimRight(text, "\r")); ok {
					s.dirs = append(s.dirs, &sqlDirective{Directive: d, Off: i})
				}
			}
			i = end
			continue
		case c == '/' && i+1 < n && src[i+1] == '*':
			i = skipBlockComment(src, i)
		case c == '\'':
			escape := i > 0 && (src[i-1] == 'E' || src[i-1] == 'e') && (i < 2 || !isIdentByte(src[i-2]))
			i = skipQuoted(src, i, '\'', escape)
		case c == '"':
			i = skipQuoted(src, i, '"', false)
		case c == '$' && (i == 0 || !isIdentByte(src[i-1])):
			if tag, ok := dollarTag(src, i); ok {
				j := strings.Index(src[i+len(tag):], tag)
				if j < 0 {
					i = n
				} else {
					i += len(tag) + j + len(tag)
				}
			} else {
				i++
			}
		case c == '\\' && lineStart:
			// A psql meta-command (\connect, \restrict, \set ...) runs to the end of the line.
			end := strings.IndexByte(src[i:], '\n')
			if end < 0 {
				end = n
			} else {
				end += i
			}
			blank = append(blank, [2]int{i, end})
			i = end
			continue
		case lineStart && (c == 'C' || c == 'c') && hasCopyFromStdin(src, i):
			// COPY ... FROM stdin; is followed by data lines up to a line "\.".
			eol := strings.IndexByte(src[i:], '\n')
			if eol < 0 {
				i = n
				continue
			}
			dataStart := i + eol + 1
			j := dataStart
			for j < n {
				e := strings.IndexByte(src[j:], '\n')
				line := src[j:]
				if e >= 0 {
					line = src[j : j+e]
				}
				if strings.TrimSpace(line) == `\.` {
					if e < 0 {
						j = n
					} else {
						j += e
					}
					break
				}
				if e < 0 {
					j = n
					break
				}
				j += e + 1
			}
			blank = append(blank, [2]int{dataStart, j})
			i = j
			lineStart = false
			continue
		default:
			i++
		}
		lineStart = false
	}
	if skipping {
		blank = append(blank, [2]int{skipFrom, n})
	}
	s.text = blankOut(src, blank)
	s.index = newLineIndex(path, s.text)
	for _, d := range s.dirs {
		d.Line, d.Col = s.index.lineCol(d.Off)
	}
	return s
}

func hasCopyFromStdin(src string, i int) bool {
	if len(src)-i < 5 || !strings.EqualFold(src[i:i+4], "copy") || isIdentByte(src[i+4]) {
		return false
	}
	eol := strings.IndexByte(src[i:], '\n')
	line := src[i:]
	if eol >= 0 {
		line = src[i : i+eol]
	}
	line = strings.ToLower(strings.TrimSpace(line))
	return strings.HasSuffix(line, "from stdin;")
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c >= 0x80 || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

// skipQuoted returns the offset after the quoted token at i; a doubled quote is an escaped quote.
func skipQuoted(src string, i int, q byte, backslash bool) int {
	i++
	for i < len(src) {
		switch src[i] {
		case '\\':
			if backslash {
				i += 2
				continue
			}
		case q:
			if i+1 < len(src) && src[i+1] == q {
				i += 2
				continue
			}
			return i + 1
		}
		i++
	}
	return len(src)
}

// dollarTag returns the $tag$ opening a dollar-quoted string at i.
func dollarTag(src string, i int) (string, bool) {
	j := i + 1
	for j < len(src) && src[j] != '$' {
		c := src[j]
		if !(c == '_' || c >= 0x80 || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || (j > i+1 && '0' <= c && c <= '9')) {
			return "", false
		}
		j++
	}
	if j >= len(src) {
		return "", false
	}
	return src[i : j+1], true
}

// blankOut replaces the bytes of the given ranges by spaces, keeping newlines.
func blankOut(src string, ranges [][2]int) string {
	if len(ranges) == 0 {
		return src
	}
	b := []byte(src)
	for _, r := range ranges {
		for k := max(r[0], 0); k < r[1] && k < len(b); k++ {
			if b[k] != '\n' {
				b[k] = ' '
			}
		}
	}
	return string(b)
}
