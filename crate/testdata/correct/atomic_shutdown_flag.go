package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Poller goroutines check an atomic flag between polls and exit once it is
// set; Stop sets it and waits.
type Pollers struct {
	stopping atomic.Bool
	polls    atomic.Int64
	wg       sync.WaitGroup
}

func (p *Pollers) Start(n int) {
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for !p.stopping.Load() {
				p.polls.Add(1)
				time.Sleep(time.Millisecond)
			}
		}()
	}
}

func (p *Pollers) Stop() {
	p.stopping.Store(true)
	p.wg.Wait()
}

func main() {
	var p Pollers
	p.Start(3)
	time.Sleep(5 * time.Millisecond)
	p.Stop()
	fmt.Println("polled:", p.polls.Load() > 0)
}
