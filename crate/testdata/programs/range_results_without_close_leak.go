// leakscope: deterministic
//
// Workers send their results to a collector goroutine that ranges over the
// results channel. main waits for the workers but forgets to close results:
// the collector never leaves its loop, and main gives up waiting for the total.
package main

import (
	"fmt"
	"sync"
	"time"
)

func square(n int) int { return n * n }

func main() {
	results := make(chan int)
	totals := make(chan int, 1)
	go func() {
		total := 0
		for r := range results { // want "range-without-close"
			total += r
		}
		totals <- total
	}()

	var wg sync.WaitGroup
	for i := 1; i <= 4; i++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			results <- square(n)
		}(i)
	}
	wg.Wait()

	select {
	case t := <-totals:
		fmt.Println("total", t)
	case <-time.After(20 * time.Millisecond):
		fmt.Println("collector never finished")
	}
}
