package sqlcheck

import (
	"errors"
	"unsafe"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"github.com/pganalyze/pg_query_go/v5/parser"
)

// span is a byte range of a prepared file's text; err is set for a statement the scanner
// rejected without saying where.
type span struct {
	off, end int
	err      error
}

// maxJoin bounds how many following pieces a statement that ends too early may take in (the
// statements of a BEGIN ATOMIC body, which the scanner splits at their semicolons).
const maxJoin = 256

// splitStatements splits text into statements with PostgreSQL's scanner (pg_query's
// SplitWithScanner: semicolons outside strings, comments and parentheses). The text between
// two pieces that is more than semicolons and comments (words without a keyword, which the
// scanner does not count as a statement, or an unclosed parenthesis at the end) is returned too,
// so that its syntax error is reported instead of silently dropped. A scanner error (an
// unterminated string or comment) ends the list: nothing after it can be read, as in
// PostgreSQL; the error is returned with the statements before it.
func splitStatements(text string) ([]span, error) {
	limit := len(text)
	pieces, err := pg_query.SplitWithScanner(text, false)
	var scanErr error
	if err != nil {
		scanErr = err
		var pe *parser.Error
		if !errors.As(err, &pe) {
			return nil, err
		}
		if pe.Cursorpos <= 0 {
			return splitAround(text, err), nil
		}
		limit = charToByte(text, pe.Cursorpos)
		if pieces, err = pg_query.SplitWithScanner(text[:limit], false); err != nil {
			return nil, scanErr
		}
	}
	var out []span
	prev := 0
	addGap := func(end int) {
		if hasTokens(text[prev:end]) {
			out = append(out, span{off: prev, end: end})
		}
	}
	for _, p := range pieces {
		if len(p) == 0 {
			continue
		}
		off := offsetIn(text, p)
		if off < prev || off+len(p) > limit {
			return nil, errors.New("statement splitter returned text outside the file")
		}
		addGap(off)
		out = append(out, span{off: off, end: off + len(p)})
		prev = off + len(p)
	}
	if scanErr == nil {
		addGap(limit)
	} else if n := len(out); n > 0 && out[n-1].end == limit {
		// The last piece runs into the bad token: it is part of the error, not a statement.
		out = out[:n-1]
	}
	return out, scanErr
}

// splitAround handles a scanner error without a position (an escape giving invalid UTF-8): it
// finds, by bisection, the shortest prefix of text the scanner rejects so, which ends with the
// bad token, and returns the statements before, the bad statement with the error, and the
// statements after.
func splitAround(text string, err error) []span {
	positionless := func(n int) bool {
		_, e := pg_query.SplitWithScanner(text[:n], false)
		var pe *parser.Error
		return errors.As(e, &pe) && pe.Cursorpos <= 0
	}
	lo, hi := 0, len(text) // positionless(hi) holds
	for hi-lo > 1 {
		if mid := (lo + hi) / 2; positionless(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	var out []span
	start := 0
	before, _ := splitStatements(text[:hi-1])
	for _, sp := range before {
		if sp.end < hi-1 && text[sp.end] == ';' && sp.err == nil {
			out = append(out, sp)
			start = sp.end + 1
		}
	}
	bad := span{off: start, end: hi, err: err}
	after, aerr := splitStatements(text[hi:])
	if len(after) > 0 && after[0].off == 0 {
		bad.end = hi + after[0].end
		after = after[1:]
	}
	out = append(out, bad)
	for _, sp := range after {
		out = append(out, span{off: sp.off + hi, end: sp.end + hi, err: sp.err})
	}
	var pe *parser.Error
	if errors.As(aerr, &pe) && pe.Cursorpos > 0 {
		// Placed at the bad token: a copy without a cursor puts it at the span's first token.
		at := hi + charToByte(text[hi:], pe.Cursorpos)
		out = append(out, span{off: at, end: len(text), err: &parser.Error{Message: pe.Message}})
	} else if aerr != nil {
		out = append(out, span{off: len(text), end: len(text), err: aerr})
	}
	return out
}

// offsetIn returns the byte offset of sub, a substring sliced from s, within s.
func offsetIn(s, sub string) int {
	return int(uintptr(unsafe.Pointer(unsafe.StringData(sub))) - uintptr(unsafe.Pointer(unsafe.StringData(s))))
}

// hasTokens reports whether text holds anything but white space, comments and semicolons.
func hasTokens(text string) bool {
	for i := 0; ; {
		i = skipTrivia(text, i)
		if i >= len(text) {
			return false
		}
		if text[i] != ';' {
			return true
		}
		i++
	}
}

// replayStatements splits src into statements, parses each on its own and replays it. A
// statement that does not parse is reported at the parser's position (at the statement when
// the parser gives none) and the replay goes on with the next one, so one bad statement does
// not hide the rest of the file. Each parse tree is dropped once replayed: memory follows the
// largest statement, not the file.
func (r *replayer) replayStatements(src *source) {
	spans, err := splitStatements(src.text)
	for i := 0; i < len(spans); i++ {
		sp := spans[i]
		if sp.err != nil {
			r.errs = append(r.errs, stmtError(src, sp, sp.err))
			continue
		}
		tree, perr := pg_query.Parse(src.text[sp.off:sp.end])
		if perr != nil && atEnd(src.text[sp.off:sp.end], perr) {
			// The statement goes on past the semicolon (BEGIN ATOMIC ... END): take in the
			// following pieces while the parser still wants more.
			for j := i + 1; j < len(spans) && j <= i+maxJoin; j++ {
				t, e := pg_query.Parse(src.text[sp.off:spans[j].end])
				if e == nil {
					tree, perr, sp, i = t, nil, span{off: sp.off, end: spans[j].end}, j
					break
				}
				if !atEnd(src.text[sp.off:spans[j].end], e) {
					break
				}
			}
		}
		if perr != nil {
			r.errs = append(r.errs, stmtError(src, sp, perr))
			continue
		}
		r.base = sp.off
		for _, raw := range tree.Stmts {
			r.rawOff = sp.off + int(raw.StmtLocation)
			r.stmtOff = skipTrivia(src.text, r.rawOff)
			r.stmtLen = int(raw.StmtLen)
			if r.stmtLen == 0 {
				r.stmtLen = sp.end - r.rawOff
			}
			r.stmt(raw.Stmt)
		}
	}
	if err != nil {
		r.errs = append(r.errs, stmtError(src, span{end: len(src.text)}, err))
	}
}

// atEnd reports whether a parse error of text is at its end: the statement is incomplete.
func atEnd(text string, err error) bool {
	var pe *parser.Error
	return errors.As(err, &pe) && pe.Cursorpos > 0 && skipTrivia(text, charToByte(text, pe.Cursorpos)) >= len(text)
}

// stmtError places a parser or scanner error of the statement at sp: at the error's cursor,
// else at the statement's first token.
func stmtError(src *source, sp span, err error) error {
	off := skipTrivia(src.text, sp.off)
	msg := err.Error()
	var pe *parser.Error
	if errors.As(err, &pe) {
		msg = pe.Message
		if pe.Cursorpos > 0 {
			off = sp.off + charToByte(src.text[sp.off:sp.end], pe.Cursorpos)
		}
	}
	l, c := src.index.lineCol(off)
	return &ParseError{File: src.path, Line: l, Col: c, Msg: msg}
}
