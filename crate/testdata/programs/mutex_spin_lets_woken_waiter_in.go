// leakscope: deterministic
//
// main unlocks a mutex a goroutine is queued on, then polls a flag under
// that mutex in a loop. Go lets main take the mutex again ahead of the woken
// goroutine, but not forever: once the waiter has waited long enough the
// mutex starves and hands itself to it, so the flag is set and the loop
// ends.
package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	var mu sync.Mutex
	done := false
	started, finished := make(chan bool), make(chan bool)
	mu.Lock()
	go func() {
		started <- true
		mu.Lock()
		done = true
		mu.Unlock()
		finished <- true
	}()
	<-started
	time.Sleep(time.Millisecond)
	mu.Unlock()
	for {
		mu.Lock()
		d := done
		mu.Unlock()
		if d {
			break
		}
	}
	<-finished
	fmt.Println("the waiter got the mutex")
}
