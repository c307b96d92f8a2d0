package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

type call struct {
	wg  sync.WaitGroup
	val string
}

// Coalescer makes concurrent requests for the same key share one backend
// call, in the style of singleflight.
type Coalescer struct {
	mu       sync.Mutex
	inflight map[string]*call
	backend  atomic.Int32
}

func (c *Coalescer) Do(key string) string {
	c.mu.Lock()
	if cl, ok := c.inflight[key]; ok {
		c.mu.Unlock()
		cl.wg.Wait()
		return cl.val
	}
	cl := &call{}
	cl.wg.Add(1)
	c.inflight[key] = cl
	c.mu.Unlock()

	c.backend.Add(1)
	time.Sleep(2 * time.Millisecond)
	cl.val = "avatar:" + key
	cl.wg.Done()

	c.mu.Lock()
	delete(c.inflight, key)
	c.mu.Unlock()
	return cl.val
}

func main() {
	c := &Coalescer{inflight: map[string]*call{}}
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = c.Do("user-42")
		}()
	}
	wg.Wait()
	fmt.Println("backend calls <= 6:", c.backend.Load() <= 6)
}
