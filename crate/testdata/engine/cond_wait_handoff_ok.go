package main

import (
	"fmt"
	"sync"
)

// Cond.Wait unlocks a mutex other goroutines wait for: which of them gets it
// is a choice, and the Wait must still unlock and enqueue once.
func main() {
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	items := 0
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			for items == 0 {
				cond.Wait()
			}
			items--
			mu.Unlock()
		}()
	}
	for i := 0; i < 3; i++ {
		mu.Lock()
		items++
		cond.Signal()
		mu.Unlock()
	}
	wg.Wait()
	fmt.Println(items)
}
