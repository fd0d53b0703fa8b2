package main

import (
	"os"
	"strings"
	"testing"
)

// TestREADMERulesTable keeps the README's rule table equal to the catalogue. Run with
// UPDATE_README=1 to rewrite it.
func TestREADMERulesTable(t *testing.T) {
	const path = "../../README.md"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const start, end = "<!-- rules:start -->\n", "<!-- rules:end -->"
	s := string(data)
	i, j := strings.Index(s, start), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatal("README.md lacks the rules:start and rules:end markers")
	}
	want := rulesMarkdown()
	if got := s[i+len(start) : j]; got != want {
		if os.Getenv("UPDATE_README") != "" {
			if err := os.WriteFile(path, []byte(s[:i+len(start)]+want+s[j:]), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("README.md rule table is stale; run UPDATE_README=1 go test ./cmd/tenantvet -run TestREADMERulesTable\ngot:\n%s\nwant:\n%s", got, want)
	}
}
