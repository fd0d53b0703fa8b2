package driver

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// memoryGovernor keeps the garbage collector from letting the heap double before it runs. Most
// of what the driver allocates (a package's syntax, type information and SSA form) is garbage
// once the package is done, while what lives on (types and facts) grows slowly, so the default
// GOGC=100 lets the heap reach twice the live data for nothing. A soft memory limit makes the
// collector run earlier instead; the limit rises with the live data so that a program whose
// types outgrow it does not make the collector run constantly. A user's GOGC or GOMEMLIMIT
// wins: then the governor does nothing.
type memoryGovernor struct {
	on     bool
	limit  int64
	sample []metrics.Sample
}

const (
	minMemoryLimit = 128 << 20
	liveHeadroom   = 3 // limit at least live * liveHeadroom / 2
)

func newMemoryGovernor() *memoryGovernor {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return &memoryGovernor{}
	}
	g := &memoryGovernor{on: true, limit: minMemoryLimit, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	debug.SetMemoryLimit(g.limit)
	return g
}

// check raises the limit when the live heap comes within two thirds of it. It is called with
// the scheduler's mutex held, after each package.
func (g *memoryGovernor) check() {
	if !g.on {
		return
	}
	metrics.Read(g.sample)
	if g.sample[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	live := int64(g.sample[0].Value.Uint64())
	if want := live * liveHeadroom / 2; want > g.limit {
		g.limit = want
		debug.SetMemoryLimit(g.limit)
	}
}

// release removes the limit once the analysis is over.
func (g *memoryGovernor) release() {
	if g.on {
		debug.SetMemoryLimit(math.MaxInt64)
	}
}

// Under go vet a process analyses one package and exits. Most of what it allocates (syntax,
// type information, SSA) stays reachable until it exits, and the heap of a typical package
// stays well under a few tens of MiB, so collecting it is wasted work: with the default
// GOGC=100 the collector took about 14% of the processes' CPU on the bench module. The
// collector is therefore off below vetMemoryLimit, a soft memory limit, and the limit rises
// after each collection to twice the live heap, so a package bigger than the limit does not
// make the collector run constantly. A user's GOGC or GOMEMLIMIT wins.
const vetMemoryLimit = 64 << 20

func TuneGCForOnePackage() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(vetMemoryLimit)
	w := &gcWatch{limit: vetMemoryLimit, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	w.arm()
}

// gcWatch raises the memory limit after a collection that leaves the live heap above half of it.
type gcWatch struct {
	limit  int64
	sample []metrics.Sample
}

// gcSentinel becomes garbage at once; its cleanup runs after the next collection. It holds a
// pointer so that it is never placed in a tiny-allocator block, whose cleanups may not run.
type gcSentinel struct{ _ *int }

func (w *gcWatch) arm() {
	runtime.AddCleanup(new(gcSentinel), func(w *gcWatch) { w.collected() }, w)
}

func (w *gcWatch) collected() {
	metrics.Read(w.sample)
	if w.sample[0].Value.Kind() == metrics.KindUint64 {
		if want := 2 * int64(w.sample[0].Value.Uint64()); want > w.limit {
			w.limit = want
			debug.SetMemoryLimit(want)
		}
	}
	w.arm()
}
