// leakscope: deterministic
//
// Duplicate suppression (like singleflight): concurrent requests for the
// same key wait for one in-flight call and share its result.
package main

import (
	"fmt"
	"sync"
	"time"
)

type call struct {
	wg  sync.WaitGroup
	val string
}

type Group struct {
	mu    sync.Mutex
	calls map[string]*call
	execs int
}

func (g *Group) Do(key string, fn func() string) string {
	g.mu.Lock()
	if c, ok := g.calls[key]; ok {
		g.mu.Unlock()
		c.wg.Wait()
		return c.val
	}
	c := new(call)
	c.wg.Add(1)
	g.calls[key] = c
	g.execs++
	g.mu.Unlock()

	c.val = fn()
	c.wg.Done()

	g.mu.Lock()
	delete(g.calls, key)
	g.mu.Unlock()
	return c.val
}

func main() {
	g := &Group{calls: map[string]*call{}}
	start := make(chan struct{})
	var wg sync.WaitGroup
	results := make([]string, 5)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			results[i] = g.Do("user:1", func() string {
				time.Sleep(10 * time.Millisecond)
				return "ada"
			})
		}()
	}
	close(start)
	wg.Wait()
	fmt.Println(results, "executions <= 5:", g.execs <= 5, "in flight:", len(g.calls))
}
