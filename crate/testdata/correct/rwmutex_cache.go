package main

import (
	"fmt"
	"strings"
	"sync"
)

// Cache serves many concurrent readers and takes the write lock only to fill
// a miss.
type Cache struct {
	mu    sync.RWMutex
	items map[string]string
	loads int
}

func NewCache() *Cache {
	return &Cache{items: map[string]string{}}
}

func (c *Cache) Get(key string) string {
	c.mu.RLock()
	v, ok := c.items[key]
	c.mu.RUnlock()
	if ok {
		return v
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.items[key]; ok {
		return v
	}
	v = strings.ToUpper(key)
	c.items[key] = v
	c.loads++
	return v
}

func main() {
	c := NewCache()
	keys := []string{"eu", "us", "eu", "ap", "us", "eu"}
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = c.Get(k)
		}()
	}
	wg.Wait()
	fmt.Println(c.loads, "loads for", len(keys), "reads")
}
