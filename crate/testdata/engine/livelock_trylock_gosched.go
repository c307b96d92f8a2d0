package main

// main waits for a mutex with TryLock and runtime.Gosched while the holder
// is blocked forever: the holder leaks, and main spins at the TryLock.
//
// search: exhaustive

import (
	"runtime"
	"sync"
)

func main() {
	var mu sync.Mutex
	never := make(chan int)
	held := make(chan bool)
	go func() {
		mu.Lock()
		held <- true
		<-never // want "leak"
		mu.Unlock()
	}()
	<-held
	for !mu.TryLock() { // want "livelock"
		runtime.Gosched()
	}
	mu.Unlock()
}
