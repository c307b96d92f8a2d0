// leakscope: deterministic
//
// The fix for range_results_without_close_leak.go: a goroutine closes
// results once every worker is done, so the consumer's range ends.
package main

import (
	"fmt"
	"sync"
)

func square(n int) int { return n * n }

func sumSquares(nums []int) int {
	results := make(chan int)
	var wg sync.WaitGroup
	for _, n := range nums {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- square(n)
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	total := 0
	for r := range results {
		total += r
	}
	return total
}

func main() {
	fmt.Println("sum of squares:", sumSquares([]int{1, 2, 3, 4}))
	fmt.Println("sum of squares:", sumSquares(nil))
}
