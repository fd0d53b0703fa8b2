package main

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/tenantvet/tenantvet/internal/report"
	"github.com/tenantvet/tenantvet/internal/rules"
	"github.com/tenantvet/tenantvet/lsp"
)

// The language server is tested as an editor uses it: a JSON-RPC client talks to the built
// binary over pipes, and every diagnostic it shows must be exactly what `tenantvet -format json`
// (or `tenantvet sql -format json`) reports for that file, on the same content, positions
// converted to LSP's 0-based lines and UTF-16 columns by the test's own arithmetic.

type lspClient struct {
	t      *testing.T
	conn   *jsonrpc2.Conn
	cmd    *exec.Cmd
	mu     sync.Mutex
	diags  map[string][]lsp.Diagnostic // latest publishDiagnostics by URI
	shown  []string                    // window/showMessage texts
	logs   []string
	regs   int // client/registerCapability requests
	update chan struct{}
}

func (c *lspClient) Handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	c.mu.Lock()
	switch req.Method {
	case "textDocument/publishDiagnostics":
		var p lsp.PublishDiagnosticsParams
		json.Unmarshal(*req.Params, &p)
		c.diags[p.URI] = p.Diagnostics
	case "window/showMessage":
		var p lsp.ShowMessageParams
		json.Unmarshal(*req.Params, &p)
		c.shown = append(c.shown, p.Message)
	case "window/logMessage":
		var p lsp.LogMessageParams
		json.Unmarshal(*req.Params, &p)
		c.logs = append(c.logs, p.Message)
	case "client/registerCapability":
		c.regs++
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

func startLSP(t *testing.T, root string, env []string) *lspClient {
	t.Helper()
	cmd := exec.Command(binary, "lsp", "--stdio", "-debounce=50ms")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), env...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &lspClient{t: t, cmd: cmd, diags: map[string][]lsp.Diagnostic{}, update: make(chan struct{}, 1)}
	c.conn = jsonrpc2.NewConn(context.Background(), jsonrpc2.NewBufferedStream(pipe{stdout, stdin}, jsonrpc2.VSCodeObjectCodec{}), c)
	t.Cleanup(func() {
		c.conn.Close()
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
		if strings.Contains(stderr.String(), "panic") {
			t.Errorf("the server panicked:\n%s", stderr.String())
		}
	})
	return c
}

type pipe struct {
	r interface{ Read([]byte) (int, error) }
	w interface {
		Write([]byte) (int, error)
		Close() error
	}
}

func (p pipe) Read(b []byte) (int, error)  { return p.r.Read(b) }
func (p pipe) Write(b []byte) (int, error) { return p.w.Write(b) }
func (p pipe) Close() error                { return p.w.Close() }

func (c *lspClient) call(method string, params, result any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := c.conn.Call(ctx, method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *lspClient) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// waitFor waits until cond holds on the client's state (two minutes at most: the machine is
// slow and shared; no timing is asserted).
func (c *lspClient) waitFor(what string, cond func() bool) {
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
			c.t.Fatalf("timed out waiting for %s; log:\n%s", what, strings.Join(c.logs, "\n"))
		}
	}
}

// waitDiags waits until the diagnostics published for file are want, and fails showing both.
func (c *lspClient) waitDiags(file string, want []lsp.Diagnostic) {
	c.t.Helper()
	uri := fileURI(file)
	deadline := time.After(2 * time.Minute)
	for {
		c.mu.Lock()
		got, published := c.diags[uri]
		c.mu.Unlock()
		if published && sameDiags(got, want) {
			return
		}
		select {
		case <-c.update:
		case <-time.After(time.Second):
		case <-deadline:
			g, _ := json.MarshalIndent(got, "", " ")
			w, _ := json.MarshalIndent(want, "", " ")
			c.t.Fatalf("diagnostics of %s:\n got %s\nwant %s\nlog:\n%s", file, g, w, strings.Join(c.logs, "\n"))
		}
	}
}

func sameDiags(a, b []lsp.Diagnostic) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}

func fileURI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// cliDiagnostics runs the command line in dir and converts its findings for file (relative to
// dir) into the diagnostics the editor must show, independently of the server's code.
func cliDiagnostics(t *testing.T, dir string, sql bool, file string) []lsp.Diagnostic {
	t.Helper()
	return cliDiagnosticsIn(t, dir, dir, sql, file)
}

// cliDiagnosticsIn is cliDiagnostics on a copy (dir) of the tree the editor has open at root:
// related places name root's files.
func cliDiagnosticsIn(t *testing.T, dir, root string, sql bool, file string) []lsp.Diagnostic {
	t.Helper()
	args := []string{"-format", "json", "./..."}
	if sql {
		args = []string{"sql", "-format", "json"}
	}
	r := runIn(t, dir, nil, binary, args...)
	if r.code == exitError {
		t.Fatalf("tenantvet %v: exit 2\n%s", args, r.stderr)
	}
	var rep struct{ Findings []report.Finding }
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	content, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(content), "\n")
	pos := func(line, col int) lsp.Position {
		prefix := lines[line-1][:col-1]
		return lsp.Position{Line: line - 1, Character: len(utf16.Encode([]rune(prefix)))}
	}
	out := []lsp.Diagnostic{}
	for _, f := range rep.Findings {
		if f.Position.File != file || f.Suppressed != nil {
			continue
		}
		start := pos(f.Position.Line, f.Position.Column)
		// Without an end, the editor shows the word at the start (one character if none).
		rest := lines[f.Position.Line-1][f.Position.Column-1:]
		w := wordAt.FindString(rest)
		if w == "" && rest != "" && rest[0] != '\n' {
			w = string([]rune(rest)[:1])
		}
		end := pos(f.Position.Line, f.Position.Column+len(w))
		if f.Position.EndLine > 0 {
			end = pos(f.Position.EndLine, f.Position.EndColumn)
		}
		sev := map[string]int{"error": 1, "warning": 2, "note": 3}[f.Severity]
		r, _ := rules.Lookup(f.Rule)
		d := lsp.Diagnostic{
			Range: lsp.Range{Start: start, End: end}, Severity: sev, Code: f.Rule,
			CodeDescription: &lsp.CodeDescription{Href: r.HelpURI()}, Source: "tenantvet", Message: f.Message,
		}
		for _, rel := range f.Related {
			src, err := os.ReadFile(filepath.Join(dir, rel.Position.File))
			if err != nil {
				t.Fatal(err)
			}
			srcLines := strings.SplitAfter(string(src), "\n")
			at := func(line, col int) lsp.Position {
				return lsp.Position{Line: line - 1, Character: len(utf16.Encode([]rune(srcLines[line-1][:col-1])))}
			}
			// As for the finding itself: the range given, else the word at the start.
			w := wordAt.FindString(srcLines[rel.Position.Line-1][rel.Position.Column-1:])
			end := at(rel.Position.Line, rel.Position.Column+len(w))
			if rel.Position.EndLine > 0 {
				end = at(rel.Position.EndLine, rel.Position.EndColumn)
			}
			d.RelatedInformation = append(d.RelatedInformation, lsp.DiagnosticRelatedInformation{
				Location: lsp.Location{URI: fileURI(filepath.Join(root, rel.Position.File)),
					Range: lsp.Range{Start: at(rel.Position.Line, rel.Position.Column), End: end}},
				Message: rel.Message,
			})
		}
		out = append(out, d)
	}
	return out
}

var wordAt = regexp.MustCompile(`^[\p{L}\p{Nd}_]+`)

// withContent copies the tree at dir to a new directory with file replaced by content, for the
// command line's view of an unsaved buffer.
func withContent(t *testing.T, dir, file, content string) string {
	t.Helper()
	cp := t.TempDir()
	copyTree(t, filepath.Join(dir, ".."), cp) // the example's module holds both twins
	cp = filepath.Join(cp, filepath.Base(dir))
	if err := os.WriteFile(filepath.Join(cp, file), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return cp
}

func applyEdits(t *testing.T, content string, edits []lsp.TextEdit) string {
	t.Helper()
	lines := strings.SplitAfter(content, "\n")
	offset := func(p lsp.Position) int {
		off := 0
		for i := 0; i < p.Line; i++ {
			off += len(lines[i])
		}
		units := utf16.Encode([]rune(lines[p.Line]))
		return off + len(string(utf16.Decode(units[:p.Character])))
	}
	// Apply from the end so earlier offsets stay valid.
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		content = content[:offset(e.Range.Start)] + e.NewText + content[offset(e.Range.End):]
	}
	return content
}

func TestLSPEditorSession(t *testing.T) {
	module := t.TempDir()
	copyTree(t, filepath.Join(exampleDir(t, "leaky"), ".."), module)
	root := filepath.Join(module, "leaky")
	cache := "TENANTVET_CACHE=" + t.TempDir()
	t.Setenv("TENANTVET_CACHE", strings.TrimPrefix(cache, "TENANTVET_CACHE="))
	c := startLSP(t, root, []string{cache})

	var init lsp.InitializeResult
	c.call("initialize", map[string]any{
		"processId": os.Getpid(), "rootUri": fileURI(root),
		"capabilities": map[string]any{"workspace": map[string]any{"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true}}},
	}, &init)
	if init.Capabilities.TextDocumentSync.Change != 1 || !init.Capabilities.TextDocumentSync.OpenClose ||
		len(init.Capabilities.CodeActionProvider.CodeActionKinds) == 0 {
		t.Fatalf("capabilities: %+v", init.Capabilities)
	}
	c.notify("initialized", map[string]any{})
	c.waitFor("the file watcher registration", func() bool { return c.regs > 0 })

	const logging = "internal/logging/logging.go"
	original, _ := os.ReadFile(filepath.Join(root, logging))
	version := 1
	open := func(file, lang, text string) {
		c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
			"uri": fileURI(filepath.Join(root, file)), "languageId": lang, "version": version, "text": text}})
	}
	change := func(file, text string) {
		version++
		c.notify("textDocument/didChange", map[string]any{
			"textDocument":   map[string]any{"uri": fileURI(filepath.Join(root, file)), "version": version},
			"contentChanges": []map[string]any{{"text": text}}})
	}
	save := func(file, text string) {
		if err := os.WriteFile(filepath.Join(root, file), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		c.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": fileURI(filepath.Join(root, file))}, "text": text})
	}

	// Open: the file's findings on disk.
	open(logging, "go", string(original))
	want := cliDiagnostics(t, root, false, logging)
	if len(want) < 3 {
		t.Fatalf("the example's logging.go should have several findings, the CLI gives %d", len(want))
	}
	c.waitDiags(filepath.Join(root, logging), want)

	// Change, unsaved: a comment with characters outside ASCII and outside the BMP before a
	// finding on the same line moves its byte column and its UTF-16 column differently.
	changed := strings.Replace(string(original), "\t\tslog.Info(\"request\", \"authorization\"", "\t\t/* ünï 😀 */ slog.Info(\"request\", \"authorization\"", 1)
	if changed == string(original) {
		t.Fatal("the example's logging.go changed: update the test's edit")
	}
	change(logging, changed)
	want = cliDiagnosticsIn(t, withContent(t, root, logging, changed), root, false, logging)
	c.waitDiags(filepath.Join(root, logging), want)

	// Code action: the secret-in-log finding offers its suggested fix and the ignore directive.
	var target *lsp.Diagnostic
	for i, d := range want {
		if d.Code == "TV3001" && strings.Contains(d.Message, "authorization") {
			target = &want[i]
		}
	}
	if target == nil {
		t.Fatalf("no TV3001 finding for authorization in %v", want)
	}
	var actions []lsp.CodeAction
	c.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": fileURI(filepath.Join(root, logging))},
		"range":        target.Range, "context": map[string]any{"diagnostics": []lsp.Diagnostic{*target}},
	}, &actions)
	var fix, ignore *lsp.CodeAction
	for i, a := range actions {
		if a.Kind != "quickfix" || a.Edit == nil || len(a.Diagnostics) != 1 || a.Diagnostics[0].Code != "TV3001" {
			continue
		}
		if strings.Contains(a.Title, "tenantvet:ignore") {
			ignore = &actions[i]
		} else {
			fix = &actions[i]
		}
	}
	if fix == nil || ignore == nil {
		t.Fatalf("code actions %+v: want a suggested fix and an ignore directive for TV3001", actions)
	}
	uri := fileURI(filepath.Join(root, logging))
	ignored := applyEdits(t, changed, ignore.Edit.Changes[uri])
	if !strings.Contains(ignored, "\t\t//tenantvet:ignore TV3001 -- ") {
		t.Errorf("ignore action gives:\n%s", ignored)
	}
	fixed := applyEdits(t, changed, fix.Edit.Changes[uri])
	if fixed == changed {
		t.Fatal("the fix changes nothing")
	}
	change(logging, fixed)
	want = cliDiagnosticsIn(t, withContent(t, root, logging, fixed), root, false, logging)
	for _, d := range want {
		if d.Code == "TV3001" && d.Range.Start.Line == target.Range.Start.Line {
			t.Fatalf("the applied fix leaves the finding: %v", d)
		}
	}
	c.waitDiags(filepath.Join(root, logging), want)

	// Save: the disk now holds the buffer; the command line on the tree agrees.
	save(logging, fixed)
	c.waitDiags(filepath.Join(root, logging), cliDiagnostics(t, root, false, logging))

	// A type error: one message, and the server keeps answering.
	c.mu.Lock()
	shownBefore := len(c.shown)
	c.mu.Unlock()
	change(logging, fixed+"\nvar _ int = \"not an int\"\n")
	c.waitFor("a showMessage about the type error", func() bool {
		return len(c.shown) > shownBefore && strings.Contains(strings.Join(c.shown[shownBefore:], "\n"), "logging.go")
	})
	change(logging, fixed)
	c.waitDiags(filepath.Join(root, logging), cliDiagnostics(t, root, false, logging))

	// Close: nothing breaks; a file that becomes clean gets an empty list. The fixed twin's
	// logging.go is clean.
	cleanLogging, err := os.ReadFile(filepath.Join(exampleDir(t, "fixed"), logging))
	if err != nil {
		t.Fatal(err)
	}
	if got := cliDiagnostics(t, withContent(t, root, logging, string(cleanLogging)), false, logging); len(got) != 0 {
		t.Fatalf("the fixed twin's logging.go is not clean in the leaky tree: %v", got)
	}
	change(logging, string(cleanLogging))
	c.waitDiags(filepath.Join(root, logging), []lsp.Diagnostic{})
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": fileURI(filepath.Join(root, logging))}})
	// Closed, the file is what is on disk again: the saved, fixed version.
	c.waitDiags(filepath.Join(root, logging), cliDiagnostics(t, root, false, logging))

	// A migration: its own `tenantvet sql` findings, also for an unsaved buffer.
	const migration = "migrations/0001_init.up.sql"
	mig, _ := os.ReadFile(filepath.Join(root, migration))
	const store = "internal/store/keys.go"
	storeSrc, _ := os.ReadFile(filepath.Join(root, store))
	open(store, "go", string(storeSrc))
	c.waitDiags(filepath.Join(root, store), cliDiagnostics(t, root, false, store))
	open(migration, "sql", string(mig))
	want = cliDiagnostics(t, root, true, migration)
	if len(want) == 0 {
		t.Fatal("the example's first migration should have findings")
	}
	c.waitDiags(filepath.Join(root, migration), want)
	migChanged := string(mig) + "\nCREATE TABLE widgets (id uuid PRIMARY KEY, tenant_id uuid);\n"
	change(migration, migChanged)
	want = cliDiagnosticsIn(t, withContent(t, root, migration, migChanged), root, true, migration)
	c.waitDiags(filepath.Join(root, migration), want)
	// Saving a migration re-checks the open Go packages (their schema changed).
	c.mu.Lock()
	logsBefore := len(c.logs)
	c.mu.Unlock()
	save(migration, migChanged)
	c.waitFor("the open Go package re-analysed after the migration was saved", func() bool {
		return strings.Contains(strings.Join(c.logs[logsBefore:], "\n"), "analysed ./internal/store")
	})
	c.waitDiags(filepath.Join(root, store), cliDiagnostics(t, root, false, store))

	// A configuration change, announced as a watched file: the findings follow the new settings.
	before := cliDiagnostics(t, root, false, store)
	cfgPath := filepath.Join(root, ".tenantvet.yaml")
	cfg, _ := os.ReadFile(cfgPath)
	if err := os.WriteFile(cfgPath, append(cfg, []byte("global_tables: [api_keys]\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	after := cliDiagnostics(t, root, false, store)
	if reflect.DeepEqual(before, after) {
		t.Fatal("the configuration change should change keys.go's findings")
	}
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []map[string]any{{"uri": fileURI(cfgPath), "type": 2}}})
	c.waitDiags(filepath.Join(root, store), after)

	// A request the server does not know is an error, not a crash; cancelling is harmless.
	var ignored2 any
	if err := c.conn.Call(context.Background(), "tenantvet/nosuch", map[string]any{}, &ignored2); err == nil {
		t.Error("an unknown request succeeded")
	}
	c.notify("$/cancelRequest", map[string]any{"id": 999})

	// Shutdown and exit: exit code 0.
	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("after shutdown and exit: %v", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("the server did not exit")
	}
}
