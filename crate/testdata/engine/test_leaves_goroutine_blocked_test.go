package cache

import (
	"sync"
	"testing"
)

// A package-level queue keeps the channel reachable after the test returns,
// so Go's leak profile stays quiet; goleak's VerifyNone still fails the test:
// the worker it started is blocked on the queue when it returns.
var queue = make(chan string)

type Cache struct {
	mu    sync.Mutex
	items map[string]string
}

func (c *Cache) refresher() {
	for key := range queue { // want "leak"
		c.mu.Lock()
		delete(c.items, key)
		c.mu.Unlock()
	}
}

func TestRefresh(t *testing.T) {
	c := &Cache{items: map[string]string{"a": "1"}}
	go c.refresher()
	queue <- "a"
	c.mu.Lock()
	n := len(c.items)
	c.mu.Unlock()
	if n > 1 {
		t.Fatal("not refreshed")
	}
}
