// leakscope: deterministic
//
// A worker returns early on a bad input without calling Done. The goroutine
// waiting for all workers never wakes up; main stops waiting after a timeout.
package main

import (
	"fmt"
	"sync"
	"time"
)

func process(items []int) string {
	var wg sync.WaitGroup
	var mu sync.Mutex
	sum := 0
	for _, it := range items {
		wg.Add(1)
		go func() {
			if it < 0 {
				return // forgot wg.Done()
			}
			mu.Lock()
			sum += it
			mu.Unlock()
			wg.Done()
		}()
	}

	finished := make(chan struct{})
	go func() {
		wg.Wait() // want "waitgroup-misuse"
		close(finished)
	}()
	select {
	case <-finished:
		return fmt.Sprint("sum ", sum)
	case <-time.After(50 * time.Millisecond):
		return "workers did not finish"
	}
}

func main() {
	fmt.Println(process([]int{1, 2, 3}))
	fmt.Println(process([]int{4, -1, 6}))
}
