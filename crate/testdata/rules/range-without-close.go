package main

import (
	"fmt"
	"sync"
)

// sum hands numbers to a consumer that ranges over the channel; nobody closes it.
func sum(nums []int) int {
	ch := make(chan int)
	var mu sync.Mutex
	total := 0
	go func() {
		for n := range ch { // want "range-without-close"
			mu.Lock()
			total += n
			mu.Unlock()
		}
	}()
	for _, n := range nums {
		ch <- n
	}
	mu.Lock()
	defer mu.Unlock()
	return total
}

func main() {
	sum([]int{1, 2, 3})
	fmt.Println("done")
}
