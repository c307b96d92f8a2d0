package store

import "sync"

type Cache struct {
	mu    sync.Mutex
	items map[string]int
	quit  chan struct{}
}

func (c *Cache) Set(k string, v int) {
	c.mu.Lock() // want "resource-leak"
	if v < 0 {
		return
	}
	c.items[k] = v
	c.mu.Unlock()
}

func (c *Cache) Stop() {
	close(c.quit)
}
