package main

import (
	"fmt"
	"sort"
	"sync"
)

var site = map[string][]string{
	"/":           {"/about", "/blog", "/pricing"},
	"/blog":       {"/blog/go-1-27", "/blog/leaks", "/"},
	"/blog/leaks": {"/blog", "/pricing"},
	"/about":      {"/"},
}

// Crawler visits each page once, with at most `parallel` fetches at a time.
type Crawler struct {
	mu      sync.Mutex
	visited map[string]bool
	sem     chan struct{}
	wg      sync.WaitGroup
}

func (c *Crawler) visit(url string, depth int) {
	defer c.wg.Done()
	if depth == 0 {
		return
	}
	c.mu.Lock()
	if c.visited[url] {
		c.mu.Unlock()
		return
	}
	c.visited[url] = true
	c.mu.Unlock()

	c.sem <- struct{}{}
	links := site[url]
	<-c.sem

	for _, l := range links {
		c.wg.Add(1)
		go c.visit(l, depth-1)
	}
}

func main() {
	c := &Crawler{visited: map[string]bool{}, sem: make(chan struct{}, 2)}
	c.wg.Add(1)
	go c.visit("/", 3)
	c.wg.Wait()
	var pages []string
	for p := range c.visited {
		pages = append(pages, p)
	}
	sort.Strings(pages)
	fmt.Println(pages)
}
