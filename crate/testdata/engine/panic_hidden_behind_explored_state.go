package main

import "sync"

// Found by the differential test (seed 5187): g3's select can take its send
// case on the channel g2 closed, which panics, but only if that happens
// before main returns. The run where it does was cut at a state explored
// before, and the cut's races never met main's return: the search said
// "exhaustive" and missed the panic.

func main() {
	c0 := make(chan int)
	c1 := make(chan int, 2)
	var mu sync.Mutex
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		c1 <- 1
		close(c0)
	}()
	go func() {
		select { // want "panic"
		case c0 <- 2:
		case <-c0:
		}
		wg.Done()
	}()
	mu.Lock()
}
