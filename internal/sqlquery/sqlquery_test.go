package sqlquery

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"
)

// fakeCatalog is a schema: tenant tables with their tenant column, global tables, and child
// tables with their parents.
type fakeCatalog struct {
	tenant  map[string]string
	global  map[string]bool
	parents map[string][]Parent
}

func (f fakeCatalog) TenantColumn(t string) (string, bool) {
	if len(f.parents[t]) > 0 {
		return "", true
	}
	c, ok := f.tenant[t]
	return c, ok
}
func (f fakeCatalog) TenantParents(t string) []Parent { return f.parents[t] }
func (f fakeCatalog) IsGlobal(t string) bool          { return f.global[t] }
func (f fakeCatalog) Known(t string) bool {
	_, ok := f.tenant[t]
	return ok || f.global[t] || t == "tenants"
}
func (f fakeCatalog) HasRLS() bool            { return false }
func (f fakeCatalog) TableHasRLS(string) bool { return false }
func (f fakeCatalog) RLSEnabled(string) bool  { return false }

var cat = fakeCatalog{
	tenant: map[string]string{"notes": "tenant_id", "projects": "tenant_id", "memberships": "org_id", "attachments": "", "posts": "tenant_id"},
	global: map[string]bool{"plans": true},
	parents: map[string][]Parent{
		// comments.note_id references notes(id); note_links (note_id, rev) references notes (id, rev)
		"comments":   {{Table: "notes", Column: "tenant_id", Cols: []string{"note_id"}, RefCols: []string{"id"}}},
		"note_links": {{Table: "public.notes", Column: "tenant_id", Cols: []string{"note_id", "rev"}, RefCols: []string{"id", "rev"}}},
		// comment_reactions.comment_id references comments(id), a child of notes
		"comment_reactions": {{Table: "comments", Column: "", Cols: []string{"comment_id"}, RefCols: []string{"id"}}},
		// post_tags.post_id references posts(post_id): the key has the same name on both sides
		"post_tags": {{Table: "posts", Column: "tenant_id", Cols: []string{"post_id"}, RefCols: []string{"post_id"}}},
	},
}

func problems(t *testing.T, sql string) (string, []int) {
	t.Helper()
	q, err := Analyze(sql)
	if err != nil {
		t.Fatalf("Analyze(%q): %v", sql, err)
	}
	res := q.CheckAll(cat, []string{"tenant_id"})
	var out []string
	for _, p := range res.Problems {
		out = append(out, fmt.Sprintf("%s:%s", p.Kind, p.Name()))
	}
	return strings.Join(out, ","), res.TenantParams
}

func TestCheck(t *testing.T) {
	cases := []struct {
		sql    string
		want   string
		params []int
	}{
		// single tables
		{"SELECT * FROM notes WHERE id = $1", "unfiltered:notes", nil},
		{"SELECT * FROM notes WHERE id = $1 AND tenant_id = $2", "", []int{2}},
		{"SELECT * FROM notes n WHERE n.tenant_id = $1::uuid AND n.id = $2", "", []int{1}},
		{"SELECT * FROM notes WHERE tenant_id = current_setting('app.tenant_id')::uuid", "", nil},
		{"SELECT * FROM notes WHERE tenant_id = ANY($1)", "", []int{1}},
		{"SELECT * FROM notes WHERE tenant_id IN ($1, $2)", "", nil},
		{"SELECT * FROM notes WHERE (tenant_id = $1 OR tenant_id = $2) AND id = $3", "", []int{1, 2}},
		{"SELECT * FROM notes WHERE tenant_id = $1 OR public", "or-escape:notes", []int{1}},
		{"SELECT * FROM notes n WHERE n.id = $1 OR n.tenant_id = $2", "or-escape:notes n", []int{2}},
		{"SELECT * FROM notes WHERE NOT (tenant_id = $1)", "or-escape:notes", []int{1}},
		{"SELECT * FROM notes WHERE tenant_id <> $1", "or-escape:notes", nil},
		{"SELECT * FROM notes WHERE tenant_id = id", "or-escape:notes", nil},
		{"SELECT count(*) FROM plans", "", nil},
		{"SELECT 1", "", nil},
		{"SELECT * FROM unknown_table", "", nil},
		{"SELECT * FROM memberships WHERE org_id = $1", "", []int{1}},
		{"SELECT * FROM memberships WHERE tenant_id = $1", "unfiltered:memberships", nil},
		// a tenant table without its own tenant column accepts the configured names
		{"SELECT * FROM attachments WHERE tenant_id = $1", "", []int{1}},
		{"SELECT * FROM attachments", "unfiltered:attachments", nil},
		// joins
		{"SELECT * FROM notes n JOIN projects p ON p.id = n.project_id WHERE n.tenant_id = $1", "unfiltered:projects p", []int{1}},
		{"SELECT * FROM notes n JOIN projects p ON p.id = n.project_id AND p.tenant_id = n.tenant_id WHERE n.tenant_id = $1", "", []int{1}},
		{"SELECT * FROM notes n JOIN projects p ON p.id = n.project_id AND p.tenant_id = $1 WHERE n.tenant_id = $1", "", []int{1}},
		{"SELECT * FROM notes JOIN projects USING (tenant_id) WHERE notes.tenant_id = $1", "", []int{1}},
		{"SELECT * FROM notes n LEFT JOIN projects p ON p.id = n.project_id, plans WHERE p.tenant_id = $1", "unfiltered:notes n", []int{1}},
		{"SELECT * FROM notes a, notes b WHERE a.tenant_id = $1", "unfiltered:notes b", []int{1}},
		{"SELECT * FROM notes n JOIN plans pl ON pl.id = n.plan_id WHERE n.tenant_id = $1", "", []int{1}},
		// subqueries and CTEs
		{"SELECT * FROM (SELECT * FROM notes) s WHERE s.tenant_id = $1", "unfiltered:notes", nil},
		{"SELECT * FROM (SELECT * FROM notes WHERE tenant_id = $1) s", "", []int{1}},
		{"SELECT * FROM projects p WHERE p.tenant_id = $1 AND EXISTS (SELECT 1 FROM notes n WHERE n.project_id = p.id)", "unfiltered:notes n", []int{1}},
		{"SELECT * FROM projects p WHERE p.tenant_id = $1 AND EXISTS (SELECT 1 FROM notes n WHERE n.project_id = p.id AND n.tenant_id = p.tenant_id)", "", []int{1}},
		{"SELECT * FROM notes WHERE tenant_id = $1 AND project_id IN (SELECT id FROM projects)", "unfiltered:projects", []int{1}},
		{"WITH recent AS (SELECT * FROM notes WHERE tenant_id = $1) SELECT * FROM recent r WHERE r.id = $2", "", []int{1}},
		{"WITH recent AS (SELECT * FROM notes) SELECT * FROM recent", "unfiltered:notes", nil},
		{"WITH notes AS (SELECT 1 AS id) SELECT * FROM notes", "", nil},
		// set operations
		{"SELECT id FROM notes WHERE tenant_id = $1 UNION SELECT id FROM projects", "unfiltered:projects", []int{1}},
		{"SELECT id FROM notes WHERE tenant_id = $1 UNION ALL SELECT id FROM projects WHERE tenant_id = $1", "", []int{1}},
		// updates and deletes
		{"UPDATE notes SET body = $1 WHERE id = $2", "unfiltered:notes", nil},
		{"UPDATE notes SET body = $1 WHERE id = $2 AND tenant_id = $3", "", []int{3}},
		{"UPDATE notes n SET body = p.name FROM projects p WHERE p.id = n.project_id AND n.tenant_id = $1", "unfiltered:projects p", []int{1}},
		{"UPDATE notes n SET body = p.name FROM projects p WHERE p.id = n.project_id AND n.tenant_id = $1 AND p.tenant_id = n.tenant_id", "", []int{1}},
		{"DELETE FROM notes WHERE id = $1", "unfiltered:notes", nil},
		{"DELETE FROM notes n USING projects p WHERE n.project_id = p.id AND p.tenant_id = $1", "unfiltered:notes n", []int{1}},
		{"DELETE FROM notes n USING projects p WHERE n.project_id = p.id AND p.tenant_id = $1 AND n.tenant_id = $1", "", []int{1}},
		{"DELETE FROM plans WHERE id = $1", "", nil},
		// inserts
		{"INSERT INTO notes (id, body) VALUES ($1, $2)", "insert-without-tenant:notes", nil},
		{"INSERT INTO notes (id, tenant_id, body) VALUES ($1, $2, $3)", "", []int{2}},
		{"INSERT INTO notes (id, tenant_id) VALUES ($1, $2) ON CONFLICT (tenant_id, id) DO UPDATE SET body = excluded.body", "", []int{2}},
		{"INSERT INTO notes (tenant_id, body) SELECT tenant_id, body FROM notes WHERE id = $1", "unfiltered:notes", nil},
		{"INSERT INTO notes (tenant_id, body) SELECT tenant_id, body FROM notes WHERE id = $1 AND tenant_id = $2", "", []int{2}},
		{"INSERT INTO notes VALUES ($1, $2, $3)", "", nil},
		{"INSERT INTO plans (id) VALUES ($1)", "", nil},
		{"WITH moved AS (DELETE FROM notes WHERE id = $1 RETURNING *) INSERT INTO notes (tenant_id) SELECT tenant_id FROM moved", "unfiltered:notes", nil},
		// several statements
		{"SELECT 1 FROM plans; SELECT * FROM notes", "unfiltered:notes", nil},
	}
	for _, tc := range cases {
		got, params := problems(t, tc.sql)
		if got != tc.want {
			t.Errorf("%s\n\tproblems %q, want %q", tc.sql, got, tc.want)
		}
		if !slices.Equal(params, tc.params) {
			t.Errorf("%s\n\ttenant params %v, want %v", tc.sql, params, tc.params)
		}
	}
}

// TestCheckChildTables: a child table (no tenant column, a foreign key to a tenant table) is
// confined through its parent: joined on the key with the parent's tenant constrained, or
// filtered by a sub-query on the parent. Each accepted shape beside a twin that is not.
func TestCheckChildTables(t *testing.T) {
	cases := []struct {
		sql    string
		want   string
		params []int
	}{
		{"SELECT * FROM comments WHERE id = $1", "unfiltered:comments", nil},
		{"SELECT * FROM comments WHERE note_id = $1", "unfiltered:comments", nil},
		{"SELECT * FROM comments WHERE tenant_id = $1", "unfiltered:comments", nil},
		// joined with the parent on the key, the parent's tenant constrained
		{"SELECT c.* FROM comments c JOIN notes n ON n.id = c.note_id WHERE n.tenant_id = $1 AND c.id = $2", "", []int{1}},
		{"SELECT c.* FROM comments c JOIN notes n ON c.note_id = n.id AND n.tenant_id = $1", "", []int{1}},
		{"SELECT comments.* FROM comments, notes WHERE notes.id = comments.note_id AND notes.tenant_id = $1", "", []int{1}},
		{"SELECT c.* FROM notes n LEFT JOIN comments c ON c.note_id = n.id WHERE n.tenant_id = $1", "", []int{1}},
		{"SELECT c.* FROM comments c LEFT JOIN notes n ON n.id = c.note_id WHERE n.tenant_id = $1", "", []int{1}},
		// ... the parent unfiltered: the parent's problem, once
		{"SELECT c.* FROM comments c JOIN notes n ON n.id = c.note_id WHERE c.id = $1", "unfiltered:notes n", nil},
		// ... joined on another column than the key
		{"SELECT c.* FROM comments c JOIN notes n ON n.id = c.id WHERE n.tenant_id = $1", "unfiltered:comments c", []int{1}},
		{"SELECT c.* FROM comments c JOIN notes n ON n.id <> c.note_id WHERE n.tenant_id = $1", "unfiltered:comments c", []int{1}},
		// ... the join inside an OR
		{"SELECT c.* FROM comments c, notes n WHERE (n.id = c.note_id OR c.id = $2) AND n.tenant_id = $1", "unfiltered:comments c", []int{1}},
		// ... the parent's tenant constrained only in the ON clause of an outer join that keeps every comment
		{"SELECT c.* FROM comments c LEFT JOIN notes n ON n.id = c.note_id AND n.tenant_id = $1", "unfiltered:comments c", []int{1}},
		// IN and = ANY over the parent's key
		{"SELECT * FROM comments WHERE note_id IN (SELECT id FROM notes WHERE tenant_id = $1) AND id = $2", "", []int{1}},
		{"SELECT * FROM comments c WHERE c.note_id = ANY (SELECT n.id FROM notes n WHERE n.tenant_id = $1)", "", []int{1}},
		{"DELETE FROM comments WHERE id = $1 AND note_id IN (SELECT id FROM notes WHERE tenant_id = $2)", "", []int{2}},
		{"UPDATE comments SET body = $1 WHERE note_id IN (SELECT id FROM notes WHERE tenant_id = $2)", "", []int{2}},
		// ... the sub-query unfiltered: the parent's problem
		{"SELECT * FROM comments WHERE note_id IN (SELECT id FROM notes WHERE id = $1)", "unfiltered:notes", nil},
		// ... NOT IN, another column, another table, or inside an OR
		{"SELECT * FROM comments WHERE note_id NOT IN (SELECT id FROM notes WHERE tenant_id = $1)", "unfiltered:comments", []int{1}},
		{"SELECT * FROM comments WHERE id IN (SELECT id FROM notes WHERE tenant_id = $1)", "unfiltered:comments", []int{1}},
		{"SELECT * FROM comments WHERE note_id IN (SELECT project_id FROM notes WHERE tenant_id = $1)", "unfiltered:comments", []int{1}},
		{"SELECT * FROM comments WHERE note_id IN (SELECT id FROM projects WHERE tenant_id = $1)", "unfiltered:comments", []int{1}},
		{"SELECT * FROM comments WHERE note_id IN (SELECT id FROM notes WHERE tenant_id = $1) OR id = $2", "unfiltered:comments", []int{1}},
		{"WITH notes AS (SELECT $1::uuid AS id) SELECT * FROM comments WHERE note_id IN (SELECT id FROM notes)", "unfiltered:comments", nil},
		// EXISTS on the parent, correlated on the key
		{"SELECT * FROM comments c WHERE EXISTS (SELECT 1 FROM notes n WHERE n.id = c.note_id AND n.tenant_id = $1)", "", []int{1}},
		{"SELECT * FROM comments c WHERE EXISTS (SELECT 1 FROM notes WHERE id = c.note_id AND tenant_id = $1)", "", []int{1}},
		{"SELECT * FROM comments c WHERE EXISTS (SELECT 1 FROM notes n WHERE n.id = c.note_id)", "unfiltered:notes n", nil},
		{"SELECT * FROM comments c WHERE NOT EXISTS (SELECT 1 FROM notes n WHERE n.id = c.note_id AND n.tenant_id = $1)", "unfiltered:comments c", []int{1}},
		{"SELECT * FROM comments c WHERE EXISTS (SELECT 1 FROM notes n WHERE n.id = c.id AND n.tenant_id = $1)", "unfiltered:comments c", []int{1}},
		{"SELECT * FROM comments c WHERE EXISTS (SELECT 1 FROM notes c WHERE c.id = c.note_id AND c.tenant_id = $1)", "unfiltered:comments c", []int{1}},
		// a sub-query correlated with a constrained parent of the outer level
		{"SELECT n.body, (SELECT count(*) FROM comments c WHERE c.note_id = n.id) FROM notes n WHERE n.tenant_id = $1", "", []int{1}},
		{"SELECT n.body FROM notes n WHERE n.tenant_id = $1 AND EXISTS (SELECT 1 FROM comments c WHERE c.note_id = n.id)", "", []int{1}},
		// ... the outer parent unconstrained (its own problem), correlated on another column, or its name hidden
		{"SELECT n.body, (SELECT count(*) FROM comments c WHERE c.note_id = n.id) FROM notes n", "unfiltered:notes n", nil},
		{"SELECT n.body, (SELECT count(*) FROM comments c WHERE c.id = n.id) FROM notes n WHERE n.tenant_id = $1", "unfiltered:comments c", []int{1}},
		{"SELECT n.body, (SELECT count(*) FROM comments c, projects n WHERE c.note_id = n.id AND n.tenant_id = $1) FROM notes n WHERE n.tenant_id = $1", "unfiltered:comments c", []int{1}},
		// a composite key needs every column
		{"SELECT l.* FROM note_links l JOIN notes n ON n.id = l.note_id AND n.rev = l.rev WHERE n.tenant_id = $1", "", []int{1}},
		{"SELECT l.* FROM note_links l JOIN notes n ON n.id = l.note_id WHERE n.tenant_id = $1", "unfiltered:note_links l", []int{1}},
	}
	for _, tc := range cases {
		got, params := problems(t, tc.sql)
		if got != tc.want {
			t.Errorf("%s\n\tproblems %q, want %q", tc.sql, got, tc.want)
		}
		if !slices.Equal(params, tc.params) {
			t.Errorf("%s\n\ttenant params %v, want %v", tc.sql, params, tc.params)
		}
	}
	q, _ := Analyze("SELECT * FROM comments WHERE id = $1")
	if ps := q.Check(cat, []string{"tenant_id"}); len(ps) != 1 || ps[0].Parent == nil || ps[0].Parent.Table != "notes" || ps[0].Column != "" {
		t.Errorf("problem %+v: want the parent notes named and no tenant column", ps)
	}
}

// TestCheckChildParentCTE: a CTE of the parent's rows stands for the parent: a child joined with
// it on the key, or filtered by a sub-query on it, is confined when the CTE's query is, and the
// CTE's own tenant filter is checked like any statement's.
func TestCheckChildParentCTE(t *testing.T) {
	cases := []struct {
		sql    string
		want   string
		params []int
	}{
		{"WITH n AS (SELECT id FROM notes WHERE tenant_id = $1) SELECT c.* FROM comments c JOIN n ON n.id = c.note_id", "", []int{1}},
		{"WITH n AS (SELECT id FROM notes WHERE tenant_id = $1) SELECT c.* FROM comments c WHERE c.note_id IN (SELECT id FROM n)", "", []int{1}},
		{"WITH n AS (SELECT id FROM notes WHERE tenant_id = $1) SELECT * FROM comments WHERE note_id = ANY (SELECT n.id FROM n)", "", []int{1}},
		{"WITH n AS (SELECT id FROM notes WHERE tenant_id = $1) SELECT c.* FROM comments c WHERE EXISTS (SELECT 1 FROM n WHERE n.id = c.note_id)", "", []int{1}},
		{"WITH n AS (SELECT id AS nid FROM notes WHERE tenant_id = $1) SELECT c.* FROM comments c JOIN n ON n.nid = c.note_id", "", []int{1}},
		{"WITH n (nid) AS (SELECT id FROM notes WHERE tenant_id = $1) SELECT c.* FROM comments c JOIN n ON n.nid = c.note_id", "", []int{1}},
		{"WITH n AS (SELECT * FROM notes WHERE tenant_id = $1) SELECT c.* FROM comments c JOIN n ON n.id = c.note_id", "", []int{1}},
		{"WITH n AS (SELECT notes.id, notes.rev FROM notes WHERE tenant_id = $1) SELECT l.* FROM note_links l JOIN n ON n.id = l.note_id AND n.rev = l.rev", "", []int{1}},
		{"WITH n AS (SELECT id FROM notes WHERE tenant_id = $1), c AS (SELECT c.* FROM comments c JOIN n ON n.id = c.note_id) SELECT * FROM c", "", []int{1}},
		// the CTE of the parent not confined: its own problem
		{"WITH n AS (SELECT id FROM notes WHERE id = $1) SELECT c.* FROM comments c JOIN n ON n.id = c.note_id", "unfiltered:notes", nil},
		{"WITH n AS (SELECT id FROM notes WHERE tenant_id = $1 OR is_public) SELECT c.* FROM comments c WHERE c.note_id IN (SELECT id FROM n)", "or-escape:notes", []int{1}},
		// ... a CTE of other values, another table, joined on another column, or the wrong column exposed
		{"WITH n AS (SELECT $1::uuid AS id) SELECT c.* FROM comments c JOIN n ON n.id = c.note_id", "unfiltered:comments c", nil},
		{"WITH n AS (SELECT id FROM projects WHERE tenant_id = $1) SELECT c.* FROM comments c JOIN n ON n.id = c.note_id", "unfiltered:comments c", []int{1}},
		{"WITH n AS (SELECT id FROM notes WHERE tenant_id = $1) SELECT c.* FROM comments c JOIN n ON n.id = c.id", "unfiltered:comments c", []int{1}},
		{"WITH n AS (SELECT project_id AS id FROM notes WHERE tenant_id = $1) SELECT c.* FROM comments c JOIN n ON n.id = c.note_id", "unfiltered:comments c", []int{1}},
		{"WITH n (id) AS (SELECT project_id FROM notes WHERE tenant_id = $1) SELECT c.* FROM comments c WHERE c.note_id IN (SELECT id FROM n)", "unfiltered:comments c", []int{1}},
		{"WITH n AS (SELECT n.id FROM notes n JOIN projects p ON p.id = n.project_id WHERE n.tenant_id = $1 AND p.tenant_id = $1) SELECT c.* FROM comments c JOIN n ON n.id = c.note_id", "unfiltered:comments c", []int{1}},
		{"WITH n AS (SELECT id FROM notes WHERE tenant_id = $1 UNION SELECT id FROM notes WHERE tenant_id = $2) SELECT c.* FROM comments c JOIN n ON n.id = c.note_id", "unfiltered:comments c", []int{1, 2}},
		// ... a composite key needs every column exposed
		{"WITH n AS (SELECT id FROM notes WHERE tenant_id = $1) SELECT l.* FROM note_links l JOIN n ON n.id = l.note_id", "unfiltered:note_links l", []int{1}},
		// ... the CTE on the nullable side of an outer join that keeps every comment
		{"WITH n AS (SELECT id FROM notes WHERE tenant_id = $1) SELECT c.* FROM comments c LEFT JOIN n ON n.id = c.note_id", "unfiltered:comments c", []int{1}},
		// ... a sub-query's own CTE of that name hides the outer one
		{"WITH n AS (SELECT id FROM notes WHERE tenant_id = $1) SELECT c.* FROM comments c WHERE c.note_id IN (WITH n AS (SELECT $2::uuid AS id) SELECT id FROM n)", "unfiltered:comments c", []int{1}},
		// a non-recursive CTE's query reads the table of its own name
		{"WITH notes AS (SELECT id FROM notes WHERE tenant_id = $1) SELECT c.* FROM comments c JOIN notes n ON n.id = c.note_id", "", []int{1}},
		{"WITH notes AS (SELECT id FROM notes) SELECT c.* FROM comments c JOIN notes n ON n.id = c.note_id", "unfiltered:notes", nil},
	}
	for _, tc := range cases {
		got, params := problems(t, tc.sql)
		if got != tc.want {
			t.Errorf("%s\n\tproblems %q, want %q", tc.sql, got, tc.want)
		}
		if !slices.Equal(params, tc.params) {
			t.Errorf("%s\n\ttenant params %v, want %v", tc.sql, params, tc.params)
		}
	}
}

// TestCheckChildJoinUsing: a join USING the key's column, or NATURAL, equates the child's key
// with the parent's like ON does.
func TestCheckChildJoinUsing(t *testing.T) {
	cases := []struct {
		sql    string
		want   string
		params []int
	}{
		{"SELECT t.* FROM post_tags t JOIN posts p USING (post_id) WHERE p.tenant_id = $1", "", []int{1}},
		{"SELECT t.* FROM posts p JOIN post_tags t USING (post_id) WHERE p.tenant_id = $1 AND t.tag = $2", "", []int{1}},
		{"SELECT t.* FROM post_tags t NATURAL JOIN posts p WHERE p.tenant_id = $1", "", []int{1}},
		{"SELECT t.* FROM posts p LEFT JOIN post_tags t USING (post_id) WHERE p.tenant_id = $1", "", []int{1}},
		{"SELECT t.* FROM post_tags t LEFT JOIN posts p USING (post_id) WHERE p.tenant_id = $1", "", []int{1}},
		{"WITH n AS (SELECT id AS note_id FROM notes WHERE tenant_id = $1) SELECT c.* FROM comments c JOIN n USING (note_id)", "", []int{1}},
		{"WITH n AS (SELECT id AS note_id FROM notes WHERE tenant_id = $1) SELECT c.* FROM comments c NATURAL JOIN n", "", []int{1}},
		// ... the parent unconstrained: its own problem
		{"SELECT t.* FROM post_tags t JOIN posts p USING (post_id) WHERE t.tag = $1", "unfiltered:posts p", nil},
		// ... USING another column, the key's name not the parent's, or the parent on the nullable side
		{"SELECT t.* FROM post_tags t JOIN posts p USING (tag) WHERE p.tenant_id = $1", "unfiltered:post_tags t", []int{1}},
		{"SELECT c.* FROM comments c JOIN notes n USING (note_id) WHERE n.tenant_id = $1", "unfiltered:comments c", []int{1}},
		{"SELECT c.* FROM comments c NATURAL JOIN notes n WHERE n.tenant_id = $1", "unfiltered:comments c", []int{1}},
		{"SELECT t.* FROM post_tags t LEFT JOIN posts p USING (post_id) WHERE t.tag = $1", "unfiltered:post_tags t,unfiltered:posts p", nil},
	}
	for _, tc := range cases {
		got, params := problems(t, tc.sql)
		if got != tc.want {
			t.Errorf("%s\n\tproblems %q, want %q", tc.sql, got, tc.want)
		}
		if !slices.Equal(params, tc.params) {
			t.Errorf("%s\n\ttenant params %v, want %v", tc.sql, params, tc.params)
		}
	}
}

// TestCheckGrandchild: a child of a child table is confined through the chain: joined with its
// parent on the key (or filtered by a sub-query on it) while that parent is confined in turn.
func TestCheckGrandchild(t *testing.T) {
	cases := []struct {
		sql    string
		want   string
		params []int
	}{
		{"SELECT * FROM comment_reactions WHERE id = $1", "unfiltered:comment_reactions", nil},
		{"SELECT r.* FROM comment_reactions r JOIN comments c ON c.id = r.comment_id JOIN notes n ON n.id = c.note_id WHERE n.tenant_id = $1", "", []int{1}},
		{"SELECT r.* FROM comment_reactions r, comments c WHERE c.id = r.comment_id AND c.note_id IN (SELECT id FROM notes WHERE tenant_id = $1)", "", []int{1}},
		{"SELECT * FROM comment_reactions WHERE comment_id IN (SELECT id FROM comments WHERE note_id IN (SELECT id FROM notes WHERE tenant_id = $1))", "", []int{1}},
		{"SELECT * FROM comment_reactions r WHERE EXISTS (SELECT 1 FROM comments c, notes n WHERE c.id = r.comment_id AND n.id = c.note_id AND n.tenant_id = $1)", "", []int{1}},
		// ... the chain broken above the grandchild: its parent's problem, once
		{"SELECT r.* FROM comment_reactions r JOIN comments c ON c.id = r.comment_id WHERE r.id = $1", "unfiltered:comments c", nil},
		{"SELECT r.* FROM comment_reactions r JOIN comments c ON c.id = r.comment_id JOIN notes n ON n.id = c.id WHERE n.tenant_id = $1", "unfiltered:comments c", []int{1}},
		{"SELECT * FROM comment_reactions WHERE comment_id IN (SELECT id FROM comments WHERE id = $1)", "unfiltered:comments", nil},
		// ... the grandchild joined on another column, or with its grandparent directly
		{"SELECT r.* FROM comment_reactions r JOIN comments c ON c.id = r.id JOIN notes n ON n.id = c.note_id WHERE n.tenant_id = $1", "unfiltered:comment_reactions r", []int{1}},
		{"SELECT r.* FROM comment_reactions r JOIN notes n ON n.id = r.comment_id WHERE n.tenant_id = $1", "unfiltered:comment_reactions r", []int{1}},
		{"SELECT * FROM comment_reactions WHERE comment_id IN (SELECT id FROM notes WHERE tenant_id = $1)", "unfiltered:comment_reactions", []int{1}},
	}
	for _, tc := range cases {
		got, params := problems(t, tc.sql)
		if got != tc.want {
			t.Errorf("%s\n\tproblems %q, want %q", tc.sql, got, tc.want)
		}
		if !slices.Equal(params, tc.params) {
			t.Errorf("%s\n\ttenant params %v, want %v", tc.sql, params, tc.params)
		}
	}
}

// TestCheckChildWrites: an INSERT into a child table, or an UPDATE setting its key, must take
// the key from the parent's rows in the statement; a value from the caller is reported, with
// the placeholders it is bound to.
func TestCheckChildWrites(t *testing.T) {
	cases := []struct {
		sql       string
		want      string
		keyParams []int
	}{
		{"INSERT INTO comments (id, note_id, body) VALUES ($1, $2, $3)", "parent-key-unconfined:comments", []int{2}},
		{"INSERT INTO comments (note_id, body) VALUES ($1, $2), ($3, $4)", "parent-key-unconfined:comments", []int{1, 3}},
		{"INSERT INTO comments VALUES ($1, $2, $3)", "parent-key-unconfined:comments", nil},
		{"INSERT INTO comments (note_id, body) SELECT $1, $2", "parent-key-unconfined:comments", nil},
		{"INSERT INTO comments (note_id, body) SELECT n.project_id, $2 FROM notes n WHERE n.tenant_id = $1", "parent-key-unconfined:comments", nil},
		{"INSERT INTO comments (note_id, body) SELECT p.id, $2 FROM projects p WHERE p.tenant_id = $1", "parent-key-unconfined:comments", nil},
		{"INSERT INTO comments (note_id, body) VALUES ((SELECT project_id FROM notes WHERE tenant_id = $1 AND id = $2), $3)", "parent-key-unconfined:comments", nil},
		// the key from the parent's rows: the parent's tenant filter is the parent's own
		{"INSERT INTO comments (note_id, body) SELECT id, $2 FROM notes WHERE tenant_id = $1 AND id = $3", "", nil},
		{"INSERT INTO comments (body, note_id) SELECT $2, n.id FROM notes n WHERE n.tenant_id = $1", "", nil},
		{"INSERT INTO comments (note_id, body) VALUES ((SELECT id FROM notes WHERE tenant_id = $1 AND id = $2), $3)", "", nil},
		{"WITH n AS (SELECT id FROM notes WHERE tenant_id = $1 AND id = $2) INSERT INTO comments (note_id, body) SELECT id, $3 FROM n", "", nil},
		{"INSERT INTO comments (note_id, body) SELECT c.note_id, c.body FROM comments c JOIN notes n ON n.id = c.note_id WHERE n.tenant_id = $1", "", nil},
		{"INSERT INTO comment_reactions (comment_id, emoji) SELECT id, $3 FROM comments WHERE id = $2 AND note_id IN (SELECT id FROM notes WHERE tenant_id = $1)", "", nil},
		{"INSERT INTO note_links (note_id, rev, url) SELECT id, rev, $2 FROM notes WHERE tenant_id = $1", "", nil},
		// ... the parent's rows not confined: the parent's problem
		{"INSERT INTO comments (note_id, body) SELECT id, $2 FROM notes WHERE id = $1", "unfiltered:notes", nil},
		{"INSERT INTO comment_reactions (comment_id, emoji) SELECT id, $2 FROM comments WHERE id = $1", "unfiltered:comments", nil},
		// ... a composite key needs every column from the parent
		{"INSERT INTO note_links (note_id, rev, url) SELECT id, $3, $2 FROM notes WHERE tenant_id = $1", "parent-key-unconfined:note_links", nil},
		// the key not set: no parent row is referenced
		{"INSERT INTO comments (id, body) VALUES ($1, $2)", "", nil},
		// UPDATE setting the key
		{"UPDATE comments c SET note_id = $1 FROM notes n WHERE n.id = c.note_id AND n.tenant_id = $2 AND c.id = $3", "parent-key-unconfined:comments c", []int{1}},
		{"UPDATE comments c SET note_id = m.id FROM notes n, notes m WHERE n.id = c.note_id AND n.tenant_id = $1 AND m.tenant_id = $1 AND m.id = $2", "", nil},
		{"UPDATE comments SET note_id = (SELECT id FROM notes WHERE tenant_id = $1 AND id = $2) WHERE note_id IN (SELECT id FROM notes WHERE tenant_id = $1)", "", nil},
		{"UPDATE comments SET body = $1 WHERE note_id IN (SELECT id FROM notes WHERE tenant_id = $2)", "", nil},
		{"UPDATE comments SET note_id = (SELECT id FROM notes WHERE id = $2) WHERE note_id IN (SELECT id FROM notes WHERE tenant_id = $1)", "unfiltered:notes", nil},
	}
	for _, tc := range cases {
		q, err := Analyze(tc.sql)
		if err != nil {
			t.Fatalf("Analyze(%q): %v", tc.sql, err)
		}
		var got []string
		var keys []int
		for _, p := range q.Check(cat, []string{"tenant_id"}) {
			got = append(got, fmt.Sprintf("%s:%s", p.Kind, p.Name()))
			keys = append(keys, p.KeyParams...)
		}
		if strings.Join(got, ",") != tc.want {
			t.Errorf("%s\n\tproblems %q, want %q", tc.sql, strings.Join(got, ","), tc.want)
		}
		if !slices.Equal(keys, tc.keyParams) {
			t.Errorf("%s\n\tkey params %v, want %v", tc.sql, keys, tc.keyParams)
		}
	}
}

func TestTables(t *testing.T) {
	cases := map[string][]string{
		"SELECT * FROM notes n JOIN projects p USING (id)":                     {"notes", "projects"},
		"WITH r AS (SELECT * FROM notes) SELECT * FROM r, audit.events":        {"audit.events", "notes"},
		"INSERT INTO notes (id) SELECT id FROM public.projects":                {"notes", "projects"},
		"UPDATE notes SET x = 1 WHERE id IN (SELECT note_id FROM attachments)": {"attachments", "notes"},
		"DELETE FROM notes USING plans":                                        {"notes", "plans"},
		"SELECT 1":                                                             nil,
		"WITH d AS (DELETE FROM notes RETURNING id) SELECT * FROM d":           {"notes"},
	}
	for sql, want := range cases {
		q, err := Analyze(sql)
		if err != nil {
			t.Fatal(err)
		}
		if got := q.Tables(); !slices.Equal(got, want) {
			t.Errorf("Tables(%q) = %v, want %v", sql, got, want)
		}
	}
}

func TestTouchesTenant(t *testing.T) {
	for sql, want := range map[string]bool{
		"SELECT * FROM plans":                          false,
		"SELECT * FROM plans, notes":                   true,
		"SELECT now()":                                 false,
		"SELECT * FROM users":                          false,
		"INSERT INTO memberships (org_id) VALUES ($1)": true,
	} {
		q, err := Analyze(sql)
		if err != nil {
			t.Fatal(err)
		}
		if got := q.TouchesTenant(cat); got != want {
			t.Errorf("TouchesTenant(%q) = %v, want %v", sql, got, want)
		}
	}
}

func TestAnalyzeCachesAndReportsErrors(t *testing.T) {
	a, err := Analyze("SELECT * FROM notes WHERE id = $1")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Analyze("SELECT * FROM notes WHERE id = $1")
	if a != b {
		t.Error("the same SQL was parsed twice")
	}
	if _, err := Analyze("SELEC * FROM"); err == nil {
		t.Error("Analyze accepted invalid SQL")
	}
}

func BenchmarkAnalyzeCached(b *testing.B) {
	const sql = "SELECT * FROM notes n JOIN projects p ON p.id = n.project_id WHERE n.tenant_id = $1"
	for b.Loop() {
		q, _ := Analyze(sql)
		q.Check(cat, nil)
	}
}

// TestParsedOnceTreesBounded: a SQL string is parsed once (the same Query comes back), while
// only the most recently used parse trees stay decoded; an evicted tree decodes again to the
// same statements.
func TestParsedOnceTreesBounded(t *testing.T) {
	const sql = "SELECT id FROM notes WHERE tenant_id = $1 AND id = $2"
	q, err := Analyze(sql)
	if err != nil {
		t.Fatal(err)
	}
	first := q.Stmts()
	for i := 0; i < decoded.max+10; i++ {
		if _, err := Analyze(fmt.Sprintf("SELECT %d FROM notes", i)); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := decoded.get(q); ok {
		t.Fatalf("the tree of %q is still decoded after %d newer queries", sql, decoded.max+10)
	}
	if n := decoded.l.Len(); n > decoded.max {
		t.Fatalf("%d trees decoded, want at most %d", n, decoded.max)
	}
	again, err := Analyze(sql)
	if err != nil || again != q {
		t.Fatalf("Analyze parsed %q again (%v)", sql, err)
	}
	second := q.Stmts()
	if len(first) != 1 || len(second) != 1 || !proto.Equal(first[0], second[0]) || first[0] == second[0] {
		t.Fatalf("decoded again: %d and %d statements, equal %v", len(first), len(second), len(first) == 1 && len(second) == 1 && proto.Equal(first[0], second[0]))
	}
	if !slices.Equal(q.Tables(), []string{"notes"}) || q.Statements() != 1 {
		t.Errorf("tables %v, statements %d", q.Tables(), q.Statements())
	}
}

// TestChildKeyParams: a child's problem names the placeholders its key is equated with, and
// ReadsParentKey recognises a tenant-filtered read of the parent's key column.
func TestChildKeyParams(t *testing.T) {
	for sql, want := range map[string][]int{
		"SELECT * FROM comments WHERE note_id = $1":                   {1},
		"SELECT * FROM comments c WHERE c.id = $1 AND $2 = c.note_id": {2},
		"SELECT * FROM comments WHERE note_id = $1 OR id = $2":        nil,
		"SELECT * FROM comments WHERE note_id <> $1":                  nil,
		"SELECT * FROM comments WHERE id = $1":                        nil,
	} {
		q, err := Analyze(sql)
		if err != nil {
			t.Fatal(err)
		}
		ps := q.Check(cat, []string{"tenant_id"})
		if len(ps) != 1 || !slices.Equal(ps[0].KeyParams, want) {
			t.Errorf("%s: problems %+v, want one with key params %v", sql, ps, want)
		}
	}
	par := cat.parents["comments"][0]
	for sql, want := range map[string]bool{
		"SELECT id, body FROM notes WHERE tenant_id = $1 AND id = $2":                                  true,
		"SELECT n.body, n.id FROM notes n WHERE n.tenant_id = $1":                                      false, // column 0 is body
		"SELECT id FROM notes WHERE id = $1":                                                           false, // not confined
		"SELECT id FROM notes WHERE tenant_id = $1 OR public":                                          false,
		"SELECT p.id FROM projects p WHERE p.tenant_id = $1":                                           false, // another table
		"SELECT n.id FROM notes n JOIN projects p ON true WHERE n.tenant_id = $1 AND p.tenant_id = $1": false,
		"SELECT max(id) FROM notes WHERE tenant_id = $1":                                               false,
	} {
		q, err := Analyze(sql)
		if err != nil {
			t.Fatal(err)
		}
		if got := q.ReadsParentKey(cat, []string{"tenant_id"}, par, 0); got != want {
			t.Errorf("ReadsParentKey(%s, 0) = %v, want %v", sql, got, want)
		}
	}
}
