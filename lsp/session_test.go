package lsp

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/tenantvet/tenantvet/analyzers/suite"
)

// session is a scripted editor: a JSON-RPC client talking to Serve over an in-memory pipe.
type session struct {
	t      *testing.T
	root   string
	conn   *jsonrpc2.Conn
	mu     sync.Mutex
	diags  map[string][]Diagnostic // latest publishDiagnostics by URI
	logs   []string
	update chan struct{}
	ver    int
}

func (c *session) Handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	c.mu.Lock()
	switch req.Method {
	case "textDocument/publishDiagnostics":
		var p PublishDiagnosticsParams
		json.Unmarshal(*req.Params, &p)
		c.diags[p.URI] = p.Diagnostics
	case "window/logMessage":
		var p LogMessageParams
		json.Unmarshal(*req.Params, &p)
		c.logs = append(c.logs, p.Message)
	}
	c.mu.Unlock()
	if !req.Notif {
		conn.Reply(ctx, req.ID, nil)
	}
	select {
	case c.update <- struct{}{}:
	default:
	}
}

// startSession writes files (relative path -> content) to a new module and serves it.
func startSession(t *testing.T, files map[string]string) *session {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cache := t.TempDir()
	t.Setenv("TENANTVET_CACHE", filepath.Join(cache, "results"))
	t.Setenv("XDG_CACHE_HOME", cache)
	serverEnd, clientEnd := net.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- Serve(context.Background(), serverEnd, Options{Analyzers: suite.Analyzers(), Version: "test", Debounce: 50 * time.Millisecond})
	}()
	c := &session{t: t, root: root, diags: map[string][]Diagnostic{}, update: make(chan struct{}, 1)}
	c.conn = jsonrpc2.NewConn(context.Background(), jsonrpc2.NewBufferedStream(clientEnd, jsonrpc2.VSCodeObjectCodec{}), c)
	t.Cleanup(func() {
		c.call("shutdown", nil)
		c.conn.Notify(context.Background(), "exit", nil)
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("exit code %d after shutdown and exit", code)
			}
		case <-time.After(time.Minute):
			t.Error("the server did not exit")
		}
		c.conn.Close()
	})
	var init InitializeResult
	c.call("initialize", map[string]any{"processId": os.Getpid(), "rootUri": pathURI(root), "capabilities": map[string]any{}}, &init)
	c.notify("initialized", map[string]any{})
	return c
}

func (c *session) call(method string, params any, result ...any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var res any
	if len(result) > 0 {
		res = result[0]
	}
	if err := c.conn.Call(ctx, method, params, res); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *session) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *session) uri(file string) string {
	return pathURI(filepath.Join(c.root, filepath.FromSlash(file)))
}

func (c *session) open(file, lang, text string) {
	c.t.Helper()
	c.ver++
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": c.uri(file), "languageId": lang, "version": c.ver, "text": text}})
}

func (c *session) change(file, text string) {
	c.t.Helper()
	c.ver++
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": c.uri(file), "version": c.ver},
		"contentChanges": []map[string]any{{"text": text}}})
}

func (c *session) close(file string) {
	c.t.Helper()
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": c.uri(file)}})
}

func (c *session) save(file, text string) {
	c.t.Helper()
	if err := os.WriteFile(filepath.Join(c.root, filepath.FromSlash(file)), []byte(text), 0o644); err != nil {
		c.t.Fatal(err)
	}
	c.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": c.uri(file)}, "text": text})
}

// waitFor waits until cond holds on the client's state (two minutes at most: the machine is
// slow and shared; no timing is asserted).
func (c *session) waitFor(what string, cond func() bool) {
	c.t.Helper()
	deadline := time.After(2 * time.Minute)
	for {
		c.mu.Lock()
		ok := cond()
		c.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-c.update:
		case <-time.After(time.Second):
		case <-deadline:
			c.mu.Lock()
			defer c.mu.Unlock()
			got, _ := json.MarshalIndent(c.diags, "", " ")
			c.t.Fatalf("timed out waiting for %s; diagnostics %s\nlog:\n%s", what, got, strings.Join(c.logs, "\n"))
		}
	}
}

// waitCodes waits until the diagnostics published for file are exactly one per code in codes,
// at the given 0-based lines, and returns them.
func (c *session) waitCodes(file string, want map[string]int) []Diagnostic {
	c.t.Helper()
	var got []Diagnostic
	c.waitFor(file+" diagnostics "+fmtCodes(want), func() bool {
		ds, published := c.diags[c.uri(file)]
		if !published || len(ds) != len(want) {
			return false
		}
		for _, d := range ds {
			if line, ok := want[d.Code]; !ok || d.Range.Start.Line != line {
				return false
			}
		}
		got = ds
		return true
	})
	return got
}

func fmtCodes(m map[string]int) string {
	b, _ := json.Marshal(m)
	return string(b)
}

func (c *session) countLogs(substr string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.countLogsLocked(substr)
}

const (
	plansGlobal = "CREATE TABLE tenants (id uuid PRIMARY KEY);\nCREATE TABLE plans (id uuid PRIMARY KEY, name text NOT NULL);\n"
	plansOwned  = "CREATE TABLE tenants (id uuid PRIMARY KEY);\nCREATE TABLE plans (id uuid PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants(id), name text NOT NULL);\n"
	plansStore  = `package store

import (
	"context"
	"database/sql"
)

// PlanNames lists the plan catalogue.
func PlanNames(ctx context.Context, db *sql.DB) (*sql.Rows, error) {
	return db.QueryContext(ctx, "SELECT name FROM plans")
}
`
)

// TestUnsavedMigrationRechecksGo: the Go query on plans is clean while the migrations make plans
// global. Changing the migration's buffer, unsaved, so that plans is tenant-owned shows the
// query's finding in the Go file; changing it back clears it; closing the changed buffer goes
// back to the saved schema; saving the change (same paths, new content) shows it again.
func TestUnsavedMigrationRechecksGo(t *testing.T) {
	const (
		migration = "migrations/0001_init.up.sql"
		store     = "store/store.go"
	)
	c := startSession(t, map[string]string{
		"go.mod":          "module example.com/m\n\ngo 1.22\n",
		".tenantvet.yaml": "migrations: [migrations]\n",
		migration:         plansGlobal,
		store:             plansStore,
	})
	c.open(store, "go", plansStore)
	c.waitCodes(store, map[string]int{})
	c.open(migration, "sql", plansGlobal)

	c.change(migration, plansOwned)
	ds := c.waitCodes(store, map[string]int{"TV1003": 9})
	if d := ds[0]; d.Range.Start.Character != 8 || !strings.Contains(d.Message, "query on plans does not filter by tenant_id") {
		t.Errorf("the finding on the unsaved schema: %+v", d)
	}
	// The migration file itself still names the saved path, not the copy's.
	c.waitFor("the migration's own diagnostics published", func() bool { _, ok := c.diags[c.uri(migration)]; return ok })
	for uri := range c.diags {
		if !strings.HasPrefix(uri, pathURI(c.root)) {
			t.Errorf("diagnostics published for %s, outside the workspace", uri)
		}
	}

	c.change(migration, plansGlobal)
	c.waitCodes(store, map[string]int{})

	c.change(migration, plansOwned)
	c.waitCodes(store, map[string]int{"TV1003": 9})
	c.close(migration)
	c.waitCodes(store, map[string]int{})

	c.save(migration, plansOwned)
	c.waitCodes(store, map[string]int{"TV1003": 9})
}

// TestSQLOutsideMigrationsLeavesGo: a .sql file that is not under the configured migrations is
// no input of the schema; editing it re-analyses no Go package.
func TestSQLOutsideMigrationsLeavesGo(t *testing.T) {
	const (
		other = "queries/report.sql"
		store = "store/store.go"
	)
	c := startSession(t, map[string]string{
		"go.mod":                      "module example.com/m\n\ngo 1.22\n",
		".tenantvet.yaml":             "migrations: [migrations]\n",
		"migrations/0001_init.up.sql": plansGlobal,
		other:                         plansGlobal,
		store:                         plansStore,
	})
	c.open(store, "go", plansStore)
	c.waitCodes(store, map[string]int{})
	c.waitFor("the first analysis logged", func() bool { return c.countLogsLocked("analysed ./store") > 0 })
	before := c.countLogs("analysed ")
	c.open(other, "sql", plansGlobal)
	c.change(other, plansOwned)
	// Debounce is 50ms: a run the change caused would have been logged within this.
	time.Sleep(2 * time.Second)
	if n := c.countLogs("analysed "); n != before {
		t.Errorf("editing %s outside the migrations re-analysed Go (%d analysis runs, want %d)", other, n, before)
	}
	c.mu.Lock()
	_, published := c.diags[c.uri(other)]
	c.mu.Unlock()
	if published {
		t.Errorf("%s outside the migrations got diagnostics", other)
	}
	// The server still answers: a Go edit is analysed.
	c.change(store, plansStore+"\n")
	c.waitFor("the Go edit analysed", func() bool { return c.countLogsLocked("analysed ") > before })
}

func (c *session) countLogsLocked(substr string) int {
	n := 0
	for _, l := range c.logs {
		if strings.Contains(l, substr) {
			n++
		}
	}
	return n
}
