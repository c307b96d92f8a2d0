// leakscope: deterministic
//
// The fix for waitgroup_missing_done_leak.go: `defer wg.Done()` as the
// worker's first statement covers every return.
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
			defer wg.Done()
			if it < 0 {
				return
			}
			mu.Lock()
			sum += it
			mu.Unlock()
		}()
	}

	finished := make(chan struct{})
	go func() {
		wg.Wait()
		close(finished)
	}()
	select {
	case <-finished:
		return fmt.Sprint("sum ", sum)
	case <-time.After(500 * time.Millisecond):
		return "workers did not finish"
	}
}

func main() {
	fmt.Println(process([]int{1, 2, 3}))
	fmt.Println(process([]int{4, -1, 6}))
}
