package main

// `c.L` is the mutex the Cond was made with: locking it through the field is
// locking that mutex, and Wait unlocks and re-locks it.

import (
	"fmt"
	"sync"
)

func main() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	ready := false
	go func() {
		c.L.Lock()
		ready = true
		c.L.Unlock()
		c.Signal()
	}()
	c.L.Lock()
	for !ready {
		c.Wait()
	}
	c.L.Unlock()
	fmt.Println("ok")
}
