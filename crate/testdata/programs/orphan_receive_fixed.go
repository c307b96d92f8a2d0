// leakscope: deterministic
//
// The fix for orphan_receive_leak.go: the function that creates the cache
// stops it with defer, closing the channel the janitor waits on.
package main

import (
	"fmt"
)

type Cache struct {
	items   map[string]string
	stop    chan struct{}
	stopped chan struct{}
}

func NewCache() *Cache {
	c := &Cache{items: make(map[string]string), stop: make(chan struct{}), stopped: make(chan struct{})}
	go c.janitor()
	return c
}

func (c *Cache) janitor() {
	defer close(c.stopped)
	<-c.stop
}

func (c *Cache) Stop() {
	close(c.stop)
	<-c.stopped
	fmt.Println("janitor stopped")
}

func (c *Cache) Set(k, v string) { c.items[k] = v }

func lookupAll(keys []string) int {
	c := NewCache()
	defer c.Stop()
	for _, k := range keys {
		c.Set(k, k+"!")
	}
	return len(c.items)
}

func main() {
	fmt.Println("cached", lookupAll([]string{"a", "b", "a"}), "keys")
}
