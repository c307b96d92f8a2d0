package main

import (
	"fmt"
	"time"
)

// collect forgets to make the results channel: its zero value is nil.
func collect(nums []int) int {
	var results chan int
	for _, n := range nums {
		go func() {
			results <- n * n // want "nil-channel"
		}()
	}
	total := 0
	for range nums {
		select {
		case r := <-results:
			total += r
		case <-time.After(10 * time.Millisecond):
		}
	}
	return total
}

func main() {
	fmt.Println(collect([]int{1, 2, 3}))
}
