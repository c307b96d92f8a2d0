// leakscope: deterministic
//
// main ranges over results that the workers fill but nobody closes: after the
// last value, main and nothing else is left, and Go reports the deadlock.
package main

import (
	"fmt"
	"sync"
)

func main() {
	results := make(chan int)
	var wg sync.WaitGroup
	for i := 1; i <= 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- i * 10
		}()
	}
	sum := 0
	for r := range results { // want "deadlock"
		sum += r
	}
	wg.Wait()
	fmt.Println("sum", sum)
}
