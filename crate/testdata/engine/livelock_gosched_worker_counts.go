package main

// A worker polls a stop flag under a mutex, yielding with runtime.Gosched
// and counting its rounds; main waits for the worker's count before it
// would set the flag. Nothing but the worker can run, so the flag is never
// set: the worker spins and main is blocked forever.

import (
	"fmt"
	"runtime"
	"sync"
)

func main() {
	var mu sync.Mutex
	stop := false
	rounds := make(chan int)
	go func() {
		n := 0
		for {
			mu.Lock()
			s := stop
			mu.Unlock()
			if s {
				break
			}
			n++
			runtime.Gosched() // want "livelock"
		}
		rounds <- n
	}()
	fmt.Println(<-rounds) // want "deadlock"
	mu.Lock()
	stop = true
	mu.Unlock()
}
