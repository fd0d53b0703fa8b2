package sqlcheck

import (
	"testing"
)

// FuzzSplit feeds arbitrary text to the lexer that blanks psql input and to the statement
// splitter: no input may panic, the prepared text keeps every byte offset, and the statements
// lie in order inside the file without overlapping.
func FuzzSplit(f *testing.F) {
	f.Add(base)
	f.Add("COPY t (a) FROM stdin WITH (FORMAT csv); -- x\n1,2\n\\.\nSELECT 1 \\gexec\n\\copy t from stdin\nx\n\\.\n")
	f.Add("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END; SELEC 3;; CREATE TABLE (")
	f.Add("SELECT E'\\xff'; SELECT 'a\x00b'; SELECT 'caf\xe9'; SELECT $$x")
	f.Add("SELECT 1; SELECT 'unterminated; SELECT 2")
	f.Add("/* a /* nested */ ; */ SELECT \"q;\" FROM x -- ;\n;")
	f.Fuzz(func(t *testing.T, content string) {
		src := prepare("fuzz.sql", content)
		if len(src.text) != len(content) {
			t.Fatalf("prepared text has %d bytes, the file %d", len(src.text), len(content))
		}
		spans, _ := splitStatements(src.text)
		prev := 0
		for _, sp := range spans {
			if sp.off < prev || sp.end < sp.off || sp.end > len(src.text) {
				t.Fatalf("span %+v after %d in a text of %d bytes: %q", sp, prev, len(src.text), content)
			}
			prev = sp.end
		}
	})
}
