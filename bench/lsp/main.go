// Command lsp measures `tenantvet lsp` on the bench module (bench/gen) as an editor drives it,
// next to the standalone command on the same packages:
//
//   - first diagnostics after opening a leaf file, from an empty cache, against a cold
//     `tenantvet ./<leaf package>`;
//   - diagnostics after saving an edit of the leaf file (an exported function added), p50 and
//     max of -saves runs, warm;
//   - diagnostics after saving the same edit of the widely imported base package
//     (internal/platform/ids), against the warm standalone re-run `tenantvet ./...` after it;
//   - the server's live heap (after a collection) every 100 of -cycles didChange cycles on one
//     file, waiting for the diagnostics after every -waitevery-th (the edits in between are
//     coalesced by the server's debounce, as when typing).
//
// Usage (after bench/run.sh has generated bench/out/mod, or with any bench/gen module):
//
//	go build -o /tmp/tv ./cmd/tenantvet && go run ./bench/lsp -tenantvet /tmp/tv -mod bench/out/mod
//
// It prints one line per measurement. Nothing is asserted: this is a benchmark, not a test.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sourcegraph/jsonrpc2"
)

func main() {
	tv := flag.String("tenantvet", "", "the tenantvet binary")
	mod := flag.String("mod", "bench/out/mod", "the generated bench module")
	saves := flag.Int("saves", 10, "leaf saves to measure")
	cycles := flag.Int("cycles", 500, "didChange cycles for the heap measurement")
	heapOnly := flag.Bool("heaponly", false, "measure only the heap over didChange cycles")
	waitEvery := flag.Int("waitevery", 1, "wait for the diagnostics after every N-th didChange cycle (1: after each)")
	flag.Parse()
	if *tv == "" {
		fail(fmt.Errorf("-tenantvet is required"))
	}
	root, err := filepath.Abs(*mod)
	if err != nil {
		fail(err)
	}
	manifest, err := os.ReadFile(filepath.Join(root, "BENCH_MANIFEST"))
	if err != nil {
		fail(err)
	}
	leaf := filepath.Join(root, manifestValue(string(manifest), "edit.leaf"))
	base := filepath.Join(root, manifestValue(string(manifest), "edit.base"))
	work, err := os.MkdirTemp("", "tenantvet-bench-lsp")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(work)
	leafPkg := "./" + filepath.ToSlash(mustRel(root, filepath.Dir(leaf)))

	if *heapOnly {
		c := start(*tv, root, filepath.Join(work, "lsp"))
		defer c.stop()
		c.open(leaf)
		c.wait(leaf, 1)
		orig, _ := os.ReadFile(leaf)
		heap(c, orig, leaf, *cycles, *waitEvery)
		return
	}
	// Cold standalone for the leaf package.
	coldCache := filepath.Join(work, "cold")
	d := timeCmd(root, coldCache, *tv, leafPkg)
	fmt.Printf("standalone tenantvet %s (cold cache): %v\n", leafPkg, d)

	// The server, from an empty cache.
	cache := filepath.Join(work, "lsp")
	c := start(*tv, root, cache)
	defer c.stop()
	t0 := time.Now()
	c.open(leaf)
	c.wait(leaf, 1)
	fmt.Printf("lsp: first diagnostics after opening %s (cold cache): %v\n", mustRel(root, leaf), time.Since(t0).Round(time.Millisecond))

	orig, _ := os.ReadFile(leaf)
	var times []time.Duration
	for i := range *saves {
		text := string(orig) + fmt.Sprintf("\nfunc BenchLeafEdit%d() {}\n", i)
		times = append(times, c.saveEdit(leaf, text))
	}
	os.WriteFile(leaf, orig, 0o644)
	c.saveEdit(leaf, string(orig))
	slices.Sort(times)
	fmt.Printf("lsp: diagnostics after a leaf save (warm): p50 %v, max %v over %d saves\n", times[len(times)/2], times[len(times)-1], len(times))

	// The widely imported package: the server re-analyses it and the open package above it.
	baseOrig, _ := os.ReadFile(base)
	c.open(base)
	c.wait(base, 1)
	edited := string(baseOrig) + "\nfunc BenchBaseEdit() {}\n"
	fmt.Printf("lsp: diagnostics after saving an edit of %s (warm): %v\n", mustRel(root, base), c.saveEdit(base, edited))
	// The standalone warm re-run after the same edit (its cache warmed on the original tree).
	os.WriteFile(base, baseOrig, 0o644)
	timeCmd(root, coldCache, *tv, "./...")
	os.WriteFile(base, []byte(edited), 0o644)
	fmt.Printf("standalone tenantvet ./... (warm, after the same edit): %v\n", timeCmd(root, coldCache, *tv, "./..."))
	os.WriteFile(base, baseOrig, 0o644)
	c.saveEdit(base, string(baseOrig))

	heap(c, orig, leaf, *cycles, *waitEvery)
}

// heap runs didChange cycles on path, printing the server's live heap every 100.
func heap(c *client, orig []byte, path string, cycles, waitEvery int) {
	for i := 0; i <= cycles; i++ {
		if i%100 == 0 {
			var h struct{ HeapAlloc, HeapObjects uint64 }
			c.call("tenantvet/heap", nil, &h)
			fmt.Printf("lsp: live heap after %d didChange cycles: %.1f MiB (%d objects)\n", i, float64(h.HeapAlloc)/(1<<20), h.HeapObjects)
		}
		if i == cycles {
			break
		}
		// Every buffer differs (a new comment), so no result comes from the cache: each wait
		// sees a real analysis of the package.
		c.change(path, string(orig)+fmt.Sprintf("\n// edit %d\n", i))
		if (i+1)%waitEvery == 0 {
			c.wait(path, c.version)
		}
	}
	c.call("shutdown", nil, nil)
	c.conn.Notify(context.Background(), "exit", nil)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench/lsp:", err)
	os.Exit(2)
}

func manifestValue(m, key string) string {
	for _, l := range strings.Split(m, "\n") {
		if v, ok := strings.CutPrefix(l, key+"="); ok {
			return v
		}
	}
	fail(fmt.Errorf("BENCH_MANIFEST has no %s", key))
	return ""
}

func mustRel(root, p string) string {
	r, err := filepath.Rel(root, p)
	if err != nil {
		fail(err)
	}
	return r
}

func timeCmd(dir, cache, name string, args ...string) time.Duration {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TENANTVET_CACHE="+cache)
	t0 := time.Now()
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
			fail(fmt.Errorf("%s %v: %v", name, args, err))
		}
	}
	return time.Since(t0).Round(time.Millisecond)
}

type client struct {
	conn    *jsonrpc2.Conn
	cmd     *exec.Cmd
	mu      sync.Mutex
	got     map[string]int // latest published version by URI
	update  chan struct{}
	version int
}

func start(tv, root, cache string) *client {
	cmd := exec.Command(tv, "lsp")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "TENANTVET_CACHE="+cache)
	cmd.Stderr = os.Stderr
	in, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		fail(err)
	}
	c := &client{cmd: cmd, got: map[string]int{}, update: make(chan struct{}, 1)}
	c.conn = jsonrpc2.NewConn(context.Background(), jsonrpc2.NewBufferedStream(rw{out, in}, jsonrpc2.VSCodeObjectCodec{}), c)
	c.call("initialize", map[string]any{"processId": os.Getpid(), "rootUri": uri(root), "capabilities": map[string]any{}}, nil)
	c.conn.Notify(context.Background(), "initialized", map[string]any{})
	return c
}

func (c *client) stop() {
	c.conn.Close()
	c.cmd.Process.Kill()
	c.cmd.Wait()
}

func (c *client) Handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	if req.Method == "textDocument/publishDiagnostics" {
		var p struct {
			URI     string `json:"uri"`
			Version *int   `json:"version"`
		}
		json.Unmarshal(*req.Params, &p)
		if p.Version != nil {
			c.mu.Lock()
			c.got[p.URI] = *p.Version
			c.mu.Unlock()
			select {
			case c.update <- struct{}{}:
			default:
			}
		}
	}
	if !req.Notif {
		conn.Reply(ctx, req.ID, nil)
	}
}

func (c *client) call(method string, params, result any) {
	if err := c.conn.Call(context.Background(), method, params, result); err != nil {
		fail(fmt.Errorf("%s: %w", method, err))
	}
}

func (c *client) open(path string) {
	text, err := os.ReadFile(path)
	if err != nil {
		fail(err)
	}
	c.version++
	c.conn.Notify(context.Background(), "textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri(path), "languageId": "go", "version": c.version, "text": string(text)}})
}

func (c *client) change(path, text string) {
	c.version++
	c.conn.Notify(context.Background(), "textDocument/didChange", map[string]any{
		"textDocument": map[string]any{"uri": uri(path), "version": c.version}, "contentChanges": []map[string]any{{"text": text}}})
}

// saveEdit changes the buffer, writes it and saves, and returns the time from the save to the
// diagnostics of that version.
func (c *client) saveEdit(path, text string) time.Duration {
	c.change(path, text)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		fail(err)
	}
	t0 := time.Now()
	c.conn.Notify(context.Background(), "textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": uri(path)}, "text": text})
	c.wait(path, c.version)
	return time.Since(t0).Round(time.Millisecond)
}

// wait waits for diagnostics of path at version v or later.
func (c *client) wait(path string, v int) {
	deadline := time.After(10 * time.Minute)
	for {
		c.mu.Lock()
		got, ok := c.got[uri(path)]
		c.mu.Unlock()
		if ok && got >= v {
			return
		}
		select {
		case <-c.update:
		case <-time.After(100 * time.Millisecond):
		case <-deadline:
			fail(fmt.Errorf("no diagnostics for %s version %d", path, v))
		}
	}
}

func uri(p string) string { return (&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String() }

type rw struct {
	r interface{ Read([]byte) (int, error) }
	w interface {
		Write([]byte) (int, error)
		Close() error
	}
}

func (p rw) Read(b []byte) (int, error)  { return p.r.Read(b) }
func (p rw) Write(b []byte) (int, error) { return p.w.Write(b) }
func (p rw) Close() error                { return p.w.Close() }
