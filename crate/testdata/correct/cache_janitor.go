package main

import (
	"fmt"
	"sync"
	"time"
)

type item struct {
	value   string
	expires time.Time
}

// TTLCache evicts expired entries from a janitor goroutine; Close stops the
// janitor's ticker and waits for it.
type TTLCache struct {
	mu    sync.Mutex
	items map[string]item
	stop  chan struct{}
	wg    sync.WaitGroup
}

func NewTTLCache(sweep time.Duration) *TTLCache {
	c := &TTLCache{items: map[string]item{}, stop: make(chan struct{})}
	c.wg.Add(1)
	go c.janitor(sweep)
	return c
}

func (c *TTLCache) janitor(sweep time.Duration) {
	defer c.wg.Done()
	t := time.NewTicker(sweep)
	defer t.Stop()
	for {
		select {
		case now := <-t.C:
			c.mu.Lock()
			for k, it := range c.items {
				if now.After(it.expires) {
					delete(c.items, k)
				}
			}
			c.mu.Unlock()
		case <-c.stop:
			return
		}
	}
}

func (c *TTLCache) Set(k, v string, ttl time.Duration) {
	c.mu.Lock()
	c.items[k] = item{v, time.Now().Add(ttl)}
	c.mu.Unlock()
}

func (c *TTLCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}

func (c *TTLCache) Close() {
	close(c.stop)
	c.wg.Wait()
}

func main() {
	c := NewTTLCache(2 * time.Millisecond)
	c.Set("session:1", "ana", time.Millisecond)
	c.Set("session:2", "ben", time.Hour)
	time.Sleep(10 * time.Millisecond)
	fmt.Println(c.Len(), "live entries")
	c.Close()
}
