package cache

import (
	"sync"
	"testing"
	"time"
)

type Cache struct {
	mu    sync.RWMutex
	items map[string][]byte
}

func (c *Cache) Len() int {
	c.mu.RLock() // want "lock-leak"
	defer c.mu.RUnlock()
	return len(c.items)
}

// Stats reads under the read lock and calls Len, which read-locks again. A
// writer queued in between blocks the second RLock, and the writer itself
// waits for the first: neither moves.
func (c *Cache) Stats() (int, int) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	bytes := 0
	for _, v := range c.items {
		bytes += len(v)
	}
	time.Sleep(2 * time.Millisecond)
	return c.Len(), bytes
}

func (c *Cache) Add(k string, v []byte) {
	c.mu.Lock() // want "lock-leak"
	defer c.mu.Unlock()
	c.items[k] = v
}

func TestStatsWhileAdding(t *testing.T) {
	c := &Cache{items: map[string][]byte{"x": []byte("abc")}}
	done := make(chan struct{})
	go func() {
		defer close(done)
		n, b := c.Stats()
		if n != 1 || b != 3 {
			t.Errorf("stats %d %d", n, b)
		}
	}()
	go func() {
		time.Sleep(500 * time.Microsecond)
		c.Add("y", []byte("de"))
	}()
	select {
	case <-done:
	case <-time.After(50 * time.Millisecond):
		t.Log("stats did not finish")
	}
}
