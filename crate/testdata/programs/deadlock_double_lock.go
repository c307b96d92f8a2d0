// leakscope: deterministic
//
// Inc holds the lock and calls Value, which locks the same mutex again.
// sync.Mutex is not reentrant: main blocks on itself.
package main

import (
	"fmt"
	"sync"
)

type Counter struct {
	mu sync.Mutex
	n  int
}

func (c *Counter) Value() int {
	c.mu.Lock() // want "deadlock"
	defer c.mu.Unlock()
	return c.n
}

func (c *Counter) Inc() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	return c.Value()
}

func main() {
	c := &Counter{}
	fmt.Println("starting")
	fmt.Println(c.Inc())
}
