package main

// main spins on a flag under a mutex (lock, read, unlock) that only a
// goroutine blocked forever would set. Nothing polls, but every lock and
// unlock leaves the state as it was: a livelock at the loop's first
// operation.
//
// search: exhaustive

import "sync"

func main() {
	var mu sync.Mutex
	ready := false
	never := make(chan int)
	go func() {
		<-never // want "leak"
		mu.Lock()
		ready = true
		mu.Unlock()
	}()
	for {
		mu.Lock() // want "livelock"
		r := ready
		mu.Unlock()
		if r {
			break
		}
	}
}
