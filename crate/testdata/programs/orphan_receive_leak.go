// leakscope: deterministic
//
// A cache starts a janitor goroutine that waits for a stop signal. The cache
// is dropped without Stop ever being called: the janitor waits forever on a
// channel nobody will send to or close.
package main

import (
	"fmt"
)

type Cache struct {
	items map[string]string
	stop  chan struct{}
}

func NewCache() *Cache {
	c := &Cache{items: make(map[string]string), stop: make(chan struct{})}
	go c.janitor()
	return c
}

func (c *Cache) janitor() {
	<-c.stop // want "orphan-receive"
	fmt.Println("janitor stopped")
}

func (c *Cache) Stop() { close(c.stop) }

func (c *Cache) Set(k, v string) { c.items[k] = v }

func lookupAll(keys []string) int {
	c := NewCache()
	for _, k := range keys {
		c.Set(k, k+"!")
	}
	return len(c.items)
}

func main() {
	fmt.Println("cached", lookupAll([]string{"a", "b", "a"}), "keys")
}
