// Package memo is a small memoizer of the kind services write for themselves.
package memo

import "sync"

// Memo remembers the result of load under key.
type Memo[V any] struct {
	mu sync.Mutex
	m  map[string]V
}

func (m *Memo[V]) Get(key string, load func() (V, error)) (V, error) { // want Get:"cache key arg 0"
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.m[key]; ok {
		return v, nil
	}
	v, err := load()
	if err != nil {
		return v, err
	}
	m.m[key] = v
	return v, nil
}

// Len has no key parameter: not a memoizer.
func (m *Memo[V]) Len() int { return len(m.m) }

// Once caches one value for the whole process behind a singleflight-like lock.
func Once(name string, load func() (any, error)) (any, error) { // want Once:"cache key arg 0"
	if v, ok := once.Load("once:" + name); ok {
		return v, nil
	}
	v, err := load()
	if err == nil {
		once.Store("once:"+name, v)
	}
	return v, err
}

var once sync.Map

// Metrics records values by unit and hands nothing back: a setter, not a memoizer (the shape of
// testing.B.ReportMetric).
type Metrics struct {
	extra map[string]float64
}

func (m *Metrics) Report(v float64, unit string) {
	m.extra[unit] = v
}
