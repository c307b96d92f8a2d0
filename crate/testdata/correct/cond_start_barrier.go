package main

import (
	"fmt"
	"sync"
)

// Race holds runners at the start line until the starter broadcasts.
type Race struct {
	mu      sync.Mutex
	cond    *sync.Cond
	started bool
	ready   int
}

func NewRace() *Race {
	r := &Race{}
	r.cond = sync.NewCond(&r.mu)
	return r
}

func (r *Race) waitForStart() {
	r.mu.Lock()
	r.ready++
	r.cond.Broadcast()
	for !r.started {
		r.cond.Wait()
	}
	r.mu.Unlock()
}

func (r *Race) start(runners int) {
	r.mu.Lock()
	for r.ready < runners {
		r.cond.Wait()
	}
	r.started = true
	r.mu.Unlock()
	r.cond.Broadcast()
}

func main() {
	r := NewRace()
	finish := make(chan string, 3)
	var wg sync.WaitGroup
	for _, name := range []string{"gopher", "ferris", "duke"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.waitForStart()
			finish <- name
		}()
	}
	r.start(3)
	wg.Wait()
	close(finish)
	n := 0
	for range finish {
		n++
	}
	fmt.Println(n, "runners finished")
}
