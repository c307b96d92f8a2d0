package main

// The relock example with the waiter surely waiting: the second
// goroutine starts only once the first holds the mutex, and the first sleeps
// holding it, so the second has queued on it before the Unlock. Go's Mutex does not hand itself to the waiter: the unlocking
// goroutine relocks first and waits forever holding it. Only that barging
// order deadlocks.
//
// search: exhaustive

import (
	"sync"
	"time"
)

func main() {
	var mu sync.Mutex
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
