package main

import (
	"fmt"
	"sync"
)

type Conn struct{ ID int }

// Pool hands out a fixed set of connections through a buffered channel;
// Get blocks until one is returned with Put.
type Pool struct {
	free chan *Conn
}

func NewPool(size int) *Pool {
	p := &Pool{free: make(chan *Conn, size)}
	for i := 0; i < size; i++ {
		p.free <- &Conn{ID: i}
	}
	return p
}

func (p *Pool) Get() *Conn  { return <-p.free }
func (p *Pool) Put(c *Conn) { p.free <- c }

func query(p *Pool, sql string) string {
	c := p.Get()
	defer p.Put(c)
	return fmt.Sprintf("conn-%d ran %q", c.ID, sql)
}

func main() {
	p := NewPool(2)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var ran []string
	for _, q := range []string{"SELECT 1", "SELECT now()", "SELECT * FROM users", "SELECT count(*) FROM orders", "SELECT 2"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			line := query(p, q)
			mu.Lock()
			ran = append(ran, line)
			mu.Unlock()
		}()
	}
	wg.Wait()
	fmt.Println("idle connections:", len(p.free), "queries:", len(ran))
}
