// leakscope: deterministic
//
// A read-mostly cache guarded by an RWMutex: readers share the lock, the
// loader takes it exclusively. Correct.
package main

import (
	"fmt"
	"sync"
)

type Cache struct {
	mu    sync.RWMutex
	data  map[string]string
	loads int
}

func (c *Cache) Get(key string) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.data[key]
	return v, ok
}

func (c *Cache) GetOrLoad(key string, load func(string) string) string {
	if v, ok := c.Get(key); ok {
		return v
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.data[key]; ok {
		return v
	}
	c.loads++
	v := load(key)
	c.data[key] = v
	return v
}

func main() {
	c := &Cache{data: make(map[string]string)}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.GetOrLoad(fmt.Sprintf("k%d", i%3), func(k string) string { return "value of " + k })
		}()
	}
	wg.Wait()
	v, _ := c.Get("k2")
	fmt.Println(v, "| loads:", c.loads)
}
