// leakscope: deterministic
//
// Which goroutine takes a mutex after Unlock is the scheduler's choice, not
// a hand-off: the second goroutine starts once the first holds the mutex,
// the first sleeps holding it (the second is surely queued on it by then),
// unlocks and locks again at once. Go's Mutex
// lets the unlocker barge in ahead of the woken waiter, so it holds the
// mutex again and waits forever on never; the second never gets the mutex
// and main never gets closec. leakscope's default schedule does the same
// (Unlock wakes the waiter, and the unlocker runs on and locks again first);
// its search explores both orders.
package main

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
