package main

// The first goroutine unlocks and locks again before the waiting one takes
// the mutex (Go's Mutex does not hand itself to a waiter), then blocks forever
// holding it: every goroutine ends up blocked.

import "sync"

func main() {
	var mu sync.Mutex
	flag := true
	closec, never := make(chan struct{}), make(chan int)
	go func() {
		mu.Lock()
		mu.Unlock()
		mu.Lock()
		if flag {
			<-never
		}
		mu.Unlock()
	}()
	go func() {
		defer close(closec)
		mu.Lock()
		flag = false
		mu.Unlock()
	}()
	<-closec // want "deadlock"
}
