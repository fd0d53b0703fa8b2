// Package lsp is `tenantvet lsp`, a language server (LSP 3.17 over stdio) that runs beside gopls
// and publishes tenantvet's findings as diagnostics while the code is typed.
//
// Go files are analysed a package at a time with internal/driver's modular driver and its disk
// cache, working on the unsaved buffers through go/packages overlays (the cache keys hash the
// buffers, so an edit re-analyses only the edited package and the open packages above it).
// Migrations (.sql files under the configured migrations) get the `tenantvet sql` findings of
// that file: the whole directory is replayed, with the unsaved buffers in place of the files.
// An edit of a migration's buffer also re-analyses the open Go packages (debounced like Go
// edits) against the schema those buffers build: the analyzers' migrations setting points, for
// that run, at a copy of the migrations named by the hash of its content (sql.go), and the
// per-process schema memo is dropped before each run so a saved migration is read again.
//
// The wire format is github.com/sourcegraph/jsonrpc2 (maintained, small, no dependencies of its
// own beyond a websocket package we do not use). The protocol types are our own, the subset in
// protocol.go: go.lsp.dev/protocol, the other candidate, has had no release since v0.12.0 (2022,
// LSP 3.16 with 3.17 partly) and pulls in go.lsp.dev/jsonrpc2, go.uber.org/zap and more for
// what is here a hundred lines of structs; gopls' protocol package is internal to x/tools.
package lsp

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	"golang.org/x/tools/go/analysis"

	"github.com/tenantvet/tenantvet/internal/config"
	"github.com/tenantvet/tenantvet/internal/driver"
	"github.com/tenantvet/tenantvet/internal/report"
	"github.com/tenantvet/tenantvet/internal/rules"
	"github.com/tenantvet/tenantvet/sqlcheck"
)

// Options configure the server.
type Options struct {
	Analyzers []*analysis.Analyzer // every analyzer; configured by the server
	Version   string
	// Debounce is how long the server waits after an edit of a buffer (didChange) before
	// analysing (default 200ms); opens, saves and changes on disk are analysed at once.
	Debounce time.Duration
}

// Serve runs the server on the stream until the client sends exit or closes the stream. It
// returns the process exit code: 0 after shutdown and exit, 1 otherwise (as LSP asks).
func Serve(ctx context.Context, stream io.ReadWriteCloser, opts Options) int {
	if opts.Debounce == 0 {
		opts.Debounce = 200 * time.Millisecond
	}
	s := &server{
		opts:     opts,
		docs:     map[string]*document{},
		files:    map[string]*fileState{},
		pending:  map[string]bool{},
		wake:     make(chan struct{}, 1),
		stop:     make(chan struct{}),
		defaults: map[*analysis.Analyzer]map[string]string{},
	}
	for _, a := range opts.Analyzers {
		d := map[string]string{}
		a.Flags.VisitAll(func(f *flag.Flag) { d[f.Name] = f.Value.String() })
		s.defaults[a] = d
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(stream, jsonrpc2.VSCodeObjectCodec{}), jsonrpc2.HandlerWithError(s.handle))
	// The first request may be handled before NewConn returns: handle stores the connection
	// too, and notify drops what comes before either.
	s.conn.Store(conn)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); s.worker() }()
	select {
	case <-conn.DisconnectNotify():
	case <-ctx.Done():
	}
	close(s.stop)
	wg.Wait()
	s.removeSchemaCopy()
	conn.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shutdown {
		return 0
	}
	return 1
}

type document struct {
	path    string
	version int
	text    string
}

// fileState is what was last published for a file, with the content it was computed on.
type fileState struct {
	findings []report.Finding
	content  []byte
	diags    []Diagnostic
}

type server struct {
	opts     Options
	conn     atomic.Pointer[jsonrpc2.Conn]
	defaults map[*analysis.Analyzer]map[string]string // each analyzer's flag defaults

	mu         sync.Mutex
	root       string
	initCfg    *config.File // settings from initializationOptions / didChangeConfiguration
	settings   *config.Settings
	configErr  string
	docs       map[string]*document  // open documents by absolute path
	files      map[string]*fileState // published diagnostics by absolute path
	pending    map[string]bool       // package directories to analyse
	pendingSQL bool
	reconfig   bool
	typing     bool // a buffer changed since the last run: wait for the debounce delay
	lastProbs  string
	shutdown   bool
	exited     bool
	watchOK    bool // the client registers file watchers for us

	schema schemaCopy // the migrations with unsaved buffers, for the worker's runs

	wake chan struct{}
	stop chan struct{}
}

func (s *server) handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (result any, err error) {
	s.conn.Store(conn)
	defer func() {
		if r := recover(); r != nil {
			s.logf(1, "internal error handling %s: %v\n%s", req.Method, r, debug.Stack())
			result, err = nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInternalError, Message: fmt.Sprint(r)}
		}
	}()
	s.mu.Lock()
	down := s.shutdown
	s.mu.Unlock()
	if down && req.Method != "exit" {
		if req.Notif {
			return nil, nil
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: "the server is shutting down"}
	}
	params := func(v any) error {
		if req.Params == nil {
			return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: "missing params"}
		}
		if err := json.Unmarshal(*req.Params, v); err != nil {
			return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: err.Error()}
		}
		return nil
	}
	switch req.Method {
	case "initialize":
		var p InitializeParams
		if err := params(&p); err != nil {
			return nil, err
		}
		return s.initialize(&p), nil
	case "initialized":
		s.initialized(ctx)
		return nil, nil
	case "shutdown":
		s.mu.Lock()
		s.shutdown = true
		s.mu.Unlock()
		return nil, nil
	case "exit":
		s.mu.Lock()
		s.exited = true
		s.mu.Unlock()
		go conn.Close()
		return nil, nil
	case "$/cancelRequest":
		// Requests are answered as they arrive (analysis runs in the background, never inside
		// a request), so there is nothing left to cancel when this comes.
		return nil, nil
	case "textDocument/didOpen":
		var p DidOpenTextDocumentParams
		if err := params(&p); err != nil {
			return nil, err
		}
		path := uriPath(p.TextDocument.URI)
		s.mu.Lock()
		s.docs[path] = &document{path: path, version: p.TextDocument.Version, text: p.TextDocument.Text}
		s.mu.Unlock()
		s.changed(path)
		return nil, nil
	case "textDocument/didChange":
		var p DidChangeTextDocumentParams
		if err := params(&p); err != nil {
			return nil, err
		}
		path := uriPath(p.TextDocument.URI)
		s.mu.Lock()
		if d := s.docs[path]; d != nil && len(p.ContentChanges) > 0 {
			d.text = p.ContentChanges[len(p.ContentChanges)-1].Text // full sync
			d.version = p.TextDocument.Version
		}
		s.mu.Unlock()
		s.edited(path)
		return nil, nil
	case "textDocument/didSave":
		var p DidSaveTextDocumentParams
		if err := params(&p); err != nil {
			return nil, err
		}
		path := uriPath(p.TextDocument.URI)
		s.mu.Lock()
		if d := s.docs[path]; d != nil && p.Text != nil {
			d.text = *p.Text
		}
		s.mu.Unlock()
		s.saved(path)
		return nil, nil
	case "textDocument/didClose":
		var p DidCloseTextDocumentParams
		if err := params(&p); err != nil {
			return nil, err
		}
		path := uriPath(p.TextDocument.URI)
		s.mu.Lock()
		delete(s.docs, path)
		s.mu.Unlock()
		// The file is what is on disk again.
		s.changed(path)
		return nil, nil
	case "workspace/didChangeWatchedFiles":
		var p DidChangeWatchedFilesParams
		if err := params(&p); err != nil {
			return nil, err
		}
		for _, c := range p.Changes {
			s.saved(uriPath(c.URI))
		}
		return nil, nil
	case "workspace/didChangeConfiguration":
		var p DidChangeConfigurationParams
		if err := params(&p); err != nil {
			return nil, err
		}
		var wrapper struct {
			Tenantvet json.RawMessage `json:"tenantvet"`
		}
		if json.Unmarshal(p.Settings, &wrapper) == nil && len(wrapper.Tenantvet) > 0 {
			s.setInitOptions(wrapper.Tenantvet)
			s.mu.Lock()
			s.reconfig = true
			s.mu.Unlock()
			s.kick()
		}
		return nil, nil
	case "workspace/didChangeWorkspaceFolders":
		return nil, nil
	case "tenantvet/heap":
		// For bench/lsp: the live heap after a collection, to see that edits do not leak.
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return map[string]uint64{"heapAlloc": ms.HeapAlloc, "heapObjects": ms.HeapObjects}, nil
	case "textDocument/codeAction":
		var p CodeActionParams
		if err := params(&p); err != nil {
			return nil, err
		}
		return s.codeActions(&p), nil
	}
	if req.Notif {
		return nil, nil // unknown notifications are ignored, as the protocol says
	}
	return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "method not supported: " + req.Method}
}

func (s *server) initialize(p *InitializeParams) *InitializeResult {
	root := ""
	switch {
	case p.RootURI != "":
		root = uriPath(p.RootURI)
	case len(p.WorkspaceFolders) > 0:
		root = uriPath(p.WorkspaceFolders[0].URI)
	case p.RootPath != "":
		root = p.RootPath
	default:
		root, _ = os.Getwd()
	}
	s.mu.Lock()
	s.root = filepath.Clean(root)
	s.watchOK = p.Capabilities.Workspace.DidChangeWatchedFiles.DynamicRegistration
	s.mu.Unlock()
	if len(p.InitializationOptions) > 0 && string(p.InitializationOptions) != "null" {
		s.setInitOptions(p.InitializationOptions)
	}
	s.mu.Lock()
	s.reconfig = true
	s.mu.Unlock()
	res := &InitializeResult{ServerInfo: ServerInfo{Name: "tenantvet", Version: s.opts.Version}}
	res.Capabilities.TextDocumentSync = TextDocumentSyncOptions{OpenClose: true, Change: 1, Save: SaveOptions{IncludeText: true}}
	res.Capabilities.CodeActionProvider = CodeActionOptions{CodeActionKinds: []string{"quickfix"}}
	res.Capabilities.Workspace.WorkspaceFolders.Supported = true
	return res
}

// setInitOptions validates settings sent by the client (the keys of .tenantvet.yaml).
func (s *server) setInitOptions(raw json.RawMessage) {
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		s.message(1, fmt.Sprintf("tenantvet: initializationOptions: %v", err))
		return
	}
	s.mu.Lock()
	origin := filepath.Join(s.root, "initializationOptions")
	s.mu.Unlock()
	f, err := config.FromMap(origin, m)
	if err != nil {
		s.message(1, fmt.Sprintf("tenantvet: %v", err))
		return
	}
	s.mu.Lock()
	s.initCfg = f
	s.mu.Unlock()
}

func (s *server) initialized(ctx context.Context) {
	s.mu.Lock()
	watch := s.watchOK
	s.mu.Unlock()
	if watch {
		reg := RegistrationParams{Registrations: []Registration{{
			ID:     "tenantvet-watch",
			Method: "workspace/didChangeWatchedFiles",
			RegisterOptions: DidChangeWatchedFilesRegistrationOptions{Watchers: []FileSystemWatcher{
				{GlobPattern: "**/.tenantvet.yaml"}, {GlobPattern: "**/.tenantvet.yml"},
				{GlobPattern: "**/go.mod"}, {GlobPattern: "**/*.sql"}, {GlobPattern: "**/*.go"},
			}},
		}}}
		go func() {
			if err := s.conn.Load().Call(ctx, "client/registerCapability", reg, nil); err != nil {
				s.logf(2, "register file watchers: %v", err)
			}
		}()
	}
	s.logf(3, "tenantvet %s language server ready", s.opts.Version)
	s.kick()
}

// changed records an edit of a buffer (or a file on disk) and wakes the worker. A migration's
// buffer is an input of every open Go package too: their queries are checked against the
// schema the migrations build, unsaved buffers included.
func (s *server) changed(path string) {
	s.changedBuffer(path, false)
}

// edited records a didChange: the user is typing, so the worker waits for the debounce delay
// before analysing.
func (s *server) edited(path string) {
	s.changedBuffer(path, true)
}

func (s *server) changedBuffer(path string, typing bool) {
	s.mu.Lock()
	s.typing = s.typing || typing
	switch {
	case strings.HasSuffix(path, ".go"):
		s.pending[filepath.Dir(path)] = true
	case strings.HasSuffix(path, ".sql") && s.inMigrations(path):
		s.pendingSQL = true
		s.pendingAllOpen()
	}
	s.mu.Unlock()
	s.kick()
}

// saved records a change on disk: configuration, go.mod and saved migrations re-analyse every
// open package, since the schema and the settings are inputs of all of them.
func (s *server) saved(path string) {
	base := filepath.Base(path)
	s.mu.Lock()
	s.typing = false // a save ends the edit: analyse it now
	switch {
	case slices.Contains(config.FileNames, base) || base == "go.mod" || base == "go.sum":
		s.reconfig = true
	case strings.HasSuffix(path, ".sql") && s.inMigrations(path):
		s.pendingSQL = true
		s.pendingAllOpen()
	case strings.HasSuffix(path, ".go"):
		s.pending[filepath.Dir(path)] = true
	}
	s.mu.Unlock()
	s.kick()
}

func (s *server) pendingAllOpen() {
	for p := range s.docs {
		if strings.HasSuffix(p, ".go") {
			s.pending[filepath.Dir(p)] = true
		}
	}
}

func (s *server) inMigrations(path string) bool {
	if s.settings == nil {
		return true // not configured yet: the worker decides after loading the settings
	}
	return under(path, s.settings.Migrations)
}

func (s *server) kick() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// worker analyses whatever is pending, one run at a time, after the debounce delay.
func (s *server) worker() {
	for {
		select {
		case <-s.stop:
			return
		case <-s.wake:
		}
		// Debounce: while the user types (didChange), wait until no change has come for the
		// delay. Opening, saving or closing a file, and changes on disk, are analysed at once
		// (after a moment that gathers a burst of them, as when an editor opens a session).
		t := time.NewTimer(s.delay())
	wait:
		for {
			select {
			case <-s.stop:
				t.Stop()
				return
			case <-s.wake:
				t.Reset(s.delay())
			case <-t.C:
				break wait
			}
		}
		s.mu.Lock()
		s.typing = false
		s.mu.Unlock()
		s.runOnce()
	}
}

// burst is how long the worker waits after an open, a save or a change on disk for the next
// such event, so that a burst of them is analysed in one run.
const burst = 15 * time.Millisecond

// delay is how long the worker waits before the next run: the debounce delay while the user
// types, else a burst.
func (s *server) delay() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.typing {
		return s.opts.Debounce
	}
	return min(burst, s.opts.Debounce)
}

func (s *server) runOnce() {
	defer func() {
		if r := recover(); r != nil {
			s.message(1, fmt.Sprintf("tenantvet: internal error: %v (set TENANTVET_DEBUG=1 for a stack in the log)", r))
			if driver.DebugEnabled() {
				s.logf(1, "%s", debug.Stack())
			}
		}
	}()
	s.mu.Lock()
	if s.root == "" || s.shutdown {
		s.mu.Unlock()
		return
	}
	reconfig := s.reconfig
	s.reconfig = false
	s.mu.Unlock()
	if reconfig {
		s.configure()
		s.mu.Lock()
		s.pendingSQL = true
		s.pendingAllOpen()
		for p := range s.files {
			if strings.HasSuffix(p, ".go") {
				s.pending[filepath.Dir(p)] = true
			}
		}
		s.mu.Unlock()
	}
	s.mu.Lock()
	if s.configErr != "" {
		s.mu.Unlock()
		return
	}
	dirs := s.pending
	s.pending = map[string]bool{}
	sql := s.pendingSQL
	s.pendingSQL = false
	if len(dirs) > 0 {
		// The open packages above an edited one may change too: analyse them with it (the
		// cache answers those whose inputs did not change).
		s.pendingAllOpen()
		for d := range s.pending {
			dirs[d] = true
		}
		s.pending = map[string]bool{}
	}
	s.mu.Unlock()
	if sql {
		s.checkSQL()
	}
	if len(dirs) > 0 {
		s.analyseGo(dirs)
	}
}

// configure loads .tenantvet.yaml (found from the workspace root) and the client's settings
// and sets them on the analyzers, after restoring every flag's default.
func (s *server) configure() {
	s.mu.Lock()
	root, initCfg := s.root, s.initCfg
	s.mu.Unlock()
	fail := func(err error) {
		s.mu.Lock()
		s.configErr = err.Error()
		s.mu.Unlock()
		s.message(1, "tenantvet: "+err.Error())
	}
	cfg, err := driver.LoadConfig("", root)
	if err != nil {
		fail(err)
		return
	}
	for a, d := range s.defaults {
		for name, v := range d {
			if err := a.Flags.Set(name, v); err != nil {
				fail(fmt.Errorf("reset %s.%s: %w", a.Name, name, err))
				return
			}
		}
	}
	var explicit map[string]string
	if initCfg != nil {
		explicit = initCfg.Values
	}
	if err := driver.Configure(s.opts.Analyzers, cfg, explicit); err != nil {
		fail(err)
		return
	}
	settings := config.Default()
	if err := config.Merge(cfg, initCfg).ApplySettings(settings); err != nil {
		fail(err)
		return
	}
	if err := settings.Validate(); err != nil {
		fail(err)
		return
	}
	s.mu.Lock()
	s.settings = settings
	s.configErr = ""
	s.mu.Unlock()
	where := "no .tenantvet.yaml"
	if cfg != nil {
		where = cfg.Path
	}
	s.logf(3, "configuration: %s", where)
}

// analyseGo analyses the packages in dirs with the open buffers as overlays and publishes.
// The schema their queries are checked against is the migrations' with the open .sql buffers.
func (s *server) analyseGo(dirs map[string]bool) {
	s.mu.Lock()
	root, settings := s.root, s.settings
	overlay := map[string][]byte{}
	versions := map[string]int{}
	sqlOverlay := map[string][]byte{}
	for p, d := range s.docs {
		switch {
		case strings.HasSuffix(p, ".go"):
			overlay[p] = []byte(d.text)
			versions[p] = d.version
		case strings.HasSuffix(p, ".sql"):
			sqlOverlay[p] = []byte(d.text)
		}
	}
	s.mu.Unlock()
	mapBack := func(p string) string { return p }
	if settings != nil && settings.Schema == "" && len(settings.Migrations) > 0 {
		migs, back, err := s.migrationsView(settings.Migrations, sqlOverlay)
		if err != nil {
			s.message(1, "tenantvet: "+err.Error())
			return
		}
		if !slices.Equal(migs, settings.Migrations) {
			restore, err := s.setMigrations(migs)
			defer restore()
			if err != nil {
				s.message(1, "tenantvet: "+err.Error())
				return
			}
			mapBack = back
		}
	}
	// The memo of loaded schemas is keyed by the settings, not by the migrations' content,
	// which a save may have changed since the last run.
	sqlcheck.ForgetLoaded()
	var patterns []string
	for d := range dirs {
		rel, err := filepath.Rel(root, d)
		if err != nil || strings.HasPrefix(rel, "..") {
			s.logf(2, "%s is outside the workspace %s: not analysed", d, root)
			continue
		}
		if _, err := os.Stat(d); err != nil {
			continue
		}
		patterns = append(patterns, "./"+filepath.ToSlash(rel))
	}
	if len(patterns) == 0 {
		return
	}
	sort.Strings(patterns)
	start := time.Now()
	res, err := driver.Run(driver.Options{
		Dir:       root,
		Patterns:  patterns,
		Tests:     true,
		Analyzers: s.opts.Analyzers,
		Overlay:   overlay,
		Partial:   true,
	})
	if err != nil {
		s.message(1, "tenantvet: "+err.Error())
		return
	}
	s.logf(4, "analysed %s in %v (%d packages from the cache, %d analysed, %d dependencies' facts reused)",
		strings.Join(patterns, " "), time.Since(start).Round(time.Millisecond), res.Stats.RootsReused, res.Stats.RootsChecked, res.Stats.UnitsReused)
	for i := range res.Findings {
		f := &res.Findings[i]
		f.Position.File = mapBack(f.Position.File)
		for j := range f.Related {
			f.Related[j].Position.File = mapBack(f.Related[j].Position.File)
		}
	}
	byFile := groupByFile(root, res.Findings)
	if len(res.Problems) > 0 {
		var msgs []string
		for _, p := range res.Problems {
			msgs = append(msgs, driver.ProblemString(p))
		}
		key := strings.Join(msgs, "\n")
		s.mu.Lock()
		again := key == s.lastProbs
		s.lastProbs = key
		s.mu.Unlock()
		for _, m := range msgs {
			s.logf(2, "%s", m)
		}
		if !again {
			s.message(2, fmt.Sprintf("tenantvet: %s (%d problems; the packages that type-check are still analysed)", msgs[0], len(msgs)))
		}
		// Keep what was shown for files whose package could not be analysed.
		s.publish(byFile, overlay, versions, func(string) bool { return false })
		return
	}
	s.mu.Lock()
	s.lastProbs = ""
	s.mu.Unlock()
	s.publish(byFile, overlay, versions, func(p string) bool { return strings.HasSuffix(p, ".go") && dirs[filepath.Dir(p)] })
}

// publish sends the diagnostics of every file in byFile, and an empty list to each file shown
// before for which clear says so, and the open documents clear covers.
// versions are the document versions the overlay holds: a diagnostic names the version it was
// computed on, so the client can tell it from an older run's.
func (s *server) publish(byFile map[string][]report.Finding, overlay map[string][]byte, versions map[string]int, clear func(string) bool) {
	s.mu.Lock()
	var shown []string
	for p := range s.files {
		shown = append(shown, p)
	}
	for p := range s.docs {
		shown = append(shown, p)
	}
	s.mu.Unlock()
	targets := map[string]bool{}
	for p := range byFile {
		targets[p] = true
	}
	for _, p := range shown {
		if clear(p) {
			targets[p] = true
		}
	}
	s.mu.Lock()
	root := s.root
	s.mu.Unlock()
	paths := make([]string, 0, len(targets))
	for p := range targets {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		content, ok := overlay[p]
		if !ok {
			content, _ = os.ReadFile(p)
		}
		fs := byFile[p]
		st := &fileState{findings: fs, content: content, diags: []Diagnostic{}}
		for _, f := range fs {
			st.diags = append(st.diags, s.diagnostic(root, p, f, content))
		}
		s.mu.Lock()
		if len(fs) == 0 {
			delete(s.files, p)
		} else {
			s.files[p] = st
		}
		s.mu.Unlock()
		var version *int
		if v, ok := versions[p]; ok {
			version = &v
		}
		s.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: pathURI(p), Version: version, Diagnostics: st.diags})
	}
}

// setMigrations points the analyzers' migrations setting at paths for one run; restore puts
// the configured value back.
func (s *server) setMigrations(paths []string) (restore func(), err error) {
	old := map[*flag.Flag]string{}
	restore = func() {
		for f, v := range old {
			f.Value.Set(v)
		}
	}
	for _, a := range s.opts.Analyzers {
		f := a.Flags.Lookup("migrations")
		if f == nil {
			continue
		}
		if _, seen := old[f]; !seen {
			old[f] = f.Value.String()
		}
		if err := f.Value.Set(strings.Join(paths, ",")); err != nil {
			return restore, fmt.Errorf("set %s.migrations: %w", a.Name, err)
		}
	}
	return restore, nil
}

func groupByFile(root string, findings []report.Finding) map[string][]report.Finding {
	out := map[string][]report.Finding{}
	for _, f := range findings {
		if f.Suppressed != nil {
			continue // as in text output: a suppressed finding is not shown
		}
		p := f.Position.File
		if !filepath.IsAbs(p) {
			p = filepath.Join(root, filepath.FromSlash(p))
		}
		out[p] = append(out[p], f)
	}
	return out
}

// content is a file's open buffer, or its content on disk.
func (s *server) content(path string) []byte {
	s.mu.Lock()
	d := s.docs[path]
	s.mu.Unlock()
	if d != nil {
		return []byte(d.text)
	}
	b, _ := os.ReadFile(path)
	return b
}

// diagnostic converts a finding in the file path, whose analysed content is content.
func (s *server) diagnostic(root, path string, f report.Finding, content []byte) Diagnostic {
	lines := lineStarts(content)
	start := position(content, lines, f.Position.Line, f.Position.Column)
	end := wordEnd(content, lines, f.Position.Line, f.Position.Column)
	if f.Position.EndLine > 0 {
		end = position(content, lines, f.Position.EndLine, f.Position.EndColumn)
	}
	d := Diagnostic{
		Range:    Range{Start: start, End: end},
		Severity: severity(f.Severity),
		Code:     f.Rule,
		Source:   "tenantvet",
		Message:  f.Message,
	}
	if r, ok := rules.Lookup(f.Rule); ok {
		d.CodeDescription = &CodeDescription{Href: r.HelpURI()}
	}
	for _, r := range f.Related {
		file := r.Position.File
		if !filepath.IsAbs(file) {
			file = filepath.Join(root, filepath.FromSlash(file))
		}
		src := content
		if file != path {
			src = s.content(file)
		}
		ls := lineStarts(src)
		start := position(src, ls, r.Position.Line, r.Position.Column)
		end := wordEnd(src, ls, r.Position.Line, r.Position.Column)
		if r.Position.EndLine > 0 {
			end = position(src, ls, r.Position.EndLine, r.Position.EndColumn)
		}
		d.RelatedInformation = append(d.RelatedInformation, DiagnosticRelatedInformation{
			Location: Location{URI: pathURI(file), Range: Range{Start: start, End: end}}, Message: r.Message})
	}
	return d
}

func severity(s string) int {
	switch s {
	case "error":
		return 1
	case "warning":
		return 2
	case "note":
		return 3
	}
	return 2
}

func (s *server) notify(method string, params any) {
	conn := s.conn.Load()
	if conn == nil {
		return
	}
	if err := conn.Notify(context.Background(), method, params); err != nil && err != jsonrpc2.ErrClosed {
		fmt.Fprintf(os.Stderr, "tenantvet lsp: %s: %v\n", method, err)
	}
}

// message shows a message to the user (window/showMessage) and logs it.
func (s *server) message(typ int, msg string) {
	s.notify("window/showMessage", ShowMessageParams{Type: typ, Message: msg})
	s.notify("window/logMessage", LogMessageParams{Type: typ, Message: msg})
}

// logf writes to the client's log (window/logMessage): stdout is the protocol's.
func (s *server) logf(typ int, format string, args ...any) {
	s.notify("window/logMessage", LogMessageParams{Type: typ, Message: fmt.Sprintf(format, args...)})
}

// uriPath turns a file URI into a clean absolute path.
func uriPath(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return filepath.Clean(uri)
	}
	return filepath.Clean(filepath.FromSlash(u.Path))
}

// pathURI turns an absolute path into a file URI.
func pathURI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}
