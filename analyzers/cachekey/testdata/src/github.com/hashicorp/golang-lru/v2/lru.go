// Package lru is a stand-in for github.com/hashicorp/golang-lru/v2 (v2.0.7 signatures).
package lru

type Cache[K comparable, V any] struct{}

func New[K comparable, V any](size int) (*Cache[K, V], error) { return &Cache[K, V]{}, nil }

func (c *Cache[K, V]) Add(key K, value V) (evicted bool)               { return false }
func (c *Cache[K, V]) Get(key K) (value V, ok bool)                    { return value, false }
func (c *Cache[K, V]) Contains(key K) bool                             { return false }
func (c *Cache[K, V]) Peek(key K) (value V, ok bool)                   { return value, false }
func (c *Cache[K, V]) ContainsOrAdd(key K, value V) (ok, evicted bool) { return false, false }
func (c *Cache[K, V]) PeekOrAdd(key K, value V) (previous V, ok, evicted bool) {
	return value, false, false
}
func (c *Cache[K, V]) Remove(key K) (present bool) { return false }
func (c *Cache[K, V]) Purge()                      {}

type TwoQueueCache[K comparable, V any] struct{}

func New2Q[K comparable, V any](size int) (*TwoQueueCache[K, V], error) {
	return &TwoQueueCache[K, V]{}, nil
}

func (c *TwoQueueCache[K, V]) Add(key K, value V)            {}
func (c *TwoQueueCache[K, V]) Get(key K) (value V, ok bool)  { return value, false }
func (c *TwoQueueCache[K, V]) Peek(key K) (value V, ok bool) { return value, false }
