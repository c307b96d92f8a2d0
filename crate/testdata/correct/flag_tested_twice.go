package cache

import "sync"

// One unknown, one value: `fresh` is tested twice, and a run that locked
// under `if fresh` never also takes `if !fresh`, so the lock is never taken
// twice. The same for `n`: exactly one of `n >= 10` and `n < 10` holds, so
// `done` is closed once.

type Cache struct {
	mu   sync.Mutex
	m    map[string]int
	hits int
}

func (c *Cache) Get(key string, fresh bool) int {
	if fresh {
		c.mu.Lock()
		defer c.mu.Unlock()
	}
	v := c.m[key]
	if !fresh {
		c.mu.Lock()
		c.hits++
		c.mu.Unlock()
	}
	return v
}

func flush() {}

func finish(n int) {
	done := make(chan struct{})
	go func() { <-done }()
	if n >= 10 {
		close(done) // a large batch is signalled before the flush
	}
	flush()
	if n < 10 {
		close(done)
	}
}

func Classify(n int) string {
	if n > 5 {
		if n < 3 {
			panic("impossible")
		}
		return "large"
	}
	return "small"
}
