// leakscope: deterministic
//
// A hit counter with the mutex embedded in the struct: Lock and Unlock are
// promoted methods. Many goroutines increment concurrently.
package main

import (
	"fmt"
	"sync"
)

type HitCounter struct {
	sync.Mutex
	hits map[string]int
}

func (c *HitCounter) Hit(page string) {
	c.Lock()
	defer c.Unlock()
	c.hits[page]++
}

func (c *HitCounter) Get(page string) int {
	c.Lock()
	defer c.Unlock()
	return c.hits[page]
}

func main() {
	c := HitCounter{hits: make(map[string]int)}
	var wg sync.WaitGroup
	pages := []string{"/", "/about", "/", "/blog", "/"}
	for round := 0; round < 20; round++ {
		for _, p := range pages {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c.Hit(p)
			}()
		}
	}
	wg.Wait()
	fmt.Println("/:", c.Get("/"), "/about:", c.Get("/about"), "/blog:", c.Get("/blog"))
}
