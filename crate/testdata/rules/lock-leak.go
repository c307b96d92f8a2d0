package main

import (
	"fmt"
	"sync"
	"time"
)

type Counter struct {
	mu sync.Mutex
	n  map[string]int
}

// Inc returns early without unlocking when the key is empty.
func (c *Counter) Inc(key string) {
	c.mu.Lock() // want "lock-leak"
	if key == "" {
		return
	}
	c.n[key]++
	c.mu.Unlock()
}

func main() {
	c := &Counter{n: map[string]int{}}
	c.Inc("")
	go c.Inc("a")
	time.Sleep(10 * time.Millisecond)
	fmt.Println("counted", len(c.n))
}
