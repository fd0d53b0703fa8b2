package sqlcheck

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tenantvet/tenantvet/internal/config"
)

// checkText checks one migration file and returns "line:col RULE" for its findings and
// "line:col: message" for its errors.
func checkText(t *testing.T, sql string) (findings, errs []string) {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "001_test.up.sql")
	if err := os.WriteFile(p, []byte(sql), 0o644); err != nil {
		t.Fatal(err)
	}
	fs, es := Check([]string{dir}, config.Default())
	findings = findingLines(fs, func(string) string { return "" })
	for _, e := range es {
		pe, ok := e.(*ParseError)
		if !ok {
			t.Fatalf("error without a position: %v", e)
		}
		errs = append(errs, itoa(int32(pe.Line))+":"+itoa(int32(pe.Col))+": "+pe.Msg)
	}
	return findings, errs
}

// disable is a statement the tests expect to be replayed: TV5006 at its line.
const disable = "ALTER TABLE notes DISABLE ROW LEVEL SECURITY;"

func TestSplitStatements(t *testing.T) {
	tests := []struct {
		name     string
		sql      string // appended to base: line 6 onwards
		findings []string
		errs     []string // "line:col: message prefix"
	}{
		{name: "error then a later statement", sql: "CREATE TABLE x (a int,);\n" + disable,
			findings: []string{":7:1 TV5006"}, errs: []string{"6:23: syntax error at or near \")\""}},
		{name: "two errors each at its position", sql: "SELECT 1 FROM WHERE;\nCREATE TABLE x (a int,);\nSELECT 2;\n  SELEC 3;\n" + disable,
			findings: []string{":10:1 TV5006"}, errs: []string{"6:15: syntax error at or near \"WHERE\"", "7:23: syntax error at or near \")\"", "9:3: syntax error at or near \"SELEC\""}},
		{name: "words without a keyword are not dropped", sql: "foo bar;\n" + disable,
			findings: []string{":7:1 TV5006"}, errs: []string{"6:1: syntax error at or near \"foo\""}},
		{name: "unclosed parenthesis at the end", sql: disable + "\nCREATE TABLE y (a int",
			findings: []string{":6:1 TV5006"}, errs: []string{"7:22: syntax error at end of input"}},
		{name: "error without a position is placed at its statement", sql: "SELECT 1;\n  SELECT 'a' || E'\\xff';\n" + disable,
			findings: []string{":8:1 TV5006"}, errs: []string{"7:3: invalid byte sequence for encoding \"UTF8\": 0xff"}},
		{name: "parenthesis left open runs to the end, as in psql", sql: disable + "\nCREATE TABLE y (a int;\n" + disable,
			findings: []string{":6:1 TV5006"}, errs: []string{"7:22: syntax error at or near \";\""}},
		{name: "error without a position, then an unterminated string", sql: disable + "\nSELECT E'\\xff';\nCREATE ROLE support BYPASSRLS;\nSELECT 'abc;\n" + disable,
			findings: []string{":6:1 TV5006", ":8:1 TV5017"}, errs: []string{"7:1: invalid byte sequence", "9:8: unterminated quoted string"}},
		{name: "unterminated string ends the file at its quote", sql: disable + "\nSELECT 'abc;\n" + disable,
			findings: []string{":6:1 TV5006"}, errs: []string{"7:8: unterminated quoted string"}},
		{name: "begin atomic body spans semicolons", sql: "CREATE FUNCTION f() RETURNS bigint LANGUAGE sql SECURITY DEFINER SET search_path = public\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT count(*) FROM notes;\nEND;\n" + disable,
			findings: []string{":6:1 TV5015", ":11:1 TV5006"}},
		{name: "empty statements", sql: ";;\n;" + disable + ";;",
			findings: []string{":7:2 TV5006"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			findings, errs := checkText(t, base+tc.sql)
			if !slices.Equal(findings, tc.findings) {
				t.Errorf("findings %v, want %v", findings, tc.findings)
			}
			if len(errs) != len(tc.errs) {
				t.Fatalf("errors %q, want %q", errs, tc.errs)
			}
			for i := range errs {
				if !strings.HasPrefix(errs[i], tc.errs[i]) {
					t.Errorf("error %q, want %q...", errs[i], tc.errs[i])
				}
			}
		})
	}
}

func TestPsqlInput(t *testing.T) {
	// The data lines look like SQL: were they parsed, they would be findings or errors.
	data := "1\tALTER TABLE notes DISABLE ROW LEVEL SECURITY;\n2\tx\n\\.\n"
	tests := []struct {
		name     string
		sql      string // appended to base: line 6 onwards
		findings []string
	}{
		{name: "copy from stdin", sql: "COPY notes (id, body) FROM stdin;\n" + data + disable, findings: []string{":10:1 TV5006"}},
		{name: "copy with csv", sql: "COPY notes (id, body) FROM STDIN WITH CSV;\n" + data + disable, findings: []string{":10:1 TV5006"}},
		{name: "copy with options", sql: "COPY notes (id, body) FROM stdin WITH (FORMAT text, DELIMITER E'\\t');\n" + data + disable, findings: []string{":10:1 TV5006"}},
		{name: "copy with a comment", sql: "COPY notes FROM stdin; -- seed data\n" + data + disable, findings: []string{":10:1 TV5006"}},
		{name: "copy over lines", sql: "COPY notes (id,\n  body)\nFROM stdin\n  WITH (FORMAT csv);\n" + data + disable, findings: []string{":13:1 TV5006"}},
		{name: "psql copy", sql: "\\copy notes (id, body) from stdin with csv\n" + data + disable, findings: []string{":10:1 TV5006"}},
		{name: "copy from a file has no data", sql: "COPY notes FROM '/tmp/notes.csv';\n" + disable, findings: []string{":7:1 TV5006"}},
		{name: "meta-commands on their own lines", sql: "\\set ON_ERROR_STOP on\n\\connect notes\n" + disable, findings: []string{":8:1 TV5006"}},
		{name: "gexec ends the statement", sql: "SELECT format('ANALYZE %I', tablename) FROM pg_tables \\gexec\n" + disable, findings: []string{":7:1 TV5006"}},
		{name: "g ends the statement", sql: "SELECT 1 \\g\n" + disable, findings: []string{":7:1 TV5006"}},
		{name: "gset ends the statement", sql: "SELECT current_database() AS db\\gset\n" + disable, findings: []string{":7:1 TV5006"}},
		{name: "inline meta-command mid-statement", sql: "ALTER TABLE notes \\echo hi\n  DISABLE ROW LEVEL SECURITY;", findings: []string{":6:1 TV5006"}},
		{name: "backslash in strings is not a meta-command", sql: "SELECT E'\\\\g', '\\gexec', $$\\g$$, \"a\\g\" FROM notes;\n" + disable, findings: []string{":7:1 TV5006"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			findings, errs := checkText(t, base+tc.sql)
			if len(errs) > 0 {
				t.Errorf("errors: %q", errs)
			}
			if !slices.Equal(findings, tc.findings) {
				t.Errorf("findings %v, want %v", findings, tc.findings)
			}
		})
	}
}

func TestEncodingErrors(t *testing.T) {
	tests := []struct {
		name string
		sql  string // appended to base: line 6 onwards
		errs []string
	}{
		{name: "nul byte", sql: "SELECT 1;\n  SELECT 'a\x00b';\n" + disable, errs: []string{"7:12: NUL byte"}},
		{name: "invalid utf-8", sql: "-- caf\xe9\nSELECT 'ok';\nSELECT 'caf\xe9', '\xff';\n" + disable, errs: []string{"6:7: invalid UTF-8 byte 0xe9", "8:12: invalid UTF-8 byte 0xe9"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			findings, errs := checkText(t, base+tc.sql)
			// The rest of the file is still read: the last statement is replayed.
			if len(findings) != 1 || !strings.HasSuffix(findings[0], " TV5006") {
				t.Errorf("findings %v, want the DISABLE at the end", findings)
			}
			if len(errs) != len(tc.errs) {
				t.Fatalf("errors %q, want %q", errs, tc.errs)
			}
			for i := range errs {
				if !strings.HasPrefix(errs[i], tc.errs[i]) {
					t.Errorf("error %q, want %q...", errs[i], tc.errs[i])
				}
			}
		})
	}
}
