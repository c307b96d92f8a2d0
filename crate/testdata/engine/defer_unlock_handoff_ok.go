package main

import (
	"fmt"
	"sync"
)

// A deferred Unlock with several waiters: the hand-off is a choice, and the
// deferred call must not be lost while the choice is made.
func main() {
	var mu sync.Mutex
	n := 0
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			n++
		}()
	}
	wg.Wait()
	fmt.Println(n)
}
