package main

import "sync"

type Cache struct {
	mu   sync.Mutex
	data map[string]int
}

func (c *Cache) Len() int {
	c.mu.Lock() // want "deadlock"
	defer c.mu.Unlock()
	return len(c.data)
}

func (c *Cache) Put(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.Len() > 10 {
		return
	}
	c.data[k] = v
}

func main() {
	c := &Cache{data: map[string]int{}}
	c.Put("a", 1)
}
