package main

// An RWMutex's Unlock does not hand the lock to a writer already waiting:
// Go's writers queue on a plain Mutex, so the goroutine that unlocks (or any
// newcomer) may take it first. The second goroutine starts once the first
// holds the lock, and the first sleeps holding it, so the second is surely
// waiting when it unlocks; it relocks at once and
// then waits forever while holding the lock. The second never gets it, and
// main waits for the second: every goroutine is blocked, as in real Go.
// Only that barging order deadlocks (a hand-off to the waiter does not).
//
// search: exhaustive

import (
	"sync"
	"time"
)

func main() {
	var mu sync.RWMutex
	flag := true
	closec, never := make(chan struct{}), make(chan int)
	locked := make(chan bool)
	go func() {
		mu.Lock()
		locked <- true
		time.Sleep(time.Millisecond)
		mu.Unlock()
		mu.Lock()
		if flag {
			<-never
		}
		mu.Unlock()
	}()
	<-locked
	go func() {
		defer close(closec)
		mu.Lock()
		flag = false
		mu.Unlock()
	}()
	<-closec // want "deadlock"
}
