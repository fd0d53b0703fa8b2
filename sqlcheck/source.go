package sqlcheck

import (
	"fmt"
	"strings"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v5"

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
	errs    []error // NUL bytes and invalid UTF-8
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
// quoted identifiers and dollar-quoted bodies, and blanks what is never applied: down sections,
// psql meta-commands (wherever they appear; those that send the query buffer, such as \g,
// \gexec and \gset, become the semicolon that ends the statement) and the data of COPY ... FROM
// stdin (and of psql's \copy ... from stdin), which runs to a line "\.". A NUL byte or invalid
// UTF-8 is an error at its line and column (and blanked, so that the rest is still read: the C
// parser would otherwise stop at a NUL).
func prepare(path, src string) *source {
	s := &source{path: path}
	var blank [][2]int
	var semis []int   // offsets where a psql meta-command ends the statement
	skipping := false // inside a down section
	skipFrom := 0
	lineStart := true // only white space so far on this line
	stmtStart := -1   // first token of the current statement
	n := len(src)
	i := 0
	// copyData blanks the data lines that follow the line holding offset at, up to "\.".
	copyData := func(at int) int {
		eol := strings.IndexByte(src[at:], '\n')
		if eol < 0 {
			return n
		}
		dataStart := at + eol + 1
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
		return j
	}
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
			continue
		case c == '\\':
			// A psql meta-command (\connect, \set, \gexec ...) runs to the end of the line.
			end := strings.IndexByte(src[i:], '\n')
			if end < 0 {
				end = n
			} else {
				end += i
			}
			blank = append(blank, [2]int{i, end})
			name, args := metaCommand(src[i:end])
			switch {
			case sendsBuffer(name):
				semis = append(semis, i)
				stmtStart = -1
				i = end
			case name == "copy" && stmtStart < 0 && copiesFromStdin("COPY "+args):
				i = copyData(i)
			default:
				i = end
			}
			lineStart = false
			continue
		case c == ';':
			if stmtStart >= 0 && !skipping && isCopy(src[stmtStart:i]) && copiesFromStdin(src[stmtStart:i]) {
				stmtStart = -1
				i = copyData(i)
				lineStart = false
				continue
			}
			stmtStart = -1
			i++
		case c == '\'':
			escape := i > 0 && (src[i-1] == 'E' || src[i-1] == 'e') && (i < 2 || !isIdentByte(src[i-2]))
			if stmtStart < 0 {
				stmtStart = i
			}
			i = skipQuoted(src, i, '\'', escape)
		case c == '"':
			if stmtStart < 0 {
				stmtStart = i
			}
			i = skipQuoted(src, i, '"', false)
		case c == '$' && (i == 0 || !isIdentByte(src[i-1])):
			if stmtStart < 0 {
				stmtStart = i
			}
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
		default:
			if stmtStart < 0 {
				stmtStart = i
			}
			i++
		}
		lineStart = false
	}
	if skipping {
		blank = append(blank, [2]int{skipFrom, n})
	}
	s.text = blankOut(src, blank)
	if len(semis) > 0 {
		b := []byte(s.text)
		for _, k := range semis {
			b[k] = ';'
		}
		s.text = string(b)
	}
	s.index = newLineIndex(path, s.text)
	s.text = s.checkEncoding(s.text)
	for _, d := range s.dirs {
		d.Line, d.Col = s.index.lineCol(d.Off)
	}
	return s
}

// metaCommand splits a psql meta-command line ("\\gset prefix") into its lower-case name and
// its arguments.
func metaCommand(line string) (name, args string) {
	line = strings.TrimRight(line[1:], "\r")
	k := strings.IndexAny(line, " \t\\")
	if k < 0 {
		return strings.ToLower(line), ""
	}
	return strings.ToLower(line[:k]), line[k:]
}

// sendsBuffer reports whether psql's meta-command name sends the query buffer to the server,
// ending the statement as a semicolon would.
func sendsBuffer(name string) bool {
	switch name {
	case "g", "gx", "gexec", "gset", "gdesc", "watch", "crosstabview", ";":
		return true
	}
	return false
}

// isCopy reports whether a statement's text starts with the COPY keyword: only those are given
// to the parser while lexing.
func isCopy(stmt string) bool {
	return len(stmt) >= 4 && strings.EqualFold(stmt[:4], "copy") && (len(stmt) == 4 || !isIdentByte(stmt[4]))
}

// copiesFromStdin reports whether stmt parses as COPY ... FROM STDIN, whatever its options.
func copiesFromStdin(stmt string) bool {
	tree, err := pg_query.Parse(stmt)
	if err != nil || len(tree.Stmts) != 1 {
		return false
	}
	cs := tree.Stmts[0].Stmt.GetCopyStmt()
	return cs != nil && cs.IsFrom && !cs.IsProgram && cs.Filename == ""
}

// checkEncoding reports each line holding a NUL byte or invalid UTF-8, at its first bad byte,
// and returns text with those bytes blanked.
func (s *source) checkEncoding(text string) string {
	if utf8.ValidString(text) && strings.IndexByte(text, 0) < 0 {
		return text
	}
	b := []byte(text)
	lastLine := 0
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r != 0 && (r != utf8.RuneError || size > 1) {
			i += size
			continue
		}
		if l, c := s.index.lineCol(i); l != lastLine {
			lastLine = l
			msg := "NUL byte in a migration: remove it (the file must be UTF-8 text)"
			if r != 0 {
				msg = fmt.Sprintf("invalid UTF-8 byte 0x%02x: save the migration as UTF-8", b[i])
			}
			s.errs = append(s.errs, &ParseError{File: s.path, Line: l, Col: c, Msg: msg})
		}
		b[i] = ' '
		i++
	}
	return string(b)
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
